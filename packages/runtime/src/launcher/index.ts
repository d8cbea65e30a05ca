import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Type } from '@nestjs/common';
import { startEmbeddedServices } from '../embedded/start-embedded-services.js';
import type { EmbeddedPlatform, EmbeddedService } from '../embedded/start-embedded-services.js';
import { createJsonLogger } from '../logging/create-logger.js';
import type { ServiceManifest } from '../service-manifest.js';

export interface LaunchedService {
  readonly name: string;
  readonly dir: string;
  readonly port: number;
}

export interface StartPlatformOptions {
  readonly platform: string;
  readonly services: readonly LaunchedService[];
  /** Command-line arguments: `--smoke` starts everything, checks health, stops and exits. */
  readonly args: readonly string[];
}

/**
 * Runs the whole platform in this process, the embedded default: one in-memory bus and one
 * PGlite database shared by every service, each service its own NestJS app on its configured
 * port. Expects the workspaces built (`tsc -b`). Returns the exit code; failures print one
 * line that says what to do.
 */
export async function startPlatform({ platform, services, args }: StartPlatformOptions): Promise<number> {
  const unknown = args.filter((a) => a !== '--smoke');
  if (unknown.length > 0) {
    process.stderr.write(`Unknown option ${unknown.join(' ')}; allowed: --smoke\n`);
    return 2;
  }
  const smoke = args.includes('--smoke');
  let running: EmbeddedPlatform;
  try {
    const embedded = await Promise.all(services.map(loadService));
    process.stdout.write(`Starting ${services.length} services in one process (embedded mode)…\n`);
    running = await startEmbeddedServices(embedded, {
      host: process.env.HOST ?? '0.0.0.0',
      logger: (name) => createJsonLogger(name, process.env.LOG_LEVEL ?? 'log'),
    });
  } catch (error) {
    process.stderr.write(`${platform} did not start: ${(error as Error).message}\n`);
    return 1;
  }

  process.stdout.write(
    `\n${platform} is up (bus: ${running.infrastructure.bus?.kind ?? 'none'}, database: ${running.infrastructure.database?.kind ?? 'none'}):\n`,
  );
  for (const s of services) process.stdout.write(`  ${s.name.padEnd(14)} http://localhost:${s.port}/health\n`);
  if (smoke) {
    const unhealthy = await unhealthyServices(services);
    await running.close();
    if (unhealthy.length > 0) {
      process.stderr.write(`Smoke run failed: ${unhealthy.join(', ')} did not answer /health.\n`);
      return 1;
    }
    process.stdout.write('Smoke run: every service answered /health; stopped.\n');
    return 0;
  }
  process.stdout.write('Press Ctrl-C to stop.\n');
  const signal = await new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  process.stdout.write(`\n${signal}: stopping…\n`);
  await running.close();
  process.stdout.write('Stopped.\n');
  return 0;
}

/** A service's compiled manifest and AppModule (`services/<name>/dist`). */
async function loadService(service: LaunchedService): Promise<EmbeddedService> {
  const dist = path.resolve(service.dir, 'dist');
  const load = async (file: string) => {
    try {
      return (await import(pathToFileURL(path.join(dist, file)).href)) as Record<string, unknown>;
    } catch (error) {
      throw new Error(`cannot load ${service.dir}/dist/${file} (${(error as Error).message}); run npm run build`, {
        cause: error,
      });
    }
  };
  const manifest = (await load('generated/service-manifest.js')).manifest as ServiceManifest;
  const appModule = (await load('app.module.js')).AppModule as Type<unknown>;
  return { manifest: { ...manifest, port: service.port }, appModule };
}

async function unhealthyServices(services: readonly LaunchedService[]): Promise<string[]> {
  const results = await Promise.all(
    services.map(async (s) => {
      const ok = await fetch(`http://127.0.0.1:${s.port}/health`).then(
        (r) => r.ok,
        () => false,
      );
      return ok ? undefined : s.name;
    }),
  );
  return results.filter((name): name is string => name !== undefined);
}
