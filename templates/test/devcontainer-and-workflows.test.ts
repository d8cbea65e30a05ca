import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import type { PlatformConfig } from '../config/platform-config.js';
import { resolvePlatformConfig } from '../config/resolve-config.js';
import { DEVCONTAINER_SCHEMA } from '../devcontainer/devcontainer-schema.js';
import { PINNED_ACTIONS } from '../workflows/pinned-actions.js';
import { renderDeployWorkflow } from '../workflows/deploy-workflow.js';
import { renderJanitorWorkflow } from '../workflows/janitor-workflow.js';
import { renderLoadWorkflow } from '../workflows/load-workflow.js';
import { renderPreviewWorkflow } from '../workflows/preview-workflow.js';
import { synthPlatform } from './synth-platform.js';

const base: PlatformConfig = {
  name: 'acme',
  services: [
    { name: 'gateway', role: 'gateway', port: 4000, dependsOn: ['bus'] },
    { name: 'pricing', port: 4100, dependsOn: ['database', 'cache'] },
  ],
};
const WORKFLOWS = ['ci', 'integration', 'load', 'preview', 'janitor', 'deploy'];

interface DevContainerJson {
  forwardPorts: number[];
  portsAttributes: Record<string, { label: string; onAutoForward: string }>;
  features: Record<string, unknown>;
  postCreateCommand: string;
  hostRequirements: { cpus: number; memory: string };
  build: { dockerfile: string; args: Record<string, string> };
}
interface LaunchJson {
  configurations: { name: string; program: string; env?: Record<string, string>; preLaunchTask?: string }[];
  compounds: { configurations: string[] }[];
}

const validateDevContainer = new Ajv({ allErrors: true, strict: true }).compile(DEVCONTAINER_SCHEMA);

describe('dev container', () => {
  const out = synthPlatform(base);
  const devcontainer = out.json<DevContainerJson>('.devcontainer/devcontainer.json');

  it('is valid against the dev container schema, and the schema rejects a typo and a bad port', () => {
    expect(validateDevContainer(devcontainer), JSON.stringify(validateDevContainer.errors)).toBe(true);
    expect(validateDevContainer({ ...devcontainer, forwardPort: [4000] })).toBe(false);
    expect(validateDevContainer({ ...devcontainer, forwardPorts: [70000] })).toBe(false);
    expect(
      validateDevContainer({ ...devcontainer, portsAttributes: { '4000': { label: 'x', onAutoForward: 'loud' } } }),
    ).toBe(false);
  });

  it('forwards every service port with its name as label, then the infrastructure ports', () => {
    expect(devcontainer.forwardPorts).toEqual([4000, 4100, 5432, 6379, 9092]);
    expect(devcontainer.portsAttributes['4100']?.label).toBe('pricing (custom service)');
    expect(devcontainer.portsAttributes['4000']).toEqual({
      label: 'gateway (gateway service)',
      onAutoForward: 'notify',
    });
    expect(devcontainer.portsAttributes['5432']?.label).toBe('PostgreSQL');
  });

  it('has Docker inside for Testcontainers, installs and regenerates on creation, and sizes the Codespace', () => {
    expect(Object.keys(devcontainer.features)).toContain('ghcr.io/devcontainers/features/docker-in-docker:2');
    expect(devcontainer.postCreateCommand).toBe('npm ci --no-audit --no-fund && npx projen');
    expect(devcontainer.hostRequirements).toMatchObject({ cpus: 4, memory: '8gb' });
    expect(devcontainer.build).toEqual({
      dockerfile: 'Dockerfile',
      args: { EXTRA_CA_CERT: '${localEnv:DEVCONTAINER_EXTRA_CA_CERT}' },
    });
  });

  it('builds on a base image given as a build argument, the official Node 24 image by default', () => {
    const dockerfile = out.read('.devcontainer/Dockerfile');
    expect(dockerfile).toMatch(/^ARG BASE_IMAGE=mcr\.microsoft\.com\/devcontainers\/typescript-node:24-bookworm$/m);
    expect(dockerfile).toMatch(/^FROM \$\{BASE_IMAGE\}$/m);
    expect(dockerfile).toContain('update-ca-certificates');
  });

  it('debugs every service on its port after building it', () => {
    const launch = out.json<LaunchJson>('.vscode/launch.json');
    const pricing = launch.configurations.find((c) => c.name === 'pricing (port 4100)');
    expect(pricing).toMatchObject({
      program: '${workspaceFolder}/services/pricing/dist/generated/main.js',
      env: { PORT: '4100' },
      preLaunchTask: 'build pricing',
    });
    expect(launch.compounds[0]?.configurations).toEqual(['gateway (port 4000)', 'pricing (port 4100)']);
    const tasks = out.json<{ tasks: { label: string; command: string }[] }>('.vscode/tasks.json').tasks;
    expect(tasks).toContainEqual(
      expect.objectContaining({ label: 'build pricing', command: 'npx tsc -b services/pricing' }),
    );
  });
});

