import type { ResolvedEnvironment, ResolvedService } from '../config/resolve-config.js';
import { VERSIONS } from '../versions.js';
import { action } from './pinned-actions.js';
import type { WorkflowStep } from './workflow-types.js';

/** Steps and settings more than one workflow uses, so each fact is written once. */

export const RUNNER = 'ubuntu-latest';

/** Repository variables a team sets once (Settings → Secrets and variables → Actions → Variables). */
export const REPOSITORY_VARIABLES = {
  /** IAM role CI assumes by OIDC for pull-request previews and the janitor. */
  previewRole: 'AWS_PREVIEW_ROLE_ARN',
  /** IAM role CI assumes by OIDC for staging and production deploys (set per GitHub environment). */
  deployRole: 'AWS_DEPLOY_ROLE_ARN',
  /** Globally unique S3 bucket of the Terraform state (docs/deploy-aws.md). */
  stateBucket: 'TF_STATE_BUCKET',
  /** ACM certificate for environments whose config has no `aws.certificateArn`. */
  certificateArn: 'CERTIFICATE_ARN',
} as const;

export const checkout: WorkflowStep = { uses: action('checkout'), with: { 'persist-credentials': false } };

/** Node from the same version as everywhere else, with npm's download cache keyed on the lockfile. */
export const setupNode: WorkflowStep = {
  uses: action('setupNode'),
  with: { 'node-version': VERSIONS.node, cache: 'npm' },
};

export const install: WorkflowStep = { name: 'Install', run: 'npm ci --no-audit --no-fund' };

/** The real processes the test suites start (packages/test-infra): PostgreSQL, Redis, Kafka on Java 17. */
export const installTestServices: WorkflowStep = {
  name: 'Install PostgreSQL, Redis, Java 17 and Maven for the test suites',
  run: [
    'sudo apt-get update -qq',
    'sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql redis-server openjdk-17-jre-headless maven',
    // The suites start their own servers on free ports; the distribution's instances stay off.
    'sudo systemctl stop postgresql redis-server || true',
  ].join('\n'),
};

/** Kafka jars and other downloads the test harness keeps under ~/.cache/tradeforge. */
export const cacheTestDownloads: WorkflowStep = {
  name: 'Cache test downloads (Kafka jars, Maven)',
  uses: action('cache'),
  with: {
    path: '~/.cache/tradeforge\n~/.m2/repository',
    key: "test-downloads-${{ runner.os }}-${{ hashFiles('packages/test-infra/**/pom.xml', 'package-lock.json') }}",
    'restore-keys': 'test-downloads-${{ runner.os }}-',
  },
};

export const setupTerraform: WorkflowStep = {
  uses: action('setupTerraform'),
  // cdktn reads plan output itself; the wrapper would mangle it.
  with: { terraform_wrapper: false },
};

/** Assumes an AWS role by OIDC: no long-lived keys in the repository. */
export function configureAws(roleVariable: string, region: string): WorkflowStep {
  return {
    name: 'AWS credentials (OIDC)',
    uses: action('configureAwsCredentials'),
    with: {
      'role-to-assume': `\${{ vars.${roleVariable} }}`,
      'aws-region': region,
      'role-session-name': 'github-${{ github.run_id }}',
    },
  };
}

export const ecrLogin: WorkflowStep = { name: 'Log in to Amazon ECR', id: 'ecr', uses: action('amazonEcrLogin') };

/** Environment every `npm run infra:*` step needs; the certificate only where the config lacks one. */
export function infraEnv(environment: ResolvedEnvironment): Record<string, string> {
  return {
    CI: 'true',
    TF_STATE_BUCKET: `\${{ vars.${REPOSITORY_VARIABLES.stateBucket} }}`,
    ...(environment.aws.certificateArn === undefined
      ? { TF_VAR_certificate_arn: `\${{ vars.${REPOSITORY_VARIABLES.certificateArn} }}` }
      : {}),
  };
}

/** The image tag of this run: the commit, as `infra:deploy` defaults it. */
export const imageTag: WorkflowStep = {
  name: 'Image tag',
  id: 'tag',
  run: 'echo "tag=$(git rev-parse --short=12 HEAD)" >> "$GITHUB_OUTPUT"',
};

/** ECR repository of one service in one environment, as the stack names it (`<platform>/<env>/<service>`). */
export function repositoryPath(platformName: string, environmentName: string, service: ResolvedService): string {
  return `${platformName}/${environmentName}/${service.name}`;
}

/**
 * Deploys the stack once when its repositories do not exist yet (the stack creates them), so
 * images can be pushed before the deploy that points the services at them.
 */
export function ensureRepositories(
  platformName: string,
  environmentName: string,
  services: readonly ResolvedService[],
): WorkflowStep {
  const [first] = services;
  const probe =
    first === undefined
      ? 'true'
      : `aws ecr describe-repositories --repository-names "${repositoryPath(platformName, environmentName, first)}" >/dev/null 2>&1`;
  return {
    name: 'Create the stack first if its image repositories do not exist yet',
    env: { TF_VAR_image_tag: '${{ steps.tag.outputs.tag }}' },
    run: `if ! ${probe}; then\n  npm run infra:deploy -- "${environmentName}"\nfi`,
  };
}

/**
 * Which service images of this tag are already in ECR. Repositories keep tags immutable, so a
 * re-run of the same commit skips the push instead of failing on it.
 */
export function findPushedImages(
  platformName: string,
  environmentName: string,
  services: readonly ResolvedService[],
): WorkflowStep {
  return {
    name: 'Find images already pushed',
    id: 'pushed',
    env: { TAG: '${{ steps.tag.outputs.tag }}' },
    run: [
      '{',
      ...services.map(
        (s) =>
          `  if aws ecr describe-images --repository-name "${repositoryPath(platformName, environmentName, s)}" --image-ids imageTag="$TAG" >/dev/null 2>&1; ` +
          `then echo "${s.name}=true"; else echo "${s.name}=false"; fi`,
      ),
      '} >> "$GITHUB_OUTPUT"',
    ].join('\n'),
  };
}

/** Builds and pushes one service image with BuildKit, its layers cached in the Actions cache per service. */
export function buildAndPushImage(
  platformName: string,
  environmentName: string,
  service: ResolvedService,
): WorkflowStep {
  return {
    name: `Build and push ${service.name}`,
    if: `steps.pushed.outputs['${service.name}'] != 'true'`,
    uses: action('buildPush'),
    with: {
      context: '.',
      file: `${service.dir}/Dockerfile`,
      push: true,
      tags: `\${{ steps.ecr.outputs.registry }}/${repositoryPath(platformName, environmentName, service)}:\${{ steps.tag.outputs.tag }}`,
      'cache-from': `type=gha,scope=${service.name}`,
      'cache-to': `type=gha,mode=max,scope=${service.name}`,
    },
  };
}

/** Reads a Terraform output of a deployed stack (cdktn leaves the stack folder initialised). */
export function stackOutput(environmentName: string, output: string): string {
  return `terraform -chdir="infra/cdktf.out/stacks/${environmentName}" output -raw ${output}`;
}
