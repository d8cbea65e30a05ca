import { databaseOptionsFromEnv, describeDatabase, openDatabase } from '../database/open-database.js';
import type { Database } from '../database/open-database.js';

/** Where `npm run db:*` keep PGlite data when neither DATABASE_URL nor PGLITE_DATA_DIR is set. */
export const DEFAULT_PGLITE_DATA_DIR = '.data/pglite';

/** Opens (and migrates) the database the environment names, saying which one and what ran. */
export async function openFromEnv(): Promise<Database> {
  const options = databaseOptionsFromEnv(process.env, { pgliteDataDir: DEFAULT_PGLITE_DATA_DIR });
  console.log(`Database: ${describeDatabase(options)}`);
  const db = await openDatabase(options);
  const { applied, alreadyApplied } = db.migrations;
  console.log(
    applied.length > 0
      ? `Applied ${applied.length} migration(s): ${applied.join(', ')}`
      : `Up to date (${alreadyApplied.length} migration(s) applied earlier)`,
  );
  return db;
}
