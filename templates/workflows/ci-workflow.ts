import { action } from './pinned-actions.js';
import { RUNNER, cacheTestDownloads, checkout, install, installTestServices, setupNode } from './workflow-steps.js';
import type { Workflow } from './workflow-types.js';

/**
 * `.github/workflows/ci.yml`, on every pull request and push to main: install, drift gate
 * (regenerate and fail on any difference), lint, build, the test suites with coverage, and the
 * coverage report as an artifact.
 */
export function renderCiWorkflow(): Workflow {
  return {
    name: 'ci',
    on: { pull_request: {}, push: { branches: ['main'] } },
    permissions: { contents: 'read' },
    concurrency: { group: 'ci-${{ github.ref }}', 'cancel-in-progress': true },
    jobs: {
      ci: {
        'runs-on': RUNNER,
        'timeout-minutes': 30,
        permissions: { contents: 'read' },
        steps: [
          checkout,
          setupNode,
          install,
          {
            name: 'Drift gate (generated files match .projenrc.ts)',
            run: 'npx projen\ngit diff --exit-code\ntest -z "$(git status --porcelain)"',
          },
          { name: 'Lint', run: 'npm run lint' },
          { name: 'Build', run: 'npm run build' },
          installTestServices,
          cacheTestDownloads,
          {
            name: 'Test with coverage',
            run: 'npm test -- --coverage --coverage.reporter=text-summary --coverage.reporter=lcov --coverage.reporter=html',
          },
          {
            name: 'Upload the coverage report',
            if: '${{ !cancelled() }}',
            uses: action('uploadArtifact'),
            with: { name: 'coverage', path: 'coverage/', 'retention-days': 14, 'if-no-files-found': 'warn' },
          },
        ],
      },
    },
  };
}
