import type { ResolvedPlatformConfig } from '../config/resolve-config.js';
import {
  REPOSITORY_VARIABLES,
  RUNNER,
  checkout,
  configureAws,
  infraEnv,
  install,
  setupNode,
  setupTerraform,
} from './workflow-steps.js';
import type { Workflow } from './workflow-types.js';

/** The script that lists ephemeral environments whose `ttl` tag has passed, from AWS tag data. */
export const EXPIRED_ENVIRONMENTS_FINDER = 'infra/scripts/find-expired-environments.ts';

/**
 * `.github/workflows/janitor.yml`: every night, list the ephemeral environments whose `ttl` tag
 * is in the past (a pull request closed while its destroy failed, a cancelled run, a stack
 * deployed by hand) and destroy each. Run by hand with `dry-run` to see the list only.
 */
export function renderJanitorWorkflow(platform: ResolvedPlatformConfig): Workflow {
  const template = platform.ephemeralEnvironment;
  return {
    name: 'janitor',
    on: {
      schedule: [{ cron: '17 3 * * *' }],
      workflow_dispatch: {
        inputs: {
          'dry-run': { description: 'Only list expired environments', type: 'boolean', default: false },
        },
      },
    },
    permissions: { contents: 'read' },
    concurrency: { group: 'janitor', 'cancel-in-progress': false },
    jobs: {
      sweep: {
        name: 'Destroy expired ephemeral environments',
        'runs-on': RUNNER,
        'timeout-minutes': 120,
        permissions: { contents: 'read', 'id-token': 'write' },
        env: infraEnv(template),
        steps: [
          checkout,
          setupNode,
          install,
          setupTerraform,
          configureAws(REPOSITORY_VARIABLES.previewRole, template.aws.region),
          {
            name: 'Find expired environments (ttl tag in the past)',
            id: 'expired',
            run: [
              `npx tsx ${EXPIRED_ENVIRONMENTS_FINDER} --platform ${platform.name} --template ${template.name} --summary "$GITHUB_STEP_SUMMARY" > expired.txt`,
              'echo "environments=$(tr \'\\n\' \' \' < expired.txt)" >> "$GITHUB_OUTPUT"',
            ].join('\n'),
          },
          {
            name: 'Destroy them',
            if: "steps.expired.outputs.environments != '' && inputs.dry-run != true",
            env: { EXPIRED: '${{ steps.expired.outputs.environments }}' },
            run: [
              'status=0',
              'for environment in $EXPIRED; do',
              '  echo "::group::destroy $environment"',
              '  npm run infra:destroy -- "$environment" || { echo "::error::could not destroy $environment"; status=1; }',
              '  echo "::endgroup::"',
              'done',
              'exit "$status"',
            ].join('\n'),
          },
        ],
      },
    },
  };
}
