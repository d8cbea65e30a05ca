import { OrderStatus, OrderType, TimeInForce } from '@tradeforge/core';
import type { Order } from '@tradeforge/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockBinanceVenue } from '../../src/venues/binance/mock-binance-venue.js';
import type { AdapterVenueClient } from '../../src/venues/shared/adapter-venue-client.js';
import type { MockMatchingEngine } from '../../src/venues/shared/mock/mock-matching-engine.js';
import { VenueReconciler } from '../../src/venues/shared/venue-reconciler.js';
import type { MockUpbitVenue } from '../../src/venues/upbit/mock-upbit-venue.js';
import { binanceAdapter, clientFor, startMockBinance } from './support/binance-fixture.js';
import { BTCKRW, BTCUSDT, OrderBook } from './support/order-book.js';
import { startMockUpbit, upbitAdapter, upbitClient } from './support/upbit-fixture.js';

const BINANCE_ORDERS = Number(process.env['LOAD_BINANCE'] ?? 2_000);
const UPBIT_ORDERS = Number(process.env['LOAD_UPBIT'] ?? 600);

// Faults on every route: 503 before processing, 500 or a dropped connection after it, and
// requests stalled past the client's timeout.
const FAULTS = {
  serverErrorRate: 0.02,
  errorAfterProcessRate: 0.02,
  dropAfterProcessRate: 0.02,
  stallRate: 0.01,
  stallMs: 5_000,
};

let binance: MockBinanceVenue;
let upbit: MockUpbitVenue;
beforeAll(async () => {
  // Small windows so the limits bind within seconds; the adapters are told the same limits.
  binance = await startMockBinance({
    balances: { USDT: 10_000_000, BTC: 0 },
    limits: { weight: { limit: 1_000, windowMs: 250 }, orders: { limit: 100, windowMs: 250 } },
    faultSeed: 7,
  });
  upbit = await startMockUpbit({
    balances: { KRW: 100_000_000_000, BTC: 0 },
    limits: { order: 20, default: 40, windowMs: 250 },
    faultSeed: 11,
  });
  binance.setPrice('BTCUSDT', 60_000);
  upbit.setPrice('KRW-BTC', 100_000_000);
});
afterAll(async () => {
  await binance.stop();
  await upbit.stop();
});

/** Buys only, so each venue's BTC balance must equal the fills we applied: positions prove nothing was lost or doubled. */
function binanceOrder(book: OrderBook, i: number): Order {
  switch (i % 4) {
    case 0:
      return book.create({ instrument: BTCUSDT, side: 'BUY', type: OrderType.Market, quantity: 0.001 });
    case 1:
      return book.create({
        instrument: BTCUSDT,
        side: 'BUY',
        type: OrderType.Limit,
        quantity: 0.001,
        price: 60_100,
        timeInForce: TimeInForce.IOC,
      });
    default:
      return book.create({
        instrument: BTCUSDT,
        side: 'BUY',
        type: OrderType.Limit,
        quantity: 0.001,
        price: 59_000 + (i % 50) * 10,
      });
  }
}

function upbitOrder(book: OrderBook, i: number): Order {
  const marketable = i % 2 === 0;
  return book.create({
    instrument: BTCKRW,
    side: 'BUY',
    type: OrderType.Limit,
    quantity: 0.0001,
    price: marketable ? 101_000_000 : 99_000_000 - (i % 20) * 1000,
    timeInForce: marketable ? TimeInForce.IOC : TimeInForce.GTC,
  });
}

/** Cancels what is still open and re-asks about what is unresolved until every order is closed. */
async function closeAll(client: AdapterVenueClient, book: OrderBook, orders: readonly Order[]): Promise<void> {
  for (let round = 0; round < 20 && orders.some((o) => !o.isTerminal); round++) {
    for (const order of orders) {
      if (order.isTerminal || order.status === OrderStatus.Unknown) continue;
      book.requestCancel(order);
      client.cancelOrder(order);
    }
    await client.idle();
    await client.refresh();
  }
}

/** Every order of ours against the venue's own book: none doubled, none lost, same fills and end state. */
function compareWithVenue(orders: readonly Order[], engine: MockMatchingEngine) {
  const atVenue = new Map<string, number>();
  for (const o of engine.orders) atVenue.set(o.clientOrderId, (atVenue.get(o.clientOrderId) ?? 0) + 1);
  const mismatches: string[] = [];
  for (const order of orders) {
    const count = atVenue.get(order.clientOrderId) ?? 0;
    const venueOrder = engine.findByClientId(undefined, order.clientOrderId);
    if (count > 1) mismatches.push(`${order.clientOrderId} doubled at the venue (${count})`);
    if (!order.isTerminal) mismatches.push(`${order.clientOrderId} still ${order.status}`);
    if (venueOrder === undefined) {
      if (order.status !== OrderStatus.Rejected)
        mismatches.push(`${order.clientOrderId} ${order.status} but the venue never had it`);
      continue;
    }
    if (order.status === OrderStatus.Rejected)
      mismatches.push(`${order.clientOrderId} lost: rejected by us, ${venueOrder.status} at the venue`);
    if (Math.abs(venueOrder.executed - order.filledQuantity) > 1e-12) {
      mismatches.push(
        `${order.clientOrderId} filled ${order.filledQuantity} here, ${venueOrder.executed} at the venue`,
      );
    }
  }
  return { mismatches, venueOrders: engine.orders.length };
}

