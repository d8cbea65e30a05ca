// npm run test:integration -- [vitest args]
// The container suites need a Docker engine. Without one, say so once (how to start one, how to
// skip) and exit non-zero: never a stack trace, never a silent pass. Skipping is explicit and
// says SKIPPED.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { findDockerEngine, noDockerMessage } from '../../images/check-docker.js';
import { SKIP_CONTAINER_SUITES_VARIABLE } from '../../templates/project/integration-test-task.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

if (/^(1|true|yes)$/i.test(process.env[SKIP_CONTAINER_SUITES_VARIABLE] ?? '')) {
  process.stdout.write(
    `test:integration SKIPPED (${SKIP_CONTAINER_SUITES_VARIABLE} is set): the container suites did not run, nothing was tested.\n`,
  );
  process.exit(0);
}

const engine = await findDockerEngine();
if (!engine.ok) {
  process.stderr.write(
    `${noDockerMessage(engine.problem, {
      purpose: 'npm run test:integration',
      skipHint: `skip the container suites explicitly (reported as SKIPPED): ${SKIP_CONTAINER_SUITES_VARIABLE}=1 npm run test:integration`,
    })}\n` + '(Docker Desktop, Colima or any engine the docker command reaches works as well.)\n',
  );
  process.exit(1);
}

const result = spawnSync(
  'npx',
  ['vitest', 'run', '--config', 'test/integration/vitest.config.ts', ...process.argv.slice(2)],
  {
    cwd: ROOT,
    stdio: 'inherit',
    // Ryuk (Testcontainers' reaper) comes from a registry; the harness stops what it started itself.
    env: { ...process.env, TESTCONTAINERS_RYUK_DISABLED: 'true' },
  },
);
process.exit(result.status ?? 1);
