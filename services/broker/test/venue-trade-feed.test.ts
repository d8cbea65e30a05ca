import { contracts, createInstrument } from '@tradeforge/core';
import type { Message, Tick, VenueAdapter } from '@tradeforge/core';
import { BUS_SETTINGS, InMemoryEventBus, PLATFORM_TOPICS, createServiceMetrics } from '@tradeforge/runtime';
import { eventually } from '@tradeforge/runtime/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BrokerSettings } from '../src/routing/broker-settings.js';
import { Broker } from '../src/routing/broker.js';
import { TickConflator } from '../src/routing/tick-conflator.js';
import { VENUE_STREAM_UP_METRIC, registerVenueStreamGauge } from '../src/routing/venue-health.js';
import { VenueTradeFeed } from '../src/routing/venue-trade-feed.js';
import type { MockBinanceVenue } from '../src/venues/binance/mock-binance-venue.js';

const BTC = createInstrument({
  symbol: 'BTCUSDT',
  venue: 'binance',
  quoteCurrency: 'USDT',
  tickSize: 0.01,
  lotSize: 0.0001,
  minNotional: 5,
});
const BTCKRW = createInstrument({
  symbol: 'BTCKRW',
  venue: 'upbit',
  quoteCurrency: 'KRW',
  tickSize: 1000,
  lotSize: 0.00000001,
  minNotional: 5000,
});

/** Binance and Upbit enabled without credentials: both in sandbox mode, their mocks in this process. */
const settings: BrokerSettings = {
  instruments: [BTC, BTCKRW],
  venues: [
    { id: 'paper', enabled: true },
    { id: 'binance', enabled: true },
    { id: 'upbit', enabled: true },
  ],
};

/** A broker on a real in-memory bus, with the ticks and order events it publishes recorded. */
async function startBroker() {
  const bus = new InMemoryEventBus({ topics: PLATFORM_TOPICS, settings: BUS_SETTINGS });
  const ticks: contracts.MarketTickMessage[] = [];
  const events: Message[] = [];
  await bus.subscribe({
    groupId: 'test-ticks',
    topics: [PLATFORM_TOPICS.marketTicks],
    handler: ({ message }) => void ticks.push(message as contracts.MarketTickMessage),
  });
  await bus.subscribe({
    groupId: 'test-events',
    topics: [PLATFORM_TOPICS.orderEvents],
    handler: ({ message }) => void events.push(message),
  });
  await bus.start();
  const broker = await Broker.start({ bus, settings, env: {} });
  return { bus, broker, ticks, events };
}

/** A bar closing at `close`: in sandbox mode it is the mock venue's new price, a print on its tape. */
async function publishBar(bus: InMemoryEventBus, instrumentId: string, close: number): Promise<void> {
  await bus.publish(
    PLATFORM_TOPICS.marketBars,
    contracts.toBarMessage({ instrumentId, ts: Date.now(), open: close, high: close, low: close, close, volume: 1 }),
  );
}

