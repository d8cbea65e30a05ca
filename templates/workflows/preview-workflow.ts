import type { ResolvedPlatformConfig } from '../config/resolve-config.js';
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
  setupNode,
  setupTerraform,
  stackOutput,
} from './workflow-steps.js';
import type { Workflow, WorkflowStep } from './workflow-types.js';

/** Hidden marker of the pull-request comment the preview workflow keeps up to date. */
export const PREVIEW_COMMENT_MARKER = '<!-- tradeforge-preview -->';

/**
 * `.github/workflows/preview.yml`: every pull request gets its own AWS stack `<template>-<number>`
 * (e.g. `pr-123`, from the config's ephemeral template). Opened or updated: assume the preview
 * role by OIDC, deploy, push the images, deploy them, and comment the URL. Closed: destroy. One
 * concurrency group per pull request, never cancelled mid-run, so a destroy waits for a running
 * deploy instead of racing it. Pull requests from forks get no AWS credentials and are skipped.
 */
export function renderPreviewWorkflow(platform: ResolvedPlatformConfig): Workflow {
  const template = platform.ephemeralEnvironment;
  const environmentName = `${template.name}-\${{ github.event.number }}`;
  const env = { ...infraEnv(template), PREVIEW_ENV: environmentName };
  const sameRepository = 'github.event.pull_request.head.repo.full_name == github.repository';
  const awsSteps: WorkflowStep[] = [
    checkout,
    setupNode,
    install,
    setupTerraform,
    configureAws(REPOSITORY_VARIABLES.previewRole, template.aws.region),
  ];
  return {
    name: 'preview',
    on: { pull_request: { types: ['opened', 'synchronize', 'reopened', 'closed'] } },
    permissions: { contents: 'read' },
    concurrency: { group: 'preview-${{ github.event.number }}', 'cancel-in-progress': false },
    jobs: {
      deploy: {
        name: 'Deploy the preview environment',
        if: `github.event.action != 'closed' && ${sameRepository}`,
        'runs-on': RUNNER,
        'timeout-minutes': 90,
        permissions: { contents: 'read', 'id-token': 'write', 'pull-requests': 'write' },
        environment: { name: 'preview', url: '${{ steps.url.outputs.url }}' },
        env,
        steps: [
          ...awsSteps,
          imageTag,
          ecrLogin,
          { uses: action('setupBuildx') },
          ensureRepositories(platform.name, environmentName, platform.services),
          findPushedImages(platform.name, environmentName, platform.services),
          ...platform.services.map((s) => buildAndPushImage(platform.name, environmentName, s)),
          {
            name: 'Deploy',
            env: { TF_VAR_image_tag: '${{ steps.tag.outputs.tag }}' },
            run: 'npm run infra:deploy -- "$PREVIEW_ENV"',
          },
          {
            name: 'Preview URL',
            id: 'url',
            run: `echo "url=$(${stackOutput('$PREVIEW_ENV', 'url')})" >> "$GITHUB_OUTPUT"`,
          },
          {
            name: 'Comment the URL on the pull request',
            uses: action('githubScript'),
            env: { PREVIEW_URL: '${{ steps.url.outputs.url }}', IMAGE_TAG: '${{ steps.tag.outputs.tag }}' },
            with: { script: commentScript('deployed') },
          },
        ],
      },
      destroy: {
        name: 'Destroy the preview environment',
        if: `github.event.action == 'closed' && ${sameRepository}`,
        'runs-on': RUNNER,
        'timeout-minutes': 60,
        permissions: { contents: 'read', 'id-token': 'write', 'pull-requests': 'write' },
        env,
        steps: [
          ...awsSteps,
          { name: 'Destroy', run: 'npm run infra:destroy -- "$PREVIEW_ENV"' },
          {
            name: 'Say so on the pull request',
            uses: action('githubScript'),
            with: { script: commentScript('destroyed') },
          },
        ],
      },
    },
  };
}

/** Creates or updates the one preview comment of the pull request (found by its hidden marker). */
function commentScript(state: 'deployed' | 'destroyed'): string {
  const body =
    state === 'deployed'
      ? '`${marker}\\n**Preview** \\`${process.env.PREVIEW_ENV}\\` is up: ${process.env.PREVIEW_URL}\\n\\nImage tag \\`${process.env.IMAGE_TAG}\\`. It is destroyed when this pull request closes, and swept by the janitor if its \\`ttl\\` tag passes.`'
      : '`${marker}\\n**Preview** \\`${process.env.PREVIEW_ENV}\\` was destroyed.`';
  return [
    `const marker = '${PREVIEW_COMMENT_MARKER}';`,
    'const { owner, repo } = context.repo;',
    'const issue_number = context.issue.number;',
    `const body = ${body};`,
    'const comments = await github.paginate(github.rest.issues.listComments, { owner, repo, issue_number });',
    'const existing = comments.find((c) => c.body?.startsWith(marker));',
    'if (existing) await github.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body });',
    'else await github.rest.issues.createComment({ owner, repo, issue_number, body });',
  ].join('\n');
}
