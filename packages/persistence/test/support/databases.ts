import { randomUUID } from 'node:crypto';
import { startPostgres } from '@tradeforge/test-infra';
import type { RunningPostgres } from '@tradeforge/test-infra';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase } from '../../src/index.js';
import type { Database, DatabaseOptions, NewOrder, OrderEventInput } from '../../src/index.js';

/** Every suite that takes a database runs against both: the same code, the same migrations. */
export const DATABASE_KINDS = ['pglite', 'postgres'] as const;
export type DatabaseKind = (typeof DATABASE_KINDS)[number];

let server: RunningPostgres | undefined;
let serverUsers = 0;

/**
 * A fresh, migrated database of `kind` for the enclosing describe block: in-memory PGlite, or a
 * new database on a real PostgreSQL server started for this test file.
 */
export function useDatabase(kind: DatabaseKind): {
  readonly db: Database;
  /** What `db` was opened with (its URL, for PostgreSQL). */
  readonly openedWith: DatabaseOptions;
  /** Options for another fresh database of the same kind. */
  options(): Promise<DatabaseOptions>;
} {
  let db: Database | undefined;
  let openedWith: DatabaseOptions | undefined;
  const options = async (): Promise<DatabaseOptions> => {
    if (kind === 'pglite') return { kind: 'pglite' };
    server ??= await startPostgres();
    return { kind: 'postgres', url: await server.createDatabase(`t_${randomUUID().replaceAll('-', '').slice(0, 16)}`) };
  };
  beforeAll(async () => {
    if (kind === 'postgres') serverUsers++;
    openedWith = await options();
    db = await openDatabase(openedWith);
  });
  afterAll(async () => {
    await db?.close();
    if (kind === 'postgres' && --serverUsers === 0) {
      await server?.stop();
      server = undefined;
    }
  });
  return {
    get db() {
      if (!db) throw new Error('database not open yet: use it inside a test or hook');
      return db;
    },
    get openedWith() {
      if (!openedWith) throw new Error('database not open yet: use it inside a test or hook');
      return openedWith;
    },
    options,
  };
}

let counter = 0;

/** A new order with a unique client order id. */
export function newOrder(overrides: Partial<NewOrder> = {}): NewOrder {
  counter++;
  return {
    clientOrderId: `test-${counter}-${randomUUID().slice(0, 8)}`,
    accountId: 'acct-1',
    strategyId: 'sma',
    instrumentId: 'BTCUSDT.paper',
    venue: 'paper',
    side: 'BUY',
    orderType: 'LIMIT',
    timeInForce: 'GTC',
    quantity: 0.25,
    price: 64_000.5,
    status: 'INITIALIZED',
    createdAt: 1_767_600_000_000 + counter,
    ...overrides,
  };
}

export function orderEvent(
  clientOrderId: string,
  type: string,
  version: number,
  at = 1_767_600_000_000,
): OrderEventInput {
  return { eventId: `${clientOrderId}:${version}`, type, occurredAt: at + version, payload: { type, clientOrderId } };
}