describe('workflows', () => {
  const out = synthPlatform(base);
  const platform = resolvePlatformConfig(base);

  it('writes one file per workflow', () => {
    for (const name of WORKFLOWS) expect(out.files[`.github/workflows/${name}.yml`], name).toBeDefined();
  });

  it('pins every action to a full commit SHA with its version beside it', () => {
    const known = new Set(Object.values(PINNED_ACTIONS).map((a) => `${a.repo}@${a.sha} # ${a.version}`));
    for (const name of WORKFLOWS) {
      const uses = [...out.read(`.github/workflows/${name}.yml`).matchAll(/uses: (.+)$/gm)].map((m) => m[1]);
      expect(uses.length, name).toBeGreaterThan(0);
      for (const ref of uses) {
        expect(ref, `${name}: ${ref}`).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
        expect(known.has(ref ?? ''), `${name}: ${ref}`).toBe(true);
      }
    }
  });

  it('gives every job its own least-privilege permissions; only AWS jobs may mint an OIDC token', () => {
    const rendered = [renderLoadWorkflow(platform), renderPreviewWorkflow(platform), renderJanitorWorkflow(platform)];
    for (const workflow of [...rendered, renderDeployWorkflow(platform)]) {
      expect(workflow.permissions, workflow.name).toEqual({ contents: 'read' });
      for (const [id, job] of Object.entries(workflow.jobs)) {
        expect(job.permissions, `${workflow.name}/${id}`).toBeDefined();
        const assumesRole = job.steps.some((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
        expect(job.permissions['id-token'] === 'write', `${workflow.name}/${id}`).toBe(assumesRole);
      }
    }
  });

  it('deploys one preview per pull request in its own concurrency group and destroys it on close', () => {
    const preview = renderPreviewWorkflow(platform);
    expect(preview.concurrency).toEqual({ group: 'preview-${{ github.event.number }}', 'cancel-in-progress': false });
    expect(preview.jobs.deploy?.env?.PREVIEW_ENV).toBe('pr-${{ github.event.number }}');
    expect(preview.jobs.deploy?.steps.map((s) => s.run)).toContain('npm run infra:deploy -- "$PREVIEW_ENV"');
    expect(preview.jobs.destroy?.if).toContain("github.event.action == 'closed'");
    expect(preview.jobs.destroy?.steps.map((s) => s.run)).toContain('npm run infra:destroy -- "$PREVIEW_ENV"');
  });

  it('sweeps expired environments on a schedule with the finder script', () => {
    const janitor = renderJanitorWorkflow(platform);
    expect(janitor.on.schedule).toEqual([{ cron: '17 3 * * *' }]);
    const find = janitor.jobs.sweep?.steps.find((s) => s.id === 'expired');
    expect(find?.run).toContain('npx tsx infra/scripts/find-expired-environments.ts --platform acme --template pr');
  });

  it('deploys staging on every push and production after it, behind its protected environment, with a rollback', () => {
    const deploy = renderDeployWorkflow(platform);
    expect(Object.keys(deploy.jobs)).toEqual(['deploy-staging', 'deploy-prod', 'rollback']);
    expect(deploy.jobs['deploy-prod']).toMatchObject({ needs: 'deploy-staging', environment: { name: 'prod' } });
    const promote = deploy.jobs['deploy-prod']?.steps.find((s) => s.name === 'Promote the images from staging');
    expect(promote?.run).toContain('"$REGISTRY/acme/prod/pricing:$TAG"');
    expect(deploy.jobs.rollback?.steps.some((s) => s.run?.includes('imagePushedAt'))).toBe(true);
  });

  it('keeps the generated files in the snapshot', () => {
    const files = Object.fromEntries(
      Object.entries(out.files).filter(([f]) => /^(\.github\/workflows|\.devcontainer|\.vscode)\//.test(f)),
    );
    expect(files).toMatchSnapshot();
  });
});
