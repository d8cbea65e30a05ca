import type { ResolvedPlatformConfig } from '../config/resolve-config.js';
import { K6_DIR } from '../load/load-scenarios.js';
import { defaultLoadBaseUrl } from '../load/render-load-scenarios.js';
import { action } from './pinned-actions.js';
import { RUNNER, checkout, install, setupNode } from './workflow-steps.js';
import type { Workflow } from './workflow-types.js';

/** Tag of the images the load workflow builds for the compose stack (`IMAGE_TAG` of `npm run stack:up`). */
export const LOAD_IMAGE_TAG = 'ci';

/**
 * `.github/workflows/load.yml`: builds every service image (layers cached per service), starts
 * the compose stack with a JWT secret of the run and a gateway rate limit above the scenarios'
 * rates, waits for every service's health check, signs a token, runs the k6 scenarios the config
 * renders to `load/k6/` against the gateway (each scenario's thresholds fail the run) and uploads
 * the summaries. Nightly, on demand, and on pushes to main.
 */
export function renderLoadWorkflow(platform: ResolvedPlatformConfig): Workflow {
  const baseUrl = defaultLoadBaseUrl(platform);
  return {
    name: 'load',
    on: { push: { branches: ['main'] }, schedule: [{ cron: '23 2 * * *' }], workflow_dispatch: {} },
    permissions: { contents: 'read' },
    concurrency: { group: 'load-${{ github.ref }}', 'cancel-in-progress': true },
    jobs: {
      load: {
        'runs-on': RUNNER,
        'timeout-minutes': 40,
        permissions: { contents: 'read' },
        env: {
          IMAGE_TAG: LOAD_IMAGE_TAG,
          BASE_URL: baseUrl,
          // One client (one token) sends every request: its rate limit must not be what is measured.
          GATEWAY_RATE_LIMIT_BURST: '1000000',
          GATEWAY_RATE_LIMIT_PER_MINUTE: '1000000000',
        },
        steps: [
          checkout,
          setupNode,
          install,
          { uses: action('setupBuildx') },
          ...platform.services.map((s) => ({
            name: `Build ${s.name}`,
            uses: action('buildPush'),
            with: {
              context: '.',
              file: `${s.dir}/Dockerfile`,
              load: true,
              tags: `${platform.name}/${s.name}:${LOAD_IMAGE_TAG}`,
              'cache-from': `type=gha,scope=${s.name}`,
              'cache-to': `type=gha,mode=max,scope=${s.name}`,
            },
          })),
          {
            name: 'Make the gateway JWT secret of this run',
            run: [
              'secret=$(openssl rand -base64 48)',
              'echo "::add-mask::$secret"',
              'echo "GATEWAY_JWT_SECRET=$secret" >> "$GITHUB_ENV"',
            ].join('\n'),
          },
          { name: 'Start the compose stack', run: 'npm run stack:up' },
          {
            name: 'Wait for every service to be healthy',
            run: platform.services
              .map(
                (s) =>
                  `curl --silent --show-error --fail --retry 30 --retry-delay 2 --retry-all-errors http://localhost:${s.port}/health > /dev/null # ${s.name}`,
              )
              .join('\n'),
          },
          {
            name: 'Sign a token for the scenarios',
            run: [
              "token=$(npm run --silent token -- --sub load --scope 'orders:read orders:write' --ttl 2h | tail -n 1)",
              'echo "::add-mask::$token"',
              'echo "TOKEN=$token" >> "$GITHUB_ENV"',
            ].join('\n'),
          },
          { uses: action('setupK6') },
          {
            name: 'Run the k6 scenarios (thresholds fail the step)',
            run: [
              'mkdir -p reports/load',
              'status=0',
              `for scenario in ${K6_DIR}/*.ts; do`,
              '  name=$(basename "$scenario" .ts)',
              '  k6 run --summary-export "reports/load/$name.json" "$scenario" || status=1',
              'done',
              'exit "$status"',
            ].join('\n'),
          },
          {
            name: 'Upload the load summaries',
            if: '${{ !cancelled() }}',
            uses: action('uploadArtifact'),
            with: { name: 'load-summary', path: 'reports/load/', 'retention-days': 30, 'if-no-files-found': 'warn' },
          },
          { name: 'Service logs on failure', if: '${{ failure() }}', run: 'timeout 60 npm run stack:logs || true' },
          { name: 'Stop the compose stack', if: '${{ always() }}', run: 'npm run stack:down' },
        ],
      },
    },
  };
}
