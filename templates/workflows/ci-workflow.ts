import { YamlFile } from 'projen';
import type { Project } from 'projen';
import { VERSIONS } from '../versions.js';

/**
 * `.github/workflows/ci.yml`: install, drift gate (regenerate and fail on any diff), lint,
 * build and test. The full workflow set (integration, load, preview, deploy) is rendered by
 * its own component.
 */
export function addCiWorkflow(project: Project): void {
  new YamlFile(project, '.github/workflows/ci.yml', {
    obj: {
      name: 'ci',
      on: { pull_request: {}, push: { branches: ['main'] } },
      permissions: { contents: 'read' },
      concurrency: { group: 'ci-${{ github.ref }}', 'cancel-in-progress': true },
      jobs: {
        ci: {
          'runs-on': 'ubuntu-latest',
          'timeout-minutes': 30,
          steps: [
            { uses: 'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683' }, // v4.2.2
            {
              uses: 'actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020', // v4.4.0
              with: { 'node-version': VERSIONS.node, cache: 'npm' },
            },
            { name: 'Install', run: 'npm ci' },
            { name: 'Drift gate', run: 'npx projen && git diff --exit-code' },
            { name: 'Lint', run: 'npm run lint' },
            { name: 'Build', run: 'npm run build' },
            { name: 'Test', run: 'npm test' },
          ],
        },
      },
    },
  });
}
