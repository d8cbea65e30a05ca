import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { MigrationTarget } from './apply-migrations.js';

/** PGlite's `exec` runs a script through the simple query protocol. */
export function pgliteMigrationTarget(pglite: PGlite): MigrationTarget {
  return {
    runScript: async (sql) => {
      await pglite.exec(sql);
    },
    queryRows: async (sql) => (await pglite.query<unknown[]>(sql, [], { rowMode: 'array' })).rows,
  };
}

/** One dedicated `pg` connection; a query without parameters uses the simple query protocol. */
export async function withPostgresMigrationTarget<T>(
  url: string,
  work: (target: MigrationTarget) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work({
      runScript: async (sql) => {
        await client.query(sql);
      },
      queryRows: async (sql) => (await client.query<unknown[]>({ text: sql, rowMode: 'array' })).rows,
    });
  } finally {
    await client.end();
  }
}
