import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { TransactionClient } from '../repository/scope.js';

/**
 * Runs one SQL statement with positional parameters (`$1`, `$2`…) and resolves with its rows.
 *
 * The order path's hot statements (order-statements.ts, the outbox relay's read and mark) go
 * through the database's own runner, straight to the driver: a raw query through Prisma costs
 * about a millisecond more of the one core than the driver's own call, and on PGlite every
 * order needs several. Rows come back as the driver types them (a NUMERIC as text, a BIGINT as
 * a number or text, a TIMESTAMPTZ as a Date); `driver-rows.ts` reads them all alike.
 */
export interface SqlRunner {
  query<R>(text: string, params?: readonly unknown[]): Promise<R[]>;
}

/** PGlite's own query: one round trip into WebAssembly, no Prisma in between. */
export function pgliteRunner(pglite: PGlite): SqlRunner {
  return { query: async (text, params = []) => (await pglite.query(text, [...params])).rows as never[] };
}

/** A node-postgres pool (the one Prisma's adapter uses too). */
export function poolRunner(pool: pg.Pool): SqlRunner {
  return { query: async (text, params = []) => (await pool.query(text, [...params])).rows as never[] };
}

/**
 * Through Prisma: for a caller's interactive transaction (the statements must run on its
 * connection), and for repositories built from a bare Prisma client.
 */
export function prismaRunner(client: PrismaClient | TransactionClient): SqlRunner {
  return { query: (text, params = []) => client.$queryRawUnsafe(text, ...params) };
}