describe('the broker publishes live venues’ trades as conflated market.tick messages', () => {
  let run: Awaited<ReturnType<typeof startBroker>>;
  beforeAll(async () => {
    run = await startBroker();
    await eventually(
      () => ([...run.broker.tradeFeed.stateOf().values()].every((s) => s === 'open') ? true : undefined),
      'both venues’ streams open',
    );
  });
  afterAll(async () => {
    await run?.broker.close();
    await run?.bus.stop();
  });

  it('streams every venue whose adapter streams trades, and the gauge shows them up', async () => {
    expect(Object.fromEntries(run.broker.tradeFeed.stateOf())).toEqual({ binance: 'open', upbit: 'open' });
    const { registry } = createServiceMetrics({ name: 'broker', role: 'broker' });
    registerVenueStreamGauge(registry, run.broker.tradeFeed);
    const text = await registry.metrics();
    expect(text).toContain(`${VENUE_STREAM_UP_METRIC}{venue="binance",service="broker"} 1`);
    expect(text).toContain(`${VENUE_STREAM_UP_METRIC}{venue="upbit",service="broker"} 1`);
  });

  it('a trade at the venue arrives on the bus as a market.tick on our instrument id', async () => {
    const tick = await eventually(async () => {
      await publishBar(run.bus, BTCKRW.id, 95_000_000);
      return run.ticks.find((t) => t.instrumentId === BTCKRW.id && t.price === 95_000_000);
    }, 'the Upbit trade as a tick');
    expect(contracts.marketTickSchema.parse(tick)).toMatchObject({
      type: 'market.tick',
      version: 1,
      instrumentId: BTCKRW.id,
      size: 0.00000001,
    });
  });

  it('a burst of trades is conflated: fewer ticks than trades, and the latest price is the last one published', async () => {
    await eventually(async () => {
      await publishBar(run.bus, BTC.id, 60_000);
      return run.ticks.find((t) => t.instrumentId === BTC.id) ? true : undefined;
    }, 'the Binance stream delivering');
    const before = run.ticks.filter((t) => t.instrumentId === BTC.id).length;
    const prints = 40;
    for (let i = 1; i <= prints; i++) await publishBar(run.bus, BTC.id, 60_000 + i);
    await eventually(
      () => (run.ticks.filter((t) => t.instrumentId === BTC.id).at(-1)?.price === 60_000 + prints ? true : undefined),
      'the last price published',
    );
    const burst = run.ticks.filter((t) => t.instrumentId === BTC.id).slice(before);
    expect(burst.length).toBeLessThan(prints);
    expect(run.broker.tradeFeed.conflated).toBeGreaterThan(0);
    // Conflation drops prints in between, never reorders them.
    const prices = burst.map((t) => t.price);
    expect([...prices].sort((a, b) => a - b)).toEqual(prices);
  });

  it('a stream that is down blocks neither orders nor readiness', async () => {
    const binance = run.broker.liveVenues.get('binance')!;
    const mock = binance.opened.sandbox as MockBinanceVenue;
    mock.stream.server.refuseConnections = true;
    mock.stream.server.dropAll();
    await eventually(
      () => (run.broker.tradeFeed.stateOf().get('binance') === 'reconnecting' ? true : undefined),
      'the Binance stream reconnecting',
    );
    const { registry } = createServiceMetrics({ name: 'broker', role: 'broker' });
    registerVenueStreamGauge(registry, run.broker.tradeFeed);
    expect(await registry.metrics()).toContain(`${VENUE_STREAM_UP_METRIC}{venue="binance",service="broker"} 0`);
    expect(binance.status()).toMatchObject({ status: 'up', tradingAllowed: true });

    const command = contracts.submitOrderSchema.parse({
      type: 'order.submit',
      version: 1,
      clientOrderId: 'feed-down-1',
      strategyId: 'test',
      instrumentId: BTC.id,
      side: 'BUY',
      orderType: 'MARKET',
      quantity: 0.01,
      timeInForce: 'GTC',
      ts: Date.now(),
    });
    await run.bus.publish(PLATFORM_TOPICS.orderCommands, command);
    await run.bus.publish(PLATFORM_TOPICS.riskDecisions, {
      type: 'risk.decision',
      version: 1,
      clientOrderId: command.clientOrderId,
      ts: Date.now(),
      approved: true,
    });
    await eventually(
      () =>
        run.events.find((e) => e.type === 'order.filled' && 'clientOrderId' in e && e.clientOrderId === 'feed-down-1'),
      'the order to fill while the stream is down',
    );

    mock.stream.server.refuseConnections = false;
    await eventually(
      () => (run.broker.tradeFeed.stateOf().get('binance') === 'open' ? true : undefined),
      'the stream back',
    );
  });
});

describe('the feed on its own', () => {
  it('skips an adapter that does not stream, and closes with nothing pending', async () => {
    const bus = new InMemoryEventBus({ topics: PLATFORM_TOPICS, settings: BUS_SETTINGS });
    const feed = new VenueTradeFeed({ bus, log: { log: () => undefined, warn: () => undefined } });
    const silent = { venue: 'paperish', capabilities: { marketDataStream: false } } as unknown as VenueAdapter;
    await feed.add({ venue: 'paperish', adapter: silent, instruments: [BTC] });
    expect(feed.stateOf().size).toBe(0);
    await feed.close();
  });
});

describe('TickConflator', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const tick = (price: number, instrumentId = BTC.id): Tick => ({ instrumentId, ts: 1, price, size: 1 });

  it('sends the first tick at once, then at most one per window per instrument: the latest', () => {
    vi.useFakeTimers();
    const sent: Tick[] = [];
    const conflator = new TickConflator((t) => sent.push(t), 250);
    conflator.offer(tick(1));
    conflator.offer(tick(2));
    conflator.offer(tick(3));
    conflator.offer(tick(10, BTCKRW.id)); // another instrument has its own window
    expect(sent.map((t) => t.price)).toEqual([1, 10]);
    vi.advanceTimersByTime(249);
    expect(sent.map((t) => t.price)).toEqual([1, 10]);
    vi.advanceTimersByTime(1);
    expect(sent.map((t) => t.price)).toEqual([1, 10, 3]);
    expect(conflator.conflated).toBe(1);
    vi.advanceTimersByTime(1_000);
    conflator.offer(tick(4)); // a quiet window has passed: at once again
    expect(sent.map((t) => t.price)).toEqual([1, 10, 3, 4]);
    conflator.offer(tick(5));
    conflator.close();
    vi.advanceTimersByTime(1_000);
    expect(sent.map((t) => t.price)).toEqual([1, 10, 3, 4]);
  });
});
