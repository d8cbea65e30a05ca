// npm run stack:up|down|logs [-- --profile observability] [-- <docker compose options>]
// Runs the generated compose files (compose/, docs/architecture/compose.md) with the image names
// of the source in effect (TRADEFORGE_IMAGES or the config's images.source), the build
// arguments of the service images, and a gateway JWT secret.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { requireDockerEngine } from '../images/check-docker.js';
import { OBSERVABILITY_IMAGES, imageSource, platformImages } from '../images/generated/images.js';
import { PLATFORM_SETTINGS } from '../packages/runtime/src/generated/platform-settings.js';
import {
  COMPOSE_FILES,
  EXTRA_CA_CERT_VARIABLE,
  IMAGE_TAG_VARIABLE,
  JWT_SECRET_VARIABLE,
  OBSERVABILITY_PROFILE,
  imageVariable,
} from '../templates/compose/compose-variables.js';
import { VERSIONS } from '../templates/versions.js';

const COMMANDS = ['up', 'down', 'logs', 'config'] as const;
type Command = (typeof COMMANDS)[number];
const ROOT = path.resolve(import.meta.dirname, '..');
/** Kept between runs, so tokens from `npm run token` stay valid across a restart of the stack. */
const SECRET_FILE = path.join(os.homedir(), '.cache', 'tradeforge', 'stack-gateway-jwt-secret');
const WAIT_TIMEOUT_SECONDS = 600;

function fail(message: string, code = 2): never {
  process.stderr.write(`stack: ${message}\n`);
  process.exit(code);
}

function say(message: string): void {
  process.stdout.write(`stack: ${message}\n`);
}

/** `--profile observability` (or `--profile=observability`) is ours; everything else goes to compose. */
function parseArgs(args: readonly string[]): { observability: boolean; rest: string[] } {
  const rest: string[] = [];
  let observability = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const profile = arg === '--profile' ? args[++i] : arg.startsWith('--profile=') ? arg.slice(10) : undefined;
    if (profile === undefined) {
      rest.push(arg);
    } else if (profile === OBSERVABILITY_PROFILE) {
      observability = true;
    } else {
      fail(`--profile ${profile ?? ''}: the only profile is "${OBSERVABILITY_PROFILE}"`);
    }
  }
  return { observability, rest };
}

/** Image names of the source in effect, unless the caller set a variable itself. */
function imageEnvironment(env: NodeJS.ProcessEnv): Record<string, string> {
  let images: Readonly<Record<string, string>>;
  try {
    images = { ...platformImages(env), ...OBSERVABILITY_IMAGES };
  } catch (error) {
    fail((error as Error).message);
  }
  return Object.fromEntries(
    Object.entries(images)
      .map(([id, image]) => [imageVariable(id), image] as const)
      .filter(([variable]) => !env[variable]),
  );
}

/** EXTRA_CA_CERT (PEM text) for `npm ci` in the image builds, or read from EXTRA_CA_CERT_FILE. */
function extraCaCert(env: NodeJS.ProcessEnv): Record<string, string> {
  if (env[EXTRA_CA_CERT_VARIABLE] || !env.EXTRA_CA_CERT_FILE) return {};
  try {
    return { [EXTRA_CA_CERT_VARIABLE]: fs.readFileSync(env.EXTRA_CA_CERT_FILE, 'utf8') };
  } catch (error) {
    fail(`EXTRA_CA_CERT_FILE=${env.EXTRA_CA_CERT_FILE}: ${(error as Error).message}`);
  }
}

/**
 * GATEWAY_JWT_SECRET from the environment; else, for a local stack, the one saved by an earlier
 * `stack:up`, or a new random one saved for the next runs (and said so).
 */
function jwtSecret(env: NodeJS.ProcessEnv, command: Command): Record<string, string> {
  if (env[JWT_SECRET_VARIABLE]) return {};
  if (fs.existsSync(SECRET_FILE)) return { [JWT_SECRET_VARIABLE]: fs.readFileSync(SECRET_FILE, 'utf8').trim() };
  // down, logs and config never hand the value to a service, but compose requires it to be set.
  if (command !== 'up') return { [JWT_SECRET_VARIABLE]: 'unused-by-this-command-'.padEnd(48, 'x') };
  const secret = randomBytes(48).toString('base64');
  fs.mkdirSync(path.dirname(SECRET_FILE), { recursive: true });
  fs.writeFileSync(SECRET_FILE, `${secret}\n`, { mode: 0o600 });
  say(
    `${JWT_SECRET_VARIABLE} is not set: generated one for this local stack, saved in ${SECRET_FILE}.\n` +
      `       To sign tokens with it: export ${JWT_SECRET_VARIABLE}="$(cat ${SECRET_FILE})"; npm run token`,
  );
  return { [JWT_SECRET_VARIABLE]: secret };
}

function compose(args: readonly string[], env: NodeJS.ProcessEnv): number {
  const result = spawnSync('docker', ['compose', ...args], { cwd: ROOT, env, stdio: 'inherit' });
  if (result.error) fail(`could not run docker compose: ${result.error.message}`, 1);
  return result.status ?? 1;
}

