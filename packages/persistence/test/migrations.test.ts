import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { diffMigrationsToSchema } from '../src/cli/schema-diff.js';
import { MigrationHistoryError, applyMigrations, openDatabase, readMigrations } from '../src/index.js';
import type { Database, DatabaseOptions } from '../src/index.js';
import { pgliteMigrationTarget } from '../src/migrations/migration-targets.js';
import { DATABASE_KINDS, useDatabase } from './support/databases.js';

/** Tables, columns, types, nullability and defaults as the database reports them. */
async function catalog(db: Database): Promise<string[]> {
  const rows = await db.prisma.$queryRaw<Record<string, string>[]>`
    SELECT table_name, column_name, data_type, is_nullable, coalesce(column_default, '') AS column_default,
           coalesce(numeric_precision::text, '') AS precision, coalesce(numeric_scale::text, '') AS scale
    FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, column_name`;
  const indexes = await db.prisma.$queryRaw<{ indexdef: string }[]>`
    SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname`;
  return [...rows.map((r) => Object.values(r).join(' | ')), ...indexes.map((i) => i.indexdef)];
}

const catalogs = new Map<string, string[]>();

describe.each(DATABASE_KINDS)('migrations on %s', (kind) => {
  const database = useDatabase(kind);

  it('creates every table of the schema, recorded in Prisma’s history table', async () => {
    const { applied, alreadyApplied } = database.db.migrations;
    expect([...applied, ...alreadyApplied]).toEqual(readMigrations().map((m) => m.name));
    const tables = (await catalog(database.db)).map((line) => line.split(' | ')[0]);
    for (const table of ['accounts', 'instruments', 'orders', 'order_events', 'fills', 'positions']) {
      expect(tables).toContain(table);
    }
    for (const table of ['trading_state', 'audit_log', 'outbox', 'outbox_lease', '_prisma_migrations']) {
      expect(tables).toContain(table);
    }
    const history = await database.db.prisma.$queryRaw<{ migration_name: string; checksum: string }[]>`
      SELECT migration_name, checksum FROM _prisma_migrations ORDER BY migration_name`;
    expect(history).toEqual(readMigrations().map((m) => ({ migration_name: m.name, checksum: m.checksum })));
    catalogs.set(kind, await catalog(database.db));
  });

  it('applies nothing the second time, and the data outlives the connection', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tradeforge-pglite-'));
    const options: DatabaseOptions = kind === 'pglite' ? { kind, dataDir } : await database.options();
    const names = readMigrations().map((m) => m.name);
    try {
      const first = await openDatabase(options);
      expect(first.migrations).toEqual({ applied: names, alreadyApplied: [] });
      await first.prisma.account.create({ data: { id: 'kept', name: 'Kept', baseCurrency: 'USD' } });
      await first.close();
      const second = await openDatabase(options);
      expect(second.migrations).toEqual({ applied: [], alreadyApplied: names });
      expect(await second.prisma.account.findUnique({ where: { id: 'kept' } })).toMatchObject({ name: 'Kept' });
      await second.close();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('one schema for both databases', () => {
  it('PGlite and PostgreSQL end with the same tables, columns, types, defaults and indexes', () => {
    expect(catalogs.get('pglite')).toBeDefined();
    expect(catalogs.get('pglite')).toEqual(catalogs.get('postgres'));
  });

  it('schema.prisma and the migrations agree (Prisma’s schema engine finds nothing to migrate)', async () => {
    expect(await diffMigrationsToSchema()).toBe('');
  });
});

describe('migration history guards', () => {
  const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'tradeforge-migrations-'));

  function writeMigration(dir: string, name: string, sql: string): void {
    fs.mkdirSync(path.join(dir, name), { recursive: true });
    fs.writeFileSync(path.join(dir, name, 'migration.sql'), sql);
  }

  it('rolls back a failing migration entirely and names it; the ones before it stay', async () => {
    const dir = tmp();
    writeMigration(dir, '20260101000000_first', 'CREATE TABLE a (id int);');
    writeMigration(dir, '20260102000000_broken', 'CREATE TABLE b (id int);\nCREATE TABLE a (id int);');
    const pglite = new PGlite();
    try {
      const target = pgliteMigrationTarget(pglite);
      await expect(applyMigrations(target, readMigrations(dir))).rejects.toThrow(
        /migration 20260102000000_broken failed and was rolled back .*relation "a" already exists/,
      );
      const tables = await target.queryRows("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
      expect(tables.map((r) => r[0])).toEqual(['_prisma_migrations', 'a']);
      const history = await target.queryRows('SELECT migration_name FROM _prisma_migrations');
      expect(history.map((r) => r[0])).toEqual(['20260101000000_first']);
    } finally {
      await pglite.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a migration edited after it was applied, and one the folder does not have', async () => {
    const dir = tmp();
    writeMigration(dir, '20260101000000_first', 'CREATE TABLE a (id int);');
    const pglite = new PGlite();
    try {
      const target = pgliteMigrationTarget(pglite);
      await applyMigrations(target, readMigrations(dir));
      writeMigration(dir, '20260101000000_first', 'CREATE TABLE a (id bigint);');
      await expect(applyMigrations(target, readMigrations(dir))).rejects.toThrow(MigrationHistoryError);
      await expect(applyMigrations(target, readMigrations(dir))).rejects.toThrow(/was edited after it was applied/);
      await expect(applyMigrations(target, [])).rejects.toThrow(/not in prisma\/migrations/);
    } finally {
      await pglite.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a badly named migration folder instead of skipping it', () => {
    const dir = tmp();
    writeMigration(dir, 'add-things', 'SELECT 1;');
    expect(() => readMigrations(dir)).toThrow(/must be named <yyyyMMddHHmmss>_<lower_snake_name>/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
