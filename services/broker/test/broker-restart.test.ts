import { contracts } from '@tradeforge/core';
import type { Instrument, Message } from '@tradeforge/core';
import { BUS_SETTINGS, InMemoryEventBus, PLATFORM_TOPICS } from '@tradeforge/runtime';
import { eventually } from '@tradeforge/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrokerSettings } from '../src/routing/broker-settings.js';
import { Broker } from '../src/routing/broker.js';
import type { MockBinanceVenue } from '../src/venues/binance/mock-binance-venue.js';
import type { MockUpbitVenue } from '../src/venues/upbit/mock-upbit-venue.js';
import { RecordedOrders } from './support/recorded-orders.js';
import { BINANCE_KEY, BINANCE_SECRET, startMockBinance } from './venues/support/binance-fixture.js';
import { BTCKRW, BTCUSDT } from './venues/support/order-book.js';
import { UPBIT_ACCESS, UPBIT_SECRET, startMockUpbit } from './venues/support/upbit-fixture.js';

/**
 * A broker restarted while its orders are open at live venues (the mock venues, reached as real
 * ones: credentials in the environment, `baseUrl` at the mock) adopts them from our records and
 * the venue: fills that happened while it was down are applied exactly once, and a cancel for
 * an order sent before the restart goes through.
 */
interface VenueCase {
  readonly venue: 'binance' | 'upbit';
  readonly instrument: Instrument;
  readonly symbol: string;
  readonly start: MockBinanceVenue | MockUpbitVenue | undefined;
  /** The market price at first, between the two fills, and while the broker is down. */
  readonly prices: { readonly open: number; readonly partly: number; readonly down: number };
  /** Limit prices: one crossed only while the broker is down, one crossed partly before, one never. */
  readonly limits: { readonly filledWhileDown: number; readonly partlyBefore: number; readonly neverCrossed: number };
  readonly quantity: number;
}

const CASES = [
  {
    venue: 'binance',
    instrument: BTCUSDT,
    symbol: 'BTCUSDT',
    prices: { open: 60_000, partly: 59_400, down: 58_900 },
    limits: { filledWhileDown: 59_000, partlyBefore: 59_500, neverCrossed: 58_000 },
    quantity: 0.01,
  },
  {
    venue: 'upbit',
    instrument: BTCKRW,
    symbol: 'KRW-BTC',
    prices: { open: 100_000_000, partly: 99_400_000, down: 98_900_000 },
    limits: { filledWhileDown: 99_000_000, partlyBefore: 99_500_000, neverCrossed: 98_000_000 },
    quantity: 0.001,
  },
] as const satisfies readonly Omit<VenueCase, 'start'>[];

