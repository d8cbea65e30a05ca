import type { INestApplication, Type } from '@nestjs/common';
import { createServiceApp } from '../bootstrap/create-service-app.js';
import { loadServiceEnv } from '../config/service-env.js';
import { infrastructureNeeds, openInfrastructure } from '../infrastructure/platform-infrastructure.js';
import type { EventBus } from '../bus/event-bus.js';
import { PLATFORM_SETTINGS } from '../generated/platform-settings.js';
import { PLATFORM_TOPICS } from '../generated/platform-topics.js';
import type { ServiceManifest } from '../service-manifest.js';

export interface RunningService {
  readonly app: INestApplication;
  /** Base URL, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Starts a service's real HTTP server on a free loopback port, for tests. The environment is
 * validated exactly as in production; pass overrides to test other modes.
 */
export async function startServiceForTest(
  manifest: ServiceManifest,
  appModule: Type<unknown>,
  envOverrides: NodeJS.ProcessEnv = {},
): Promise<RunningService> {
  const source = { ...envOverrides, PORT: '0', HOST: '127.0.0.1' };
  const env = loadServiceEnv(manifest, source);
  const infrastructure = await openInfrastructure(manifest.name, env, infrastructureNeeds(manifest), source);
  const app = await createServiceApp(manifest, env, appModule, infrastructure, false);
  await app.init();
  await infrastructure.start();
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    close: async () => {
      await app.close();
      await infrastructure.close();
    },
  };
}

export { startEmbeddedServices } from '../embedded/start-embedded-services.js';
export type { EmbeddedPlatform, EmbeddedService } from '../embedded/start-embedded-services.js';

/**
 * Polls `read` until it returns something other than undefined, for asynchronous outcomes on the
 * bus; fails with what it was waiting for. A bound on attempts, not a timing assertion.
 */
export async function eventually<T>(
  read: () => Promise<T | undefined> | T | undefined,
  what: string,
  { attempts = 300, intervalMs = 25 }: { attempts?: number; intervalMs?: number } = {},
): Promise<T> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * Publishes one market bar closing at `close`, `spread` above and below: what the paper venue
 * fills working orders against, risk prices market orders with and the portfolio marks with.
 */
export async function publishBar(
  bus: EventBus,
  close: number,
  instrumentId = PLATFORM_SETTINGS.instruments[0]!.id,
  spread = 20,
): Promise<void> {
  await bus.publish(PLATFORM_TOPICS.marketBars, {
    type: 'market.bar',
    version: 1,
    instrumentId,
    ts: Date.now(),
    open: close,
    high: close + spread,
    low: close - spread,
    close,
    volume: 50,
  });
}
