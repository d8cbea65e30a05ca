import { TradingRepository } from '../repository/trading-repository.js';
import { seedDemoData } from '../seed/demo-data.js';
import { openFromEnv } from './open-from-env.js';

// npm run db:seed — migrates, then loads demo accounts, instruments and orders (idempotent).
try {
  const db = await openFromEnv();
  try {
    const summary = await seedDemoData(new TradingRepository(db.prisma));
    console.log(
      `Seeded ${summary.accounts} accounts, ${summary.instruments} instruments; ` +
        `${summary.ordersCreated} new orders, ${summary.fillsRecorded} new fills` +
        (summary.ordersCreated === 0 ? ' (already seeded)' : ''),
    );
  } finally {
    await db.close();
  }
} catch (error) {
  console.error(`db:seed failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
