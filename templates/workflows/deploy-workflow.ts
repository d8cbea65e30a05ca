import type { ResolvedEnvironment, ResolvedPlatformConfig } from '../config/resolve-config.js';
import { action } from './pinned-actions.js';
import {
  REPOSITORY_VARIABLES,
  RUNNER,
  buildAndPushImage,
  checkout,
  configureAws,
  ecrLogin,
  ensureRepositories,
  findPushedImages,
  imageTag,
  infraEnv,
  install,
  repositoryPath,
  setupNode,
  setupTerraform,
  stackOutput,
} from './workflow-steps.js';
import type { Workflow, WorkflowJob, WorkflowStep } from './workflow-types.js';

/** The `rollback` input's value for a plain deploy of main. */
const NO_ROLLBACK = 'none';

/**
 * The environments the deploy workflow releases to, in order: every `staging` environment, then
 * every `production` one. Development environments are deployed by hand (`npm run infra:deploy`).
 */
export function releaseEnvironments(platform: ResolvedPlatformConfig): ResolvedEnvironment[] {
  return [
    ...platform.environments.filter((e) => e.kind === 'staging'),
    ...platform.environments.filter((e) => e.kind === 'production'),
  ];
}

/**
 * `.github/workflows/deploy.yml`. On every push to main: build each service image once, push it
 * to the first release environment's ECR repositories and deploy there (staging, automatically);
 * each following environment (production) promotes the same image and deploys after approval —
 * its job runs in a GitHub environment of the same name, which the team protects with required
 * reviewers. Run by hand with `rollback` to put an environment back on its previous image (or a
 * given tag).
 */
export function renderDeployWorkflow(platform: ResolvedPlatformConfig): Workflow {
  const targets = releaseEnvironments(platform);
  const jobs: Record<string, WorkflowJob> = {};
  targets.forEach((environment, index) => {
    const previous = index > 0 ? targets[index - 1] : undefined;
    jobs[`deploy-${environment.name}`] = deployJob(platform, environment, previous);
  });
  if (targets.length > 0) jobs.rollback = rollbackJob(platform, targets);
  return {
    name: 'deploy',
    on: {
      push: { branches: ['main'] },
      workflow_dispatch: {
        inputs: {
          rollback: {
            description: 'Environment to roll back to an earlier image ("none": deploy main as on a push)',
            type: 'choice',
            options: [NO_ROLLBACK, ...targets.map((e) => e.name)],
            default: NO_ROLLBACK,
          },
          'image-tag': {
            description: 'Image tag to roll back to (default: the one deployed before the current one)',
            type: 'string',
            default: '',
          },
        },
      },
    },
    permissions: { contents: 'read' },
    jobs,
  };
}

function deployJob(
  platform: ResolvedPlatformConfig,
  environment: ResolvedEnvironment,
  previous: ResolvedEnvironment | undefined,
): WorkflowJob {
  const env = infraEnv(environment);
  const images: WorkflowStep[] =
    previous === undefined
      ? [
          { uses: action('setupBuildx') },
          findPushedImages(platform.name, environment.name, platform.services),
          ...platform.services.map((s) => buildAndPushImage(platform.name, environment.name, s)),
        ]
      : [
          { uses: action('setupBuildx') },
          {
            // The image that passed the previous environment, not a rebuild: same bytes everywhere.
            name: `Promote the images from ${previous.name}`,
            env: { REGISTRY: '${{ steps.ecr.outputs.registry }}', TAG: '${{ steps.tag.outputs.tag }}' },
            run: platform.services
              .map((s) => {
                const to = `"$REGISTRY/${repositoryPath(platform.name, environment.name, s)}:$TAG"`;
                const from = `"$REGISTRY/${repositoryPath(platform.name, previous.name, s)}:$TAG"`;
                return `docker buildx imagetools inspect ${to} >/dev/null 2>&1 || docker buildx imagetools create --tag ${to} ${from}`;
              })
              .join('\n'),
          },
        ];
  return {
    name: `Deploy ${environment.name}`,
    if: `github.event_name == 'push' || inputs.rollback == '${NO_ROLLBACK}'`,
    ...(previous === undefined ? {} : { needs: `deploy-${previous.name}` }),
    'runs-on': RUNNER,
    'timeout-minutes': 90,
    permissions: { contents: 'read', 'id-token': 'write' },
    environment: { name: environment.name, url: '${{ steps.url.outputs.url }}' },
    concurrency: { group: `deploy-${environment.name}`, 'cancel-in-progress': false },
    env,
    steps: [
      checkout,
      setupNode,
      install,
      setupTerraform,
      configureAws(REPOSITORY_VARIABLES.deployRole, environment.aws.region),
      imageTag,
      ecrLogin,
      ensureRepositories(platform.name, environment.name, platform.services),
      ...images,
      {
        name: 'Deploy',
        env: { TF_VAR_image_tag: '${{ steps.tag.outputs.tag }}' },
        run: `npm run infra:deploy -- ${environment.name}`,
      },
      ...smokeSteps(environment),
    ],
  };
}

