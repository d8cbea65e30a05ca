import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GenericContainer } from 'testcontainers';
import { docker, inspectImage, run } from '../../../images/docker-cli.js';
import { localCaCertificates } from '../../../scripts/proofs/local-ca-certificates.js';
import type { ComposeServiceDefinition } from './compose-definitions.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/** `TRADEFORGE_SERVICE_IMAGES=prebuilt` runs the images `npm run stack:up` built instead of building. */
export const SERVICE_IMAGES_VARIABLE = 'TRADEFORGE_SERVICE_IMAGES';

/** Tag the harness builds into: its own, so a developer's `stack:up` images are left alone. */
const BUILT_TAG = 'integration';

export type ServiceImageSource = 'built' | 'prebuilt';

export function serviceImageSource(env: NodeJS.ProcessEnv = process.env): ServiceImageSource {
  const value = env[SERVICE_IMAGES_VARIABLE]?.trim();
  if (!value || value === 'build') return 'built';
  if (value === 'prebuilt') return 'prebuilt';
  throw new Error(
    `${SERVICE_IMAGES_VARIABLE}=${JSON.stringify(value)} is not allowed; use "build" (default) or "prebuilt"`,
  );
}

/**
 * PEM text for `npm ci` inside the image builds, where registries sit behind a TLS-inspecting
 * proxy: EXTRA_CA_CERT, else the file EXTRA_CA_CERT_FILE names (as for `npm run stack:up`), else
 * the CAs this machine added to its trust store (as the stack and dev container proofs do).
 */
function extraCaCert(env: NodeJS.ProcessEnv): string {
  if (env.EXTRA_CA_CERT) return env.EXTRA_CA_CERT;
  const file = env.EXTRA_CA_CERT_FILE;
  if (!file) return localCaCertificates();
  if (!fs.existsSync(file)) throw new Error(`EXTRA_CA_CERT_FILE=${file}: no such file`);
  return fs.readFileSync(file, 'utf8');
}

/**
 * A copy of the repository's files (tracked and untracked, not git-ignored) to build from. The
 * working tree may change while a build reads it (an editor's temporary file vanishing mid-read
 * aborts the context upload), and every service must be built from the same sources.
 */
async function snapshotBuildContext(): Promise<string> {
  const listed = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT });
  if (listed.code !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tradeforge-build-context-'));
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    const target = path.join(dir, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    try {
      fs.copyFileSync(path.join(ROOT, file), target);
    } catch (error) {
      // Listed, then deleted before the copy (tracked files deleted in the working tree, too).
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return dir;
}

/**
 * The image of each service. Built (default) from its generated Dockerfile with Testcontainers,
 * one at a time so every build after the first reuses the shared install and compile stages
 * from Docker's layer cache; or, when asked, the images compose built (`<platform>/<name>:dev`).
 */
export async function serviceImages(
  services: Readonly<Record<string, ComposeServiceDefinition>>,
  source: ServiceImageSource,
  say: (line: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Record<string, string>> {
  const images: Record<string, string> = {};
  if (source === 'prebuilt') {
    for (const [name, definition] of Object.entries(services)) {
      if (!(await inspectImage(definition.image))) {
        throw new Error(
          `${definition.image} is not on this machine (${SERVICE_IMAGES_VARIABLE}=prebuilt); build it with npm run stack:up, or unset the variable to build here`,
        );
      }
      images[name] = definition.image;
    }
    return images;
  }
  const caCert = extraCaCert(env);
  const context = await snapshotBuildContext();
  try {
    for (const [name, definition] of Object.entries(services)) {
      const image = `${definition.image.split(':')[0]}:${BUILT_TAG}`;
      // Testcontainers reports a build as done once the image exists, even when the build failed:
      // untag the previous one first (--no-prune keeps its layers, the cache of this build).
      if (await inspectImage(image)) await docker(['image', 'rm', '--no-prune', image]);
      const started = Date.now();
      try {
        await GenericContainer.fromDockerfile(context, definition.build!.dockerfile)
          .withBuildArgs({ ...definition.build!.args, EXTRA_CA_CERT: caCert })
          .withCache(true)
          .build(image, { deleteOnExit: false });
      } catch (error) {
        throw new Error(
          `building ${image} failed (${(error as Error).message}); for the build's output run: docker build -f ${definition.build!.dockerfile} .`,
          { cause: error },
        );
      }
      say(`built ${image} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
      images[name] = image;
    }
  } finally {
    fs.rmSync(context, { recursive: true, force: true });
  }
  return images;
}
