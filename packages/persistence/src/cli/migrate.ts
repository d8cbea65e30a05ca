import { openFromEnv } from './open-from-env.js';

// npm run db:migrate — applies pending migrations to DATABASE_URL, or to PGlite in PGLITE_DATA_DIR.
try {
  const db = await openFromEnv();
  await db.close();
} catch (error) {
  console.error(`db:migrate failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