describe('mixed-venue load with injected faults', () => {
  it(`${BINANCE_ORDERS} Binance and ${UPBIT_ORDERS} Upbit orders: zero limit violations, zero lost, zero doubled`, async () => {
    const binanceLimits = [
      { name: 'REQUEST_WEIGHT', limit: 1_000, windowMs: 250 },
      { name: 'ORDERS_10S', limit: 100, windowMs: 250 },
    ];
    // Generous next to the in-process round trip, which a burst of hundreds of requests on a busy
    // machine stretches to hundreds of ms; stalls (3 s) outlast both, and the venue refuses a
    // stalled order that arrives after its recvWindow.
    const resilience = { timeoutMs: 3_000, maxAttempts: 6, backoff: { baseMs: 20, maxMs: 200 } };
    const binanceVenue = binanceAdapter(binance, {
      recvWindowMs: 4_000,
      limits: binanceLimits,
      resilience,
      breaker: { failureThreshold: 50 },
    });
    const binanceSide = clientFor(binanceVenue);
    const upbitSide = upbitClient(
      upbitAdapter(upbit, {
        limits: [
          { name: 'order', limit: 20, windowMs: 250 },
          { name: 'default', limit: 40, windowMs: 250 },
        ],
        unknownGraceMs: 6_000,
        resilience,
        breaker: { failureThreshold: 50 },
      }),
    );
    const breakerLog: string[] = [];
    binanceVenue.caller.breaker.onStateChange((state) => breakerLog.push(`binance ${state} at ${Date.now()}`));
    binance.setFaults({ ...FAULTS });
    upbit.setFaults({ ...FAULTS });

    const binanceOrders = Array.from({ length: BINANCE_ORDERS }, (_, i) => binanceOrder(binanceSide.book, i));
    const upbitOrders = Array.from({ length: UPBIT_ORDERS }, (_, i) => upbitOrder(upbitSide.book, i));
    for (const order of binanceOrders) binanceSide.client.submitOrder(order);
    for (const order of upbitOrders) upbitSide.client.submitOrder(order);
    await Promise.all([binanceSide.client.idle(), upbitSide.client.idle()]);

    // The market moves through half of the resting orders, then everything still open is canceled.
    binance.setPrice('BTCUSDT', 59_250);
    upbit.setPrice('KRW-BTC', 98_990_000);
    await Promise.all([
      closeAll(binanceSide.client, binanceSide.book, binanceOrders),
      closeAll(upbitSide.client, upbitSide.book, upbitOrders),
    ]);
    binance.setFaults({});
    upbit.setFaults({});

    const binanceResult = compareWithVenue(binanceOrders, binance.engine);
    const upbitResult = compareWithVenue(upbitOrders, upbit.engine);
    const binanceRecon = await new VenueReconciler(binanceSide.client, [BTCUSDT], (id) =>
      binanceSide.book.position(id),
    ).run();
    const upbitRecon = await new VenueReconciler(upbitSide.client, [BTCKRW], (id) => upbitSide.book.position(id)).run();

    const statuses = (orders: readonly Order[]) =>
      orders.reduce<Record<string, number>>((acc, o) => ({ ...acc, [o.status]: (acc[o.status] ?? 0) + 1 }), {});
    console.log(
      JSON.stringify({
        binance: {
          statuses: statuses(binanceOrders),
          venueOrders: binanceResult.venueOrders,
          faults: binance.faults.injected,
          maxWeight: binance.weight.maxUsed,
          maxOrders: binance.orderCount.maxUsed,
        },
        upbit: {
          statuses: statuses(upbitOrders),
          venueOrders: upbitResult.venueOrders,
          faults: upbit.faults.injected,
          maxOrderGroup: upbit.groups.order.maxUsed,
        },
        breakerLog,
        unknownsResolved: [...binanceSide.book.events, ...upbitSide.book.events].filter(
          (e) => e.type === 'order.unknown',
        ).length,
      }),
    );

    expect(
      binance.faults.injected['drop-after-process'] + binance.faults.injected['error-after-process'],
    ).toBeGreaterThan(20);
    expect(binance.limitViolations).toBe(0);
    expect(upbit.limitViolations).toBe(0);
    expect(binanceResult.mismatches).toEqual([]);
    expect(upbitResult.mismatches).toEqual([]);
    expect(binanceSide.book.anomalies).toEqual([]);
    expect(upbitSide.book.anomalies).toEqual([]);
    expect(binanceSide.client.errors).toEqual([]);
    expect(upbitSide.client.errors).toEqual([]);
    expect(binanceRecon.positions).toEqual({ status: 'reconciled' });
    expect(upbitRecon.positions).toEqual({ status: 'reconciled' });
    expect(binanceRecon.foreignOrders).toEqual([]);
  }, 300_000);
});