/** Reads the environment's URL and waits for the gateway's health check through the load balancer. */
function smokeSteps(environment: ResolvedEnvironment): WorkflowStep[] {
  return [
    {
      name: 'URL',
      id: 'url',
      run: `echo "url=$(${stackOutput(environment.name, 'url')} 2>/dev/null || true)" >> "$GITHUB_OUTPUT"`,
    },
    {
      name: 'Health check through the load balancer',
      if: "steps.url.outputs.url != ''",
      env: { URL: '${{ steps.url.outputs.url }}' },
      run: 'curl --silent --show-error --fail --retry 30 --retry-delay 10 --retry-all-errors "$URL/health"',
    },
  ];
}

/**
 * Puts one environment back on an earlier image: the given tag, or the tag pushed before the one
 * running now (from the first service's ECR repository, newest first). Runs in the environment's
 * GitHub environment, so production rollbacks need the same approval as deploys.
 */
function rollbackJob(platform: ResolvedPlatformConfig, targets: readonly ResolvedEnvironment[]): WorkflowJob {
  const [first] = platform.services;
  const repository = first === undefined ? '' : `${platform.name}/\${ROLLBACK_ENV}/${first.name}`;
  // The region of the chosen environment, looked up from the config when the job starts.
  const regions = JSON.stringify(Object.fromEntries(targets.map((e) => [e.name, e.aws.region])));
  const region = `\${{ fromJSON('${regions}')[inputs.rollback] }}`;
  const withoutCertificate = targets.find((e) => e.aws.certificateArn === undefined);
  return {
    name: 'Roll back ${{ inputs.rollback }}',
    if: `github.event_name == 'workflow_dispatch' && inputs.rollback != '${NO_ROLLBACK}'`,
    'runs-on': RUNNER,
    'timeout-minutes': 60,
    permissions: { contents: 'read', 'id-token': 'write' },
    environment: { name: '${{ inputs.rollback }}' },
    concurrency: { group: 'deploy-${{ inputs.rollback }}', 'cancel-in-progress': false },
    env: {
      ...infraEnv(withoutCertificate ?? targets[0] ?? platform.ephemeralEnvironment),
      ROLLBACK_ENV: '${{ inputs.rollback }}',
      REQUESTED_TAG: '${{ inputs.image-tag }}',
    },
    steps: [
      checkout,
      setupNode,
      install,
      setupTerraform,
      configureAws(REPOSITORY_VARIABLES.deployRole, region),
      {
        name: 'Choose the image to roll back to',
        id: 'target',
        run: [
          'if [ -n "$REQUESTED_TAG" ]; then tag="$REQUESTED_TAG"; else',
          `  tag=$(aws ecr describe-images --repository-name "${repository}" \\`,
          "    --query 'reverse(sort_by(imageDetails[?imageTags != null], &imagePushedAt))[1].imageTags[0]' --output text)",
          'fi',
          'if [ -z "$tag" ] || [ "$tag" = "None" ]; then echo "::error::no earlier image to roll back to"; exit 1; fi',
          'echo "Rolling $ROLLBACK_ENV back to $tag"',
          'echo "tag=$tag" >> "$GITHUB_OUTPUT"',
        ].join('\n'),
      },
      {
        name: 'Deploy the earlier image',
        env: { TF_VAR_image_tag: '${{ steps.target.outputs.tag }}' },
        run: 'npm run infra:deploy -- "$ROLLBACK_ENV"',
      },
    ],
  };
}
