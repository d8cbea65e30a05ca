import { describe, expect, it } from 'vitest';
import { TradingRepository, seedDemoData } from '../src/index.js';
import { DATABASE_KINDS, useDatabase } from './support/databases.js';

describe.each(DATABASE_KINDS)('demo seed on %s', (kind) => {
  const database = useDatabase(kind);

  it('loads accounts, instruments, orders with their history, a fill and a position; a rerun changes nothing', async () => {
    const repo = new TradingRepository(database.db.prisma);
    expect(await seedDemoData(repo)).toEqual({ accounts: 2, instruments: 3, ordersCreated: 3, fillsRecorded: 1 });
    const snapshot = async () => ({
      accounts: await repo.referenceData.accounts(),
      instruments: await repo.referenceData.instruments(),
      orders: await repo.orders.list(),
      events: await database.db.prisma.orderEvent.count(),
      fills: await repo.fills.list(),
      positions: await repo.positions.list(),
      state: await repo.tradingState.get(),
    });
    const first = await snapshot();
    expect(first.orders.map((o) => [o.clientOrderId, o.status])).toEqual([
      ['seed-aapl-limit-1', 'CANCELED'],
      ['seed-eth-limit-1', 'ACCEPTED'],
      ['seed-btc-buy-1', 'FILLED'],
    ]);
    expect(first.events).toBe(11);
    expect(first.positions).toMatchObject([{ accountId: 'demo-trader', instrumentId: 'BTCUSDT.paper', quantity: 0.5 }]);
    expect(first.state).toMatchObject({ state: 'ACTIVE' });

    expect(await seedDemoData(repo)).toEqual({ accounts: 2, instruments: 3, ordersCreated: 0, fillsRecorded: 0 });
    expect(await snapshot()).toEqual(first);
  });
});
