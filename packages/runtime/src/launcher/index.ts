import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Type } from '@nestjs/common';
import { startEmbeddedServices } from '../embedded/start-embedded-services.js';
import type { EmbeddedPlatform, EmbeddedService, RunningEmbeddedService } from '../embedded/start-embedded-services.js';
import { createJsonLogger } from '../logging/create-logger.js';
import { startErrorReporting } from '../observability/error-reporting.js';
import { startTelemetry } from '../observability/telemetry.js';
import { DEV_TOKEN_ISSUER } from './dev-token-issuer.js';
import type { DevTokenIssuer } from './dev-token-issuer.js';
import { reportActivity } from './activity-report.js';
import { smokeOrder } from './smoke-order.js';
import type { ServiceManifest } from '../service-manifest.js';

export interface LaunchedService {
  readonly name: string;
  /** The config's role: the smoke run finds the order and portfolio services by it. */
  readonly role: string;
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
export async function startPlatform(options: StartPlatformOptions): Promise<number> {
  // One process, so one tracer and one Sentry client for every service in it; both start only
  // when their variable is set (OTEL_EXPORTER_OTLP_ENDPOINT, SENTRY_DSN), as in a service process.
  const stopTelemetry = startTelemetry(`${options.platform}-embedded`, {
    OTEL_EXPORTER_OTLP_ENDPOINT: process.env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined,
  });
  const stopErrorReporting = startErrorReporting(
    { platform: options.platform, name: 'embedded' },
    { SENTRY_DSN: process.env.SENTRY_DSN || undefined, DEPLOY_ENVIRONMENT: process.env.DEPLOY_ENVIRONMENT ?? 'local' },
  );
  try {
    return await runEmbeddedPlatform(options);
  } finally {
    await Promise.allSettled([stopTelemetry(), stopErrorReporting()]);
  }
}

async function runEmbeddedPlatform({ platform, services, args }: StartPlatformOptions): Promise<number> {
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
  const gateway = services.find((s) => s.role === 'gateway');
  if (gateway) process.stdout.write(await dashboardLine(running.service(gateway.name), gateway.port));
  if (smoke) return smokeRun(running, services);
  const stopReport = running.infrastructure.bus
    ? await reportActivity(running.infrastructure.bus, (line) => process.stdout.write(line))
    : async () => {};
  process.stdout.write('Press Ctrl-C to stop. A line of activity follows every minute.\n');
  const signal = await new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  process.stdout.write(`\n${signal}: stopping…\n`);
  await stopReport();
  await running.close();
  process.stdout.write('Stopped.\n');
  return 0;
}

/**
 * `--smoke`: every service answers /health and, when the platform has order, portfolio and
 * market-data services, a market order goes all the way to a filled order and a position.
 */
async function smokeRun(running: EmbeddedPlatform, services: readonly LaunchedService[]): Promise<number> {
  try {
    const unhealthy = await unhealthyServices(services);
    if (unhealthy.length > 0) throw new Error(`${unhealthy.join(', ')} did not answer /health`);
    const byRole = (role: string) => services.find((s) => s.role === role);
    const order = byRole('order');
    const portfolio = byRole('portfolio');
    if (order && portfolio && byRole('market-data') && running.infrastructure.bus) {
      const line = await smokeOrder({
        bus: running.infrastructure.bus,
        orderUrl: `http://127.0.0.1:${order.port}`,
        portfolioUrl: `http://127.0.0.1:${portfolio.port}`,
      });
      process.stdout.write(`Smoke run: ${line}.\n`);
    }
    process.stdout.write('Smoke run: every service answered /health; stopping.\n');
    return 0;
  } catch (error) {
    process.stderr.write(`Smoke run failed: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await running.close();
  }
}

/**
 * Where the dashboard is: with a token in the URL when the gateway made up its own secret (no
 * GATEWAY_JWT_SECRET in embedded mode), else with a pointer to `npm run token`.
 */
async function dashboardLine(gateway: RunningEmbeddedService, port: number): Promise<string> {
  const url = `http://127.0.0.1:${port}/dashboard/`;
  const issuer = gateway.app.get<DevTokenIssuer | undefined>(DEV_TOKEN_ISSUER, { strict: false });
  if (!issuer) return `  ${'dashboard'.padEnd(14)} ${url} (token: npm run token, with the same GATEWAY_JWT_SECRET)\n`;
  return `  ${'dashboard'.padEnd(14)} ${url}#token=${await issuer.issue()}\n`;
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
