import { randomUUID } from 'node:crypto';
import { readMigrations } from './migration-files.js';
import type { MigrationFile } from './migration-files.js';

/**
 * A connection that runs a multi-statement script the way PostgreSQL's simple query protocol
 * does: as one implicit transaction. (Prisma's driver adapters split scripts on `;`, which
 * breaks function bodies and atomicity, so migrations use the drivers directly.)
 */
export interface MigrationTarget {
  runScript(sql: string): Promise<void>;
  /** Rows as arrays of column values. */
  queryRows(sql: string): Promise<unknown[][]>;
}

/** Thrown when the database's history and the migrations folder disagree; names what to do. */
export class MigrationHistoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationHistoryError';
  }
}

export interface AppliedMigrations {
  /** Migrations this call applied, in order. */
  readonly applied: string[];
  /** Migrations that were already there. */
  readonly alreadyApplied: string[];
}

// Any constant works; it only has to be the same for every process migrating this database.
const MIGRATION_LOCK_KEY = 7_467_310_125;

// Prisma's own history table, so `prisma migrate status|deploy` agree with what ran here.
const HISTORY_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/**
 * Applies pending migrations, so PGlite and PostgreSQL run the same SQL files the same way. Each migration and its history row are one script, which both
 * databases run as one implicit transaction: a failing migration leaves nothing behind.
 * Processes starting together serialize on an advisory lock; the loser finds the work done.
 */
export async function applyMigrations(
  target: MigrationTarget,
  migrations: readonly MigrationFile[] = readMigrations(),
): Promise<AppliedMigrations> {
  await target.runScript(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY});\n${HISTORY_TABLE};`);
  const applied: string[] = [];
  const alreadyApplied: string[] = [];
  let history = await readHistory(target);
  checkHistory(history, migrations);
  for (const migration of migrations) {
    if (history.has(migration.name)) {
      alreadyApplied.push(migration.name);
      continue;
    }
    try {
      await target.runScript(migrationScript(migration));
      applied.push(migration.name);
    } catch (error) {
      // Another process may have applied it while this one waited for the lock.
      history = await readHistory(target);
      if (history.get(migration.name)?.checksum === migration.checksum) {
        alreadyApplied.push(migration.name);
        continue;
      }
      throw new MigrationHistoryError(
        `migration ${migration.name} failed and was rolled back (nothing of it was applied): ${describe(error)}`,
      );
    }
  }
  return { applied, alreadyApplied };
}

interface HistoryRow {
  readonly checksum: string;
  readonly finished: boolean;
}

async function readHistory(target: MigrationTarget): Promise<Map<string, HistoryRow>> {
  const rows = await target.queryRows(
    'SELECT "migration_name", "checksum", "finished_at" IS NOT NULL AS "finished" FROM "_prisma_migrations" WHERE "rolled_back_at" IS NULL',
  );
  const history = new Map<string, HistoryRow>();
  for (const [name, checksum, finished] of rows) {
    history.set(String(name), { checksum: String(checksum), finished: finished === true });
  }
  return history;
}

function checkHistory(history: ReadonlyMap<string, HistoryRow>, migrations: readonly MigrationFile[]): void {
  const known = new Map(migrations.map((m) => [m.name, m]));
  for (const [name, row] of history) {
    const file = known.get(name);
    if (!row.finished) {
      throw new MigrationHistoryError(
        `migration ${name} is recorded as started but not finished (a failed \`prisma migrate deploy\`?). ` +
          `Fix the database by hand, then mark it: npx prisma migrate resolve --applied ${name} (or --rolled-back).`,
      );
    }
    if (!file) {
      throw new MigrationHistoryError(
        `the database has migration ${name}, which is not in prisma/migrations: it was migrated by a newer ` +
          'version of the code. Deploy that version, or restore the missing migration folder.',
      );
    }
    if (file.checksum !== row.checksum) {
      throw new MigrationHistoryError(
        `migration ${name} was edited after it was applied (checksum differs). Restore the original ` +
          'migration.sql and put the change in a new migration: npm run db:migration -- --name <what>.',
      );
    }
  }
}

function migrationScript(migration: MigrationFile): string {
  // Names and checksums are validated ([0-9a-z_] and hex), so they are safe as literals.
  return [
    `SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY});`,
    migration.sql,
    ';',
    'INSERT INTO "_prisma_migrations" ("id", "checksum", "finished_at", "migration_name", "applied_steps_count")',
    `VALUES ('${randomUUID()}', '${migration.checksum}', now(), '${migration.name}', 1);`,
  ].join('\n');
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
