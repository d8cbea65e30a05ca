import type { Database } from '@tradeforge/persistence';
import { createEventBus } from '../bus/create-event-bus.js';
import type { EventBus } from '../bus/event-bus.js';
import type { ServiceEnv } from '../config/service-env.js';
import type { ServiceManifest } from '../service-manifest.js';

/** Injection tokens for what the platform hands every service module. */
export const EVENT_BUS = Symbol('EVENT_BUS');
export const DATABASE = Symbol('DATABASE');

/**
 * The infrastructure a service talks to: the event bus and, when the service declares it, the
 * database. A process that runs one service opens its own; the embedded host opens one of each
 * and hands the same instances to every service, so services cannot tell the difference.
 */
export interface PlatformInfrastructure {
  /** Present when the service (or, embedded, any service) depends on `bus`. */
  readonly bus: EventBus | undefined;
  /** Present when the service (or, embedded, any service) depends on `database`. */
  readonly database: Database | undefined;
}

export interface OwnedInfrastructure extends PlatformInfrastructure {
  /** Starts the bus's subscriptions; call once every module has subscribed. */
  start(): Promise<void>;
  /** Stops the bus, then closes the database. */
  close(): Promise<void>;
}

/**
 * Opens what is needed: the bus (in-memory, or Kafka when `KAFKA_BROKERS` is set) and the database (PGlite in memory or in `PGLITE_DATA_DIR`, or PostgreSQL at `DATABASE_URL`),
 * migrating it. The persistence package is loaded only when a database is needed.
 */
export async function openInfrastructure(
  clientId: string,
  env: ServiceEnv,
  needs: { readonly bus: boolean; readonly database: boolean },
  source: NodeJS.ProcessEnv = process.env,
): Promise<OwnedInfrastructure> {
  const bus = needs.bus ? await createEventBus({ env, clientId }) : undefined;
  let database: Database | undefined;
  if (needs.database) {
    const { openDatabase, databaseOptionsFromEnv } = await import('@tradeforge/persistence');
    database = await openDatabase(databaseOptionsFromEnv({ ...source, PLATFORM_MODE: env.PLATFORM_MODE }));
  }
  return {
    bus,
    database,
    start: async () => {
      await bus?.start();
    },
    close: async () => {
      await bus?.stop();
      await database?.close();
    },
  };
}

/** What a single-service process must open: what its manifest declares. */
export function infrastructureNeeds(manifest: ServiceManifest): { bus: boolean; database: boolean } {
  return { bus: manifest.dependsOn.includes('bus'), database: manifest.dependsOn.includes('database') };
}