interface Publisher {
  readonly URL: string;
  readonly TargetPort: number;
  readonly PublishedPort: number;
}

/** Where each running container is published on the host, from `docker compose ps`. */
function publishedUrls(files: readonly string[], env: NodeJS.ProcessEnv): Map<string, string> {
  const result = spawnSync('docker', ['compose', ...files, 'ps', '--format', 'json'], { cwd: ROOT, env });
  const urls = new Map<string, string>();
  const lines = `${result.stdout ?? ''}`.split('\n').filter((line) => line.trim().startsWith('{'));
  for (const line of lines) {
    const container = JSON.parse(line) as { Service: string; Publishers?: Publisher[] };
    const published = container.Publishers?.find((p) => p.PublishedPort > 0);
    if (published) urls.set(container.Service, `http://${published.URL || '127.0.0.1'}:${published.PublishedPort}`);
  }
  return urls;
}

function printWhereToGo(urls: Map<string, string>, observability: boolean): void {
  const gateway = PLATFORM_SETTINGS.services.find((s) => s.role === 'gateway');
  process.stdout.write('\nThe stack is up and healthy:\n');
  for (const service of PLATFORM_SETTINGS.services) {
    const url = urls.get(service.name);
    if (url) process.stdout.write(`  ${service.name.padEnd(14)} ${url}/ready\n`);
  }
  if (observability) {
    for (const [name, what] of [
      ['grafana', 'dashboards'],
      ['jaeger', 'traces'],
      ['prometheus', 'metrics'],
    ] as const) {
      const url = urls.get(name);
      if (url) process.stdout.write(`  ${name.padEnd(14)} ${url} (${what})\n`);
    }
  }
  const gatewayUrl = gateway && urls.get(gateway.name);
  if (gatewayUrl) process.stdout.write(`\nGateway: ${gatewayUrl}  (API docs: ${gatewayUrl}/api/docs)\n`);
  process.stdout.write('Logs: npm run stack:logs    Stop: npm run stack:down  (-- --volumes also deletes the data)\n');
}

const [commandArg, ...args] = process.argv.slice(2);
if (!(COMMANDS as readonly string[]).includes(commandArg ?? '')) {
  fail(`usage: tsx scripts/stack.ts ${COMMANDS.join('|')} [--profile ${OBSERVABILITY_PROFILE}] [compose options]`);
}
const command = commandArg as Command;
const { observability, rest } = parseArgs(args);

await requireDockerEngine({ purpose: `npm run stack:${command}` });
const ensured = spawnSync('bash', [path.join(ROOT, 'scripts/ensure-compose.sh')], {
  cwd: ROOT,
  env: { ...process.env, COMPOSE_VERSION: VERSIONS.compose },
  stdio: 'inherit',
});
if (ensured.status !== 0) process.exit(1);

const env: NodeJS.ProcessEnv = {
  ...process.env,
  ...imageEnvironment(process.env),
  ...extraCaCert(process.env),
  ...jwtSecret(process.env, command),
};
// down and logs reach the observability containers too, whether or not they run.
const withObservability = observability || command === 'down' || command === 'logs';
const files = [
  '-f',
  COMPOSE_FILES.infrastructure,
  '-f',
  COMPOSE_FILES.platform,
  ...(withObservability ? ['-f', COMPOSE_FILES.observability, '--profile', OBSERVABILITY_PROFILE] : []),
];

if (command === 'up') {
  say(`images: ${imageSource(process.env)} (${env[imageVariable('postgres')]}, ${env[imageVariable('node')]}, …)`);
  // IMAGE_TAG names images built beforehand (the load workflow builds them with a layer cache);
  // without it, the service images are built here, one at a time so they share the build stages.
  if (!process.env[IMAGE_TAG_VARIABLE]) {
    const started = Date.now();
    // COMPOSE_BAKE=false: without a buildx plugin (Debian's docker.io has none) compose builds
    // through the engine itself; saying so spares the warning that Bake is unavailable.
    const status = compose([...files, 'build'], { COMPOSE_BAKE: 'false', ...env, COMPOSE_PARALLEL_LIMIT: '1' });
    if (status !== 0) fail('building the service images failed (see above)', status);
    say(`service images built in ${Math.round((Date.now() - started) / 1000)} s`);
  }
  const status = compose(
    [...files, 'up', '--detach', '--wait', '--wait-timeout', String(WAIT_TIMEOUT_SECONDS), ...rest],
    env,
  );
  if (status !== 0) {
    fail(
      'the stack did not become healthy; see: npm run stack:logs -- --no-follow   (npm run stack:down stops it)',
      status,
    );
  }
  printWhereToGo(publishedUrls(files, env), observability);
} else if (command === 'logs') {
  const follow = rest.includes('--no-follow') ? [] : ['--follow'];
  process.exit(compose([...files, 'logs', ...follow, ...rest.filter((a) => a !== '--no-follow')], env));
} else if (command === 'down') {
  process.exit(compose([...files, 'down', '--remove-orphans', ...rest], env));
} else {
  process.exit(compose([...files, 'config', ...rest], env));
}
