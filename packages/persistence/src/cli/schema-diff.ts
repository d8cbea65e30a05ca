import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { SchemaEngine } from '@prisma/schema-engine-wasm';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { MIGRATIONS_DIR, readMigrations } from '../migrations/migration-files.js';
import { SCHEMA_PATH } from './prisma-cli.js';

/**
 * The SQL that takes a database migrated with every file in `migrationsDir` to `schemaPath`, or
 * '' when they agree. Prisma's own schema engine (its WebAssembly build) computes it, replaying
 * the migrations into an in-memory PGlite shadow database: no server, no engine download.
 */
export async function diffMigrationsToSchema(
  schemaPath: string = SCHEMA_PATH,
  migrationsDir: string = MIGRATIONS_DIR,
): Promise<string> {
  const schema = fs.readFileSync(schemaPath, 'utf8');
  const pglite = new PGlite();
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPGlite(pglite));
  const engine = await SchemaEngine.new({ datamodels: [[schemaPath, schema]] }, () => undefined, adapter);
  try {
    const result = await engine.diff({
      from: {
        tag: 'migrations',
        baseDir: migrationsDir,
        lockfile: {
          path: 'migration_lock.toml',
          content: readIfExists(path.join(migrationsDir, 'migration_lock.toml')),
        },
        shadowDbInitScript: '',
        migrationDirectories: readMigrations(migrationsDir).map((m) => ({
          path: m.name,
          migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: m.sql } },
        })),
      },
      to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: schema }] },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    const sql = result.stdout ?? '';
    return /^\s*(-- This is an empty migration\.)?\s*$/.test(sql) ? '' : sql;
  } finally {
    engine.free();
    await pglite.close();
  }
}

function readIfExists(file: string): string | null {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
}
