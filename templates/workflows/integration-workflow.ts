import { action } from './pinned-actions.js';
import { RUNNER, cacheTestDownloads, checkout, install, setupNode } from './workflow-steps.js';
import type { Workflow } from './workflow-types.js';

/**
 * `.github/workflows/integration.yml`: the Testcontainers suites (`npm run test:integration`)
 * against real PostgreSQL, Kafka and Redis containers on the runner's Docker engine.
 */
export function renderIntegrationWorkflow(): Workflow {
  return {
    name: 'integration',
    on: { pull_request: {}, push: { branches: ['main'] }, workflow_dispatch: {} },
    permissions: { contents: 'read' },
    concurrency: { group: 'integration-${{ github.ref }}', 'cancel-in-progress': true },
    jobs: {
      integration: {
        'runs-on': RUNNER,
        'timeout-minutes': 45,
        permissions: { contents: 'read' },
        steps: [
          checkout,
          setupNode,
          install,
          cacheTestDownloads,
          { name: 'Build', run: 'npm run build' },
          {
            name: 'Integration suites (Testcontainers)',
            run: 'mkdir -p reports\nnpm run test:integration -- --reporter=default --reporter=junit --outputFile.junit=reports/integration.xml',
          },
          {
            name: 'Upload the integration report',
            if: '${{ !cancelled() }}',
            uses: action('uploadArtifact'),
            with: { name: 'integration-report', path: 'reports/', 'retention-days': 14, 'if-no-files-found': 'warn' },
          },
        ],
      },
    },
  };
}
