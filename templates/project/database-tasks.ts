import type { javascript } from 'projen';
import { SOURCE_CONDITION } from '../workspace/workspace-package.js';

const PERSISTENCE_CLI = 'packages/persistence/src/cli';

/**
 * Root `db:*` tasks around `@tradeforge/persistence`. Each works on PGlite (embedded, the
 * default) or on PostgreSQL when `DATABASE_URL` is set; none needs a Prisma engine download.
 */
export function addDatabaseTasks(project: javascript.NodeProject): void {
  // Where the db:* tasks keep PGlite data by default (packages/persistence/src/cli/open-from-env.ts).
  project.gitignore.exclude('.data/');
  const run = (script: string) => `tsx --conditions=${SOURCE_CONDITION} ${PERSISTENCE_CLI}/${script}`;
  project.addTask('db:migrate', {
    description: 'Apply pending migrations: DATABASE_URL (PostgreSQL) or PGLITE_DATA_DIR (default .data/pglite)',
    exec: run('migrate.ts'),
    receiveArgs: true,
  });
  project.addTask('db:seed', {
    description: 'Migrate, then load demo accounts, instruments and orders (idempotent)',
    exec: run('seed.ts'),
    receiveArgs: true,
  });
  project.addTask('db:generate', {
    description: 'Regenerate the committed Prisma client after editing packages/persistence/prisma/schema.prisma',
    exec: run('generate-client.ts'),
  });
  project.addTask('db:migration', {
    description: 'Write a new migration from the schema change: npm run db:migration -- --name <what-changed>',
    exec: run('create-migration.ts'),
    receiveArgs: true,
  });
}
