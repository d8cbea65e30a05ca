import type { AccountRecord, InstrumentRecord, NewOrder } from '../repository/records.js';
import type { TradingRepository } from '../repository/trading-repository.js';

export const DEMO_ACCOUNTS: readonly AccountRecord[] = [
  { id: 'demo-trader', name: 'Demo trader', baseCurrency: 'USD' },
  { id: 'demo-fund', name: 'Demo fund', baseCurrency: 'USD' },
];

export const DEMO_INSTRUMENTS: readonly InstrumentRecord[] = [
  instrument('BTCUSDT', 'USDT', 0.01, 0.0001, 10),
  instrument('ETHUSDT', 'USDT', 0.01, 0.001, 10),
  instrument('AAPL', 'USD', 0.01, 1, 0),
];

export interface SeedSummary {
  readonly accounts: number;
  readonly instruments: number;
  /** Orders this run created (0 on a second run: the seed is idempotent). */
  readonly ordersCreated: number;
  readonly fillsRecorded: number;
}

// A fixed clock, so every run writes the same rows.
const T0 = Date.UTC(2026, 0, 5, 14, 30);

/**
 * Loads demo accounts, instruments, a filled order with its fill and position, a resting limit
 * order and a canceled one, and sets trading ACTIVE. Safe to run again: every write is keyed
 * (client order id, (venue, tradeId), primary keys), so a second run changes nothing.
 */
export async function seedDemoData(repo: TradingRepository): Promise<SeedSummary> {
  for (const account of DEMO_ACCOUNTS) await repo.referenceData.saveAccount(account);
  for (const item of DEMO_INSTRUMENTS) await repo.referenceData.saveInstrument(item);
  if (!(await repo.tradingState.get())) {
    await repo.tradingState.set({ state: 'ACTIVE', reason: 'demo seed', changedBy: 'db:seed' });
  }
  let ordersCreated = 0;
  let fillsRecorded = 0;

  const filled = order('seed-btc-buy-1', 'BTCUSDT.paper', 'BUY', 'MARKET', 0.5, undefined, T0);
  if (await create(repo, filled)) {
    ordersCreated++;
    await accept(repo, filled, T0 + 20);
    const result = await repo.fills.record({
      fill: {
        venue: 'paper',
        tradeId: 'seed-trade-1',
        clientOrderId: filled.clientOrderId,
        accountId: filled.accountId,
        instrumentId: filled.instrumentId,
        side: 'BUY',
        quantity: 0.5,
        price: 64_250.5,
        fee: 32.13,
        feeCurrency: 'USDT',
        occurredAt: T0 + 40,
      },
      order: {
        expectedVersion: 3,
        changes: { status: 'FILLED', filledQuantity: 0.5, averagePrice: 64_250.5 },
        event: event(filled, 4, 'order.filled', T0 + 40, { tradeId: 'seed-trade-1', quantity: 0.5, price: 64_250.5 }),
      },
      position: {
        accountId: filled.accountId,
        instrumentId: filled.instrumentId,
        quantity: 0.5,
        averagePrice: 64_250.5,
        realizedPnl: 0,
      },
    });
    if (result.outcome === 'recorded') fillsRecorded++;
  }

  const resting = order('seed-eth-limit-1', 'ETHUSDT.paper', 'BUY', 'LIMIT', 2, 3_100, T0 + 60_000);
  if (await create(repo, resting)) {
    ordersCreated++;
    await accept(repo, resting, T0 + 60_020);
  }

  const canceled = order('seed-aapl-limit-1', 'AAPL.paper', 'SELL', 'LIMIT', 10, 245.1, T0 + 120_000, 'demo-fund');
  if (await create(repo, canceled)) {
    ordersCreated++;
    await accept(repo, canceled, T0 + 120_020);
    await repo.orders.transition({
      clientOrderId: canceled.clientOrderId,
      expectedVersion: 3,
      changes: { status: 'CANCELED' },
      event: event(canceled, 4, 'order.canceled', T0 + 180_000, {}),
    });
  }
  return { accounts: DEMO_ACCOUNTS.length, instruments: DEMO_INSTRUMENTS.length, ordersCreated, fillsRecorded };
}

function instrument(symbol: string, quote: string, tick: number, lot: number, minNotional: number): InstrumentRecord {
  return {
    id: `${symbol}.paper`,
    symbol,
    venue: 'paper',
    quoteCurrency: quote,
    tickSize: tick,
    lotSize: lot,
    minQuantity: lot,
    minNotional,
  };
}

function order(
  clientOrderId: string,
  instrumentId: string,
  side: 'BUY' | 'SELL',
  orderType: 'MARKET' | 'LIMIT',
  quantity: number,
  price: number | undefined,
  createdAt: number,
  accountId = 'demo-trader',
): NewOrder {
  return {
    clientOrderId,
    accountId,
    strategyId: 'demo-seed',
    instrumentId,
    venue: 'paper',
    side,
    orderType,
    timeInForce: 'GTC',
    quantity,
    ...(price === undefined ? {} : { price }),
    status: 'INITIALIZED',
    createdAt,
  };
}

function event(o: NewOrder, version: number, type: string, at: number, details: Record<string, number | string>) {
  return {
    eventId: `${o.clientOrderId}:${version}`,
    type,
    occurredAt: at,
    payload: { type, clientOrderId: o.clientOrderId, ts: at, ...details },
  };
}

async function create(repo: TradingRepository, o: NewOrder): Promise<boolean> {
  const result = await repo.orders.create({
    order: o,
    event: event(o, 1, 'order.initialized', o.createdAt, { quantity: o.quantity }),
  });
  return result.outcome === 'created';
}

/** INITIALIZED → SUBMITTED → ACCEPTED (versions 2 and 3). */
async function accept(repo: TradingRepository, o: NewOrder, at: number): Promise<void> {
  await repo.orders.transition({
    clientOrderId: o.clientOrderId,
    expectedVersion: 1,
    changes: { status: 'SUBMITTED' },
    event: event(o, 2, 'order.submitted', at - 10, {}),
  });
  await repo.orders.transition({
    clientOrderId: o.clientOrderId,
    expectedVersion: 2,
    changes: { status: 'ACCEPTED', venueOrderId: `paper-${o.clientOrderId}` },
    event: event(o, 3, 'order.accepted', at, {}),
  });
}
