import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { MIGRATIONS_DIR } from '../migrations/migration-files.js';
import { diffMigrationsToSchema } from './schema-diff.js';

// npm run db:migration -- --name <what_changed>
// Writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that takes the current
// migration history to prisma/schema.prisma. Review it, add what Prisma cannot express (triggers,
// partial indexes), then commit it with the schema and `npm run db:generate`'s client.
const { values } = parseArgs({ options: { name: { type: 'string' } } });
const name = (values.name ?? '')
  .trim()
  .toLowerCase()
  .replace(/[^a-z0-9]+/g, '_')
  .replace(/^_|_$/g, '');
if (!name) {
  console.error('Name the migration: npm run db:migration -- --name add_order_tags');
  process.exit(2);
}
const sql = await diffMigrationsToSchema();
if (sql === '') {
  console.log('prisma/schema.prisma and the migrations agree: no migration written.');
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, 'migration.sql'), sql);
console.log(`Wrote ${path.relative(process.cwd(), path.join(dir, 'migration.sql'))}:\n\n${sql}`);
