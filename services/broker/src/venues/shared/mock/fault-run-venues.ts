import { OrderType, TimeInForce, createInstrument } from '@tradeforge/core';
import { BinanceAdapter } from '../../binance/binance-adapter.js';
import { MockBinanceVenue } from '../../binance/mock-binance-venue.js';
import { CreonAdapter } from '../../creon/creon-adapter.js';
import { MockCreonBridge } from '../../creon/mock-creon-bridge.js';
import { KisAdapter } from '../../kis/kis-adapter.js';
import { MockKisVenue } from '../../kis/mock-kis-venue.js';
import { MockUpbitVenue } from '../../upbit/mock-upbit-venue.js';
import { UpbitAdapter } from '../../upbit/upbit-adapter.js';
import type { FaultRunVenue } from './fault-run.js';

/** Starts one venue's mock and adapter for a fault run; `seed` drives the mock's fault sequence. */
export type FaultRunVenueSetup = (options: { readonly seed: number }) => Promise<FaultRunVenue>;

/**
 * Each mock's limit windows are a quarter of a second (the venue's own figures would make 10,000
 * orders take hours); the adapter is told the same limits, so they bind all through a run.
 * Timeouts and retries are generous next to an in-process round trip, which a burst of hundreds
 * of requests on a busy machine stretches to hundreds of milliseconds; stalls (5 s) outlast them.
 * The breaker opens only after 50 failures in a row, so injected faults exercise the UNKNOWN path
 * instead of keeping the circuit open.
 */
const WINDOW_MS = 250;
const RESILIENCE = { timeoutMs: 3_000, maxAttempts: 6, backoff: { baseMs: 20, maxMs: 200 } };
const BREAKER = { failureThreshold: 50 };

