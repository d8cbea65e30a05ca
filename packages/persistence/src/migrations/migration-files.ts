import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PACKAGE_DIR } from '../cli/prisma-cli.js';

/** prisma/migrations: the one migration history applied to PGlite and PostgreSQL alike. */
export const MIGRATIONS_DIR = path.join(PACKAGE_DIR, 'prisma/migrations');

export interface MigrationFile {
  /** Folder name, `<yyyyMMddHHmmss>_<what>`; migrations apply in name order. */
  readonly name: string;
  readonly sql: string;
  /** SHA-256 of migration.sql in hex, as Prisma records it in `_prisma_migrations.checksum`. */
  readonly checksum: string;
}

const MIGRATION_NAME = /^\d{14}_[a-z0-9_]+$/;

/** Reads every migration in order; a malformed folder is an error, not a skipped migration. */
export function readMigrations(dir: string = MIGRATIONS_DIR): MigrationFile[] {
  if (!fs.existsSync(dir)) throw new Error(`migrations folder not found: ${dir}`);
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      if (!MIGRATION_NAME.test(name)) {
        throw new Error(`migration folder ${name} in ${dir} must be named <yyyyMMddHHmmss>_<lower_snake_name>`);
      }
      const file = path.join(dir, name, 'migration.sql');
      if (!fs.existsSync(file)) throw new Error(`migration ${name} has no migration.sql (${file})`);
      const sql = fs.readFileSync(file, 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}
