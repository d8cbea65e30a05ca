import type { INestApplication, LoggerService, Type } from '@nestjs/common';
import { createServiceApp } from '../bootstrap/create-service-app.js';
import { serviceUrlVariable } from '../config/service-directory.js';
import { loadServiceEnv } from '../config/service-env.js';
import { openInfrastructure } from '../infrastructure/platform-infrastructure.js';
import type { OwnedInfrastructure } from '../infrastructure/platform-infrastructure.js';
import type { ServiceManifest } from '../service-manifest.js';
import { reservePorts } from './reserve-ports.js';

export interface EmbeddedService {
  readonly manifest: ServiceManifest;
  /** The service's own NestJS module (`services/<name>/src/app.module.ts`). */
  readonly appModule: Type<unknown>;
}

export interface RunningEmbeddedService {
  readonly name: string;
  readonly app: INestApplication;
  /** Base URL, e.g. http://127.0.0.1:3004 */
  readonly url: string;
}

export interface EmbeddedPlatform {
  readonly services: readonly RunningEmbeddedService[];
  readonly infrastructure: OwnedInfrastructure;
  /** The running service by name; throws when there is none. */
  service(name: string): RunningEmbeddedService;
  /** Stops taking requests, closes every app, then the bus and the database. */
  close(): Promise<void>;
}

export interface StartEmbeddedOptions {
  /** Environment for every service (validated per service as in production). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * `manifest`: each service on its configured port; `ephemeral`: free ports (tests), reserved
   * before any service starts, with each service's URL passed to all of them as
   * `<NAME>_SERVICE_URL` (unless `env` sets it) so they find each other (`serviceUrl`).
   * @default 'manifest'
   */
  readonly ports?: 'manifest' | 'ephemeral';
  readonly host?: string;
  /** Per-service logger, or false for none. */
  readonly logger?: (name: string) => LoggerService | false;
}

/**
 * Runs several services in this process, the embedded mode: one in-memory bus and one database
 * shared by all, one NestJS app (own module, port and health endpoints) per service. Moving a
 * service into its own process changes configuration, not code.
 */
export async function startEmbeddedServices(
  services: readonly EmbeddedService[],
  options: StartEmbeddedOptions = {},
): Promise<EmbeddedPlatform> {
  const host = options.host ?? '127.0.0.1';
  let source: NodeJS.ProcessEnv = { ...(options.env ?? process.env), PLATFORM_MODE: 'embedded' };
  let ports: readonly (number | undefined)[] = services.map(() => undefined);
  if (options.ports === 'ephemeral') {
    ports = await reservePorts(services.length);
    const peerHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
    const urls = Object.fromEntries(
      services.map(({ manifest }, i) => [serviceUrlVariable(manifest.name), `http://${peerHost}:${ports[i]}`]),
    );
    source = { ...urls, ...source };
  }
  const envs = services.map(({ manifest }, i) =>
    loadServiceEnv(manifest, ports[i] === undefined ? source : { ...source, PORT: String(ports[i]) }),
  );
  const needs = (dependency: 'bus' | 'database') => services.some((s) => s.manifest.dependsOn.includes(dependency));
  const infrastructure = await openInfrastructure(
    'embedded',
    envs[0]!,
    { bus: needs('bus'), database: needs('database') },
    source,
  );

  const apps: INestApplication[] = [];
  try {
    for (const [i, { manifest, appModule }] of services.entries()) {
      const app = await createServiceApp(
        manifest,
        envs[i]!,
        appModule,
        infrastructure,
        options.logger?.(manifest.name) ?? false,
      );
      apps.push(app);
      await app.init();
    }
    // Every module has subscribed: start delivering.
    await infrastructure.start();
    const running: RunningEmbeddedService[] = [];
    for (const [i, app] of apps.entries()) {
      await app.listen(envs[i]!.PORT, host);
      const { port } = app.getHttpServer().address() as { port: number };
      running.push({ name: services[i]!.manifest.name, app, url: `http://${host}:${port}` });
    }
    return {
      services: running,
      infrastructure,
      service: (name) => {
        const found = running.find((s) => s.name === name);
        if (!found)
          throw new Error(`no embedded service named "${name}"; running: ${running.map((s) => s.name).join(', ')}`);
        return found;
      },
      close: async () => {
        await Promise.allSettled(apps.map((app) => app.close()));
        await infrastructure.close();
      },
    };
  } catch (error) {
    await Promise.allSettled(apps.map((app) => app.close()));
    await infrastructure.close();
    throw error;
  }
}
