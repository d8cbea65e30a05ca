import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/prisma/client.js';
import { applyMigrations } from '../migrations/apply-migrations.js';
import type { AppliedMigrations, MigrationTarget } from '../migrations/apply-migrations.js';
import { pgliteMigrationTarget, withPostgresMigrationTarget } from '../migrations/migration-targets.js';
import { pgliteRunner, poolRunner } from './sql-runner.js';
import type { SqlRunner } from './sql-runner.js';

/**
 * Where the data lives. `pglite`: PostgreSQL compiled to WebAssembly, in this process (the
 * embedded default), in memory or in a folder. `postgres`: a PostgreSQL server (distributed mode).
 */
export type DatabaseOptions =
  | {
      readonly kind: 'pglite';
      /** Folder for the data; in memory (lost on exit) when omitted. */
      readonly dataDir?: string;
    }
  | {
      readonly kind: 'postgres';
      /** postgresql://user:password@host:5432/database */
      readonly url: string;
      /** Connections in the pool. @default 10 */
      readonly poolSize?: number;
    };

export interface OpenDatabaseOptions {
  /** Apply pending migrations before returning. @default true */
  readonly migrate?: boolean;
}

/** An open database: the Prisma client, the driver under it, and what was migrated. */
export interface Database {
  readonly kind: DatabaseOptions['kind'];
  readonly prisma: PrismaClient;
  /** The driver Prisma uses (same PGlite, same pool), for the hot statements (see `SqlRunner`). */
  readonly sql: SqlRunner;
  readonly migrations: AppliedMigrations;
  /** Disconnects Prisma and closes the pool or the PGlite instance. */
  close(): Promise<void>;
}

// Embedded mode serializes transactions on one PGlite connection; a burst of orders may queue
// longer than Prisma's 2 s default wait.
const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 15_000 };

/** Opens the database, migrates it (same SQL files for both kinds) and returns a Prisma client. */
export async function openDatabase(options: DatabaseOptions, open: OpenDatabaseOptions = {}): Promise<Database> {
  const { factory, sql, closeDriver, withMigrationTarget } = await connectDriver(options);
  let migrations: AppliedMigrations = { applied: [], alreadyApplied: [] };
  try {
    if (open.migrate ?? true) migrations = await withMigrationTarget((target) => applyMigrations(target));
  } catch (error) {
    await closeDriver();
    throw error;
  }
  const prisma = new PrismaClient({ adapter: factory, transactionOptions: TRANSACTION_OPTIONS });
  return {
    kind: options.kind,
    prisma,
    sql,
    migrations,
    close: async () => {
      await prisma.$disconnect();
      await closeDriver();
    },
  };
}

interface Driver {
  readonly factory: SqlDriverAdapterFactory;
  readonly sql: SqlRunner;
  readonly closeDriver: () => Promise<void>;
  readonly withMigrationTarget: <T>(work: (target: MigrationTarget) => Promise<T>) => Promise<T>;
}

async function connectDriver(options: DatabaseOptions): Promise<Driver> {
  if (options.kind === 'postgres') {
    if (!/^postgres(ql)?:\/\//.test(options.url)) {
      throw new Error(`DATABASE_URL must be a postgresql:// URL, got ${JSON.stringify(redact(options.url))}`);
    }
    // One pool for Prisma and the hot statements; given to the adapter, so it is ours to end.
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    // An idle connection the server dropped is replaced on next use; its error must not crash us.
    pool.on('error', () => undefined);
    return {
      factory: new PrismaPg(pool),
      sql: poolRunner(pool),
      closeDriver: () => pool.end(),
      withMigrationTarget: (work) => withPostgresMigrationTarget(options.url, work),
    };
  }
  if (options.dataDir) fs.mkdirSync(path.dirname(path.resolve(options.dataDir)), { recursive: true });
  const pglite = await PGlite.create(options.dataDir ? { dataDir: options.dataDir } : {});
  return {
    factory: new PrismaPGlite(pglite) as unknown as SqlDriverAdapterFactory,
    sql: pgliteRunner(pglite),
    withMigrationTarget: (work) => work(pgliteMigrationTarget(pglite)),
    closeDriver: async () => {
      if (!pglite.closed) await pglite.close();
    },
  };
}

/** The database the environment asks for: PostgreSQL when DATABASE_URL is set, else PGlite. */
export function databaseOptionsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  defaults: { pgliteDataDir?: string } = {},
): DatabaseOptions {
  const url = env.DATABASE_URL?.trim();
  if (url) return { kind: 'postgres', url };
  if (env.PLATFORM_MODE === 'distributed') {
    throw new Error(
      'DATABASE_URL is required in distributed mode, e.g. postgresql://user:password@localhost:5432/tradeforge',
    );
  }
  const dataDir = env.PGLITE_DATA_DIR?.trim() || defaults.pgliteDataDir;
  return dataDir ? { kind: 'pglite', dataDir } : { kind: 'pglite' };
}

/** Describes the options without a password, for logs. */
export function describeDatabase(options: DatabaseOptions): string {
  if (options.kind === 'postgres') return `PostgreSQL at ${redact(options.url)}`;
  return options.dataDir ? `PGlite in ${options.dataDir}` : 'PGlite in memory';
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
