import type { javascript } from 'projen';

/** The variable that skips the container suites explicitly (the run then says SKIPPED, never passed). */
export const SKIP_CONTAINER_SUITES_VARIABLE = 'TRADEFORGE_SKIP_CONTAINER_SUITES';

/**
 * `npm run test:integration`: the Testcontainers suites of `test/integration/` (full flow and
 * faults on PostgreSQL, Kafka, Redis and every service in containers). The runner checks for a
 * Docker engine first, so a machine without one gets one message, not a stack trace.
 */
export function addIntegrationTestTask(project: javascript.NodeProject): void {
  project.addTask('test:integration', {
    description:
      `Full-flow and fault suites on real containers (needs Docker; ${SKIP_CONTAINER_SUITES_VARIABLE}=1 skips, saying so): ` +
      'npm run test:integration -- [vitest args]',
    exec: 'tsx test/integration/run-integration.ts',
    receiveArgs: true,
  });
}