describe.each(CASES)('a broker restarted with orders open at $venue', (c) => {
  // Each match fills at most 40 % of an order: partial fills before and while the broker is down.
  const maxFillPerMatch = c.quantity * 0.4;
  let mock: MockBinanceVenue | MockUpbitVenue;
  let bus: InMemoryEventBus;
  let records: RecordedOrders;
  let settings: BrokerSettings;
  let env: Record<string, string>;
  let broker: Broker | undefined;
  const id = (name: string) => `${c.venue}-${name}`;

  beforeAll(async () => {
    mock =
      c.venue === 'binance' ? await startMockBinance({ maxFillPerMatch }) : await startMockUpbit({ maxFillPerMatch });
    mock.setPrice(c.symbol, c.prices.open);
    settings = {
      instruments: [c.instrument],
      venues: [{ id: c.venue, enabled: true, baseUrl: mock.url }],
    };
    env =
      c.venue === 'binance'
        ? { BINANCE_API_KEY: BINANCE_KEY, BINANCE_API_SECRET: BINANCE_SECRET }
        : { UPBIT_API_KEY: UPBIT_ACCESS, UPBIT_API_SECRET: UPBIT_SECRET };
    bus = new InMemoryEventBus({ topics: PLATFORM_TOPICS, settings: BUS_SETTINGS });
    records = new RecordedOrders();
    await records.listen(bus);
    await bus.start();
  });
  afterAll(async () => {
    await broker?.close();
    await bus?.stop();
    await mock?.stop();
  });

  const startBroker = () => Broker.start({ bus, settings, env, records });
  const liveVenue = () => broker!.liveVenues.get(c.venue)!;
  const executedAtVenue = (clientOrderId: string) =>
    mock.engine.orders.find((o) => o.clientOrderId === clientOrderId)?.executed;

  async function place(name: string, price: number): Promise<void> {
    const command = contracts.submitOrderSchema.parse({
      type: 'order.submit',
      version: 1,
      clientOrderId: id(name),
      strategyId: 'test',
      instrumentId: c.instrument.id,
      side: 'BUY',
      orderType: 'LIMIT',
      price,
      quantity: c.quantity,
      timeInForce: 'GTC',
      ts: Date.now(),
    });
    records.place(command);
    await bus.publish(PLATFORM_TOPICS.orderCommands, command);
    const decision: Message = {
      type: 'risk.decision',
      version: 1,
      clientOrderId: command.clientOrderId,
      ts: Date.now(),
      approved: true,
    };
    await bus.publish(PLATFORM_TOPICS.riskDecisions, decision);
  }

  it('trades before the restart: three orders rest, one of them partly filled', async () => {
    broker = await startBroker();
    expect(liveVenue().opened.mode).toBe('live');
    expect(liveVenue().status().tradingAllowed).toBe(true);
    await place('filled-while-down', c.limits.filledWhileDown);
    await place('partly-before', c.limits.partlyBefore);
    await place('canceled-after', c.limits.neverCrossed);
    await eventually(
      () => ([...records.orders.values()].every((o) => o.status === 'ACCEPTED') ? true : undefined),
      'every order accepted at the venue',
    );

    mock.setPrice(c.symbol, c.prices.partly);
    // A resting order's fills reach the broker through its reconciliation pass.
    await liveVenue().reconcile();
    await eventually(() => (records.fillsOf(id('partly-before')).length === 1 ? true : undefined), 'a first fill');
    expect(records.orders.get(id('partly-before'))!.filledQuantity).toBeCloseTo(maxFillPerMatch, 12);
  });

  it('applies the fills made while it was down exactly once, and keeps trading', async () => {
    await broker!.close();
    broker = undefined;
    // The market trades through two of our orders while no broker is running.
    for (let match = 0; match < 3; match++) mock.setPrice(c.symbol, c.prices.down);
    expect(executedAtVenue(id('filled-while-down'))).toBeCloseTo(c.quantity, 12);
    expect(executedAtVenue(id('partly-before'))).toBeCloseTo(c.quantity, 12);
    const fillsBefore = records.fills.length;

    broker = await startBroker();
    await eventually(
      () => (records.orders.get(id('partly-before'))!.status === 'FILLED' ? true : undefined),
      'the partly filled order to be filled',
    );
    await eventually(
      () => (records.orders.get(id('filled-while-down'))!.status === 'FILLED' ? true : undefined),
      'the order filled while the broker was down',
    );
    // One more pass finds nothing new to apply.
    await liveVenue().reconcile();

    // 3 trades for the order filled while down (40 % + 40 % + 20 %), 2 more for the partly filled one.
    expect(records.fills.length - fillsBefore).toBe(5);
    const tradeIds = records.fills.map((f) => f.tradeId);
    expect(new Set(tradeIds).size).toBe(tradeIds.length);
    for (const name of ['filled-while-down', 'partly-before']) {
      const applied = records.fillsOf(id(name)).reduce((sum, f) => sum + f.quantity, 0);
      expect(applied).toBeCloseTo(executedAtVenue(id(name))!, 12);
      expect(records.orders.get(id(name))!.filledQuantity).toBeCloseTo(c.quantity, 12);
    }
    expect(records.anomalies).toEqual([]);
    // Our books (the portfolio's position plus what was applied since) match the venue's balance.
    expect(liveVenue().status()).toMatchObject({ tradingAllowed: true, status: 'up' });
    expect(records.orders.get(id('canceled-after'))!.status).toBe('ACCEPTED');
  });

  it('lets a cancel for an order sent before the restart through to the venue', async () => {
    await bus.publish(PLATFORM_TOPICS.orderCommands, {
      type: 'order.cancel',
      version: 1,
      clientOrderId: id('canceled-after'),
      strategyId: 'test',
      instrumentId: c.instrument.id,
      ts: Date.now(),
    });
    await eventually(
      () => (records.orders.get(id('canceled-after'))!.status === 'CANCELED' ? true : undefined),
      'the adopted order to be canceled',
    );
    expect(mock.engine.orders.find((o) => o.clientOrderId === id('canceled-after'))!.status).toMatch(/cancel/i);
    expect(await liveVenue().opened.adapter.openOrders([c.instrument])).toEqual([]);
    expect(records.anomalies).toEqual([]);
  });
});