const BTCUSDT = createInstrument({
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

const binance: FaultRunVenueSetup = async ({ seed }) => {
  const apiKey = 'fault-run-binance-key';
  const apiSecret = 'fault-run-binance-secret';
  const mock = await MockBinanceVenue.start({
    apiKey,
    apiSecret,
    markets: [{ symbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', tickSize: 0.01, lotSize: 0.0001, minNotional: 5 }],
    balances: { USDT: 100_000_000, BTC: 0 },
    limits: { weight: { limit: 1_000, windowMs: WINDOW_MS }, orders: { limit: 100, windowMs: WINDOW_MS } },
    faultSeed: seed,
  });
  const adapter = new BinanceAdapter({
    baseUrl: mock.url,
    apiKey,
    apiSecret,
    // A stalled order that arrives after this is refused by the venue: "not found" is then final.
    recvWindowMs: 4_000,
    limits: [
      { name: 'REQUEST_WEIGHT', limit: 1_000, windowMs: WINDOW_MS },
      { name: 'ORDERS_10S', limit: 100, windowMs: WINDOW_MS },
    ],
    resilience: RESILIENCE,
    breaker: BREAKER,
  });
  return {
    venue: 'binance',
    mock,
    adapter,
    instrument: BTCUSDT,
    symbol: 'BTCUSDT',
    prices: { open: 60_000, moved: 59_250 },
    // Market, marketable IOC, and resting limits spread over 500 USDT below the market.
    order: (book, i) =>
      book.create({
        instrument: BTCUSDT,
        side: 'BUY',
        quantity: 0.001,
        ...(i % 4 === 0
          ? { type: OrderType.Market }
          : i % 4 === 1
            ? { type: OrderType.Limit, price: 60_100, timeInForce: TimeInForce.IOC }
            : { type: OrderType.Limit, price: 59_000 + (i % 50) * 10 }),
      }),
    peaks: () => ({
      REQUEST_WEIGHT: `${mock.weight.maxUsed}/1000`,
      ORDERS: `${mock.orderCount.maxUsed}/100`,
    }),
    close: async () => {
      await adapter.close();
      await mock.stop();
    },
  };
};

const upbit: FaultRunVenueSetup = async ({ seed }) => {
  const accessKey = 'fault-run-upbit-access';
  const secretKey = 'fault-run-upbit-secret';
  const mock = await MockUpbitVenue.start({
    accessKey,
    secretKey,
    markets: [{ symbol: 'KRW-BTC', base: 'BTC', quote: 'KRW', tickSize: 1000, lotSize: 0.00000001, minNotional: 5000 }],
    balances: { KRW: 1_000_000_000_000, BTC: 0 },
    limits: { order: 20, default: 40, windowMs: WINDOW_MS },
    faultSeed: seed,
  });
  const adapter = new UpbitAdapter({
    baseUrl: mock.url,
    accessKey,
    secretKey,
    limits: [
      { name: 'order', limit: 20, windowMs: WINDOW_MS },
      { name: 'default', limit: 40, windowMs: WINDOW_MS },
    ],
    // Upbit requests carry no expiry: "not found" is final once a stalled request would have arrived.
    unknownGraceMs: 6_000,
    resilience: RESILIENCE,
    breaker: BREAKER,
  });
  return {
    venue: 'upbit',
    mock,
    adapter,
    instrument: BTCKRW,
    symbol: 'KRW-BTC',
    prices: { open: 100_000_000, moved: 98_990_000 },
    // Marketable IOC limits, and resting ones spread over 20,000 KRW below the market.
    order: (book, i) =>
      book.create({
        instrument: BTCKRW,
        side: 'BUY',
        type: OrderType.Limit,
        quantity: 0.0001,
        ...(i % 2 === 0
          ? { price: 101_000_000, timeInForce: TimeInForce.IOC }
          : { price: 99_000_000 - (i % 20) * 1000, timeInForce: TimeInForce.GTC }),
      }),
    peaks: () => ({ order: `${mock.groups.order.maxUsed}/20`, default: `${mock.groups.default.maxUsed}/40` }),
    close: async () => {
      await adapter.close();
      await mock.stop();
    },
  };
};

/** Samsung Electronics: whole shares; 100-won ticks in its KRX price band (50,000–200,000). */
const SAMSUNG_KIS = createInstrument({
  symbol: '005930',
  venue: 'kis',
  quoteCurrency: 'KRW',
  tickSize: 100,
  lotSize: 1,
});
const SAMSUNG_CREON = createInstrument({
  symbol: 'A005930',
  venue: 'creon',
  quoteCurrency: 'KRW',
  tickSize: 100,
  lotSize: 1,
});

/**
 * Market, marketable IOC limits, and resting limits spread over 5,000 won below a 70,000-won
 * market. No two orders are alike (the quantity grows every four orders): KIS finds an unanswered
 * submit by what it was, so its adapter sends identical orders one after another.
 */
function krxOrder(instrument: typeof SAMSUNG_KIS): FaultRunVenue['order'] {
  return (book, i) =>
    book.create({
      instrument,
      side: 'BUY',
      quantity: 1 + Math.floor(i / 4),
      ...(i % 4 === 0
        ? { type: OrderType.Market }
        : i % 4 === 1
          ? { type: OrderType.Limit, price: 70_500, timeInForce: TimeInForce.IOC }
          : { type: OrderType.Limit, price: 69_000 - (i % 50) * 100 }),
    });
}

const kis: FaultRunVenueSetup = async ({ seed }) => {
  const appKey = 'PSfaultRunKisAppKey000000000000000000';
  const appSecret = 'fault-run-kis-app-secret';
  const account = '50123456-01';
  // KIS's once-a-minute token rule, scaled like the limit windows (the rule is the same, the wait shorter).
  const tokenIntervalMs = 300;
  const mock = await MockKisVenue.start({
    appKey,
    appSecret,
    account,
    markets: [{ symbol: '005930', base: '005930', quote: 'KRW', tickSize: 1, lotSize: 1 }],
    balances: { KRW: 100_000_000_000_000 },
    limits: { perWindow: 50, windowMs: WINDOW_MS },
    tokenIntervalMs,
    faultSeed: seed,
  });
  const adapter = new KisAdapter({
    baseUrl: mock.url,
    appKey,
    appSecret,
    account,
    tokenIntervalMs,
    limits: [{ name: 'requests', limit: 50, windowMs: WINDOW_MS }],
    // KIS requests carry no expiry: "not found" is final once a stalled request would have arrived.
    unknownGraceMs: 6_000,
    resilience: RESILIENCE,
    breaker: BREAKER,
  });
  return {
    venue: 'kis',
    mock,
    adapter,
    instrument: SAMSUNG_KIS,
    symbol: '005930',
    prices: { open: 70_000, moved: 68_500 },
    order: krxOrder(SAMSUNG_KIS),
    // KIS keeps no client order id: our id is the adapter's, by order number.
    clientOrderIdOf: (order) => adapter.numbers.clientOf(String(order.venueOrderId).padStart(10, '0')),
    peaks: () => ({ requests: `${mock.counter.maxUsed}/50` }),
    close: async () => {
      await adapter.close();
      await mock.stop();
    },
  };
};

const creon: FaultRunVenueSetup = async ({ seed }) => {
  const apiKey = 'fault-run-creon-key';
  const apiSecret = 'fault-run-creon-secret';
  const mock = await MockCreonBridge.start({
    apiKey,
    apiSecret,
    markets: [{ symbol: 'A005930', base: 'A005930', quote: 'KRW', tickSize: 1, lotSize: 1 }],
    balances: { KRW: 100_000_000_000_000 },
    limits: { order: 40, query: 120, windowMs: WINDOW_MS },
    // A stalled order that arrives after this is refused by the bridge: "not found" is then final.
    recvWindowMs: 4_000,
    faultSeed: seed,
  });
  const adapter = new CreonAdapter({
    baseUrl: mock.url,
    apiKey,
    apiSecret,
    recvWindowMs: 4_000,
    limits: [
      { name: 'order', limit: 40, windowMs: WINDOW_MS },
      { name: 'query', limit: 120, windowMs: WINDOW_MS },
    ],
    resilience: RESILIENCE,
    breaker: BREAKER,
  });
  return {
    venue: 'creon',
    mock,
    adapter,
    instrument: SAMSUNG_CREON,
    symbol: 'A005930',
    prices: { open: 70_000, moved: 68_500 },
    order: krxOrder(SAMSUNG_CREON),
    peaks: () => ({ order: `${mock.counters.order.maxUsed}/40`, query: `${mock.counters.query.maxUsed}/120` }),
    close: async () => {
      await adapter.close();
      await mock.stop();
    },
  };
};

/**
 * The fault-run setup of each venue with an adapter, by venue id. `npm run bench:venues` runs
 * every venue of `LIVE_VENUES` and fails for one missing here: a new venue joins by adding its
 * setup.
 */
export const FAULT_RUN_VENUES: Readonly<Record<string, FaultRunVenueSetup>> = { binance, upbit, kis, creon };
