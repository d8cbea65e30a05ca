import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** packages/persistence, from src/cli or dist/cli alike. */
export const PACKAGE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SCHEMA_PATH = path.join(PACKAGE_DIR, 'prisma/schema.prisma');
export const GENERATED_CLIENT_DIR = path.join(PACKAGE_DIR, 'src/generated/prisma');

/**
 * Runs `prisma generate` for `schemaPath`. Generating needs no engine, but the CLI downloads the
 * native schema engine first unless one is named: where none is installed (offline machines, CI
 * without Prisma's download host) a stand-in that explains itself is named instead.
 */
export async function runPrismaGenerate(schemaPath: string = SCHEMA_PATH): Promise<string> {
  const require = createRequire(import.meta.url);
  const cli = path.join(path.dirname(require.resolve('prisma/package.json')), 'build/index.js');
  const env: NodeJS.ProcessEnv = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };
  if (!env.PRISMA_SCHEMA_ENGINE_BINARY && !nativeSchemaEngineInstalled(require)) {
    env.PRISMA_SCHEMA_ENGINE_BINARY = path.join(PACKAGE_DIR, 'prisma/schema-engine-unavailable.sh');
  }
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [cli, 'generate', '--schema', schemaPath], {
    cwd: PACKAGE_DIR,
    env,
  });
  return `${stdout}${stderr}`;
}

function nativeSchemaEngineInstalled(require: NodeJS.Require): boolean {
  const enginesDir = path.dirname(require.resolve('@prisma/engines/package.json', { paths: [PACKAGE_DIR] }));
  return fs.readdirSync(enginesDir).some((file) => file.startsWith('schema-engine'));
}
