import { OrderStatus, OrderType, TimeInForce } from '@tradeforge/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MockCreonBridge } from '../../src/venues/creon/mock-creon-bridge.js';
import { VenueReconciler } from '../../src/venues/shared/venue-reconciler.js';
import { OrderBook } from './support/order-book.js';
import { SAMSUNG, creonAdapter, creonClient, startMockCreon } from './creon-fixture.js';

let mock: MockCreonBridge;
beforeEach(async () => {
  mock = await startMockCreon();
  mock.setPrice('A005930', 71_000);
});
afterEach(() => mock.stop());

/** Starts the bridge again with these options (and the usual price). */
async function restartMock(options: Parameters<typeof startMockCreon>[0]): Promise<void> {
  await mock.stop();
  mock = await startMockCreon(options);
  mock.setPrice('A005930', 71_000);
}

const limitBuy = (book: OrderBook, price: number, quantity = 10, timeInForce: TimeInForce = TimeInForce.GTC) =>
  book.create({ instrument: SAMSUNG, side: 'BUY', type: OrderType.Limit, quantity, price, timeInForce });

const HOUR = 3_600_000;

const atBridge = (clientOrderId: string) => mock.engine.orders.filter((o) => o.clientOrderId === clientOrderId);

describe('Creon adapter: unanswered submits become UNKNOWN and are resolved by query, never resent', () => {
  it('processed then 500: UNKNOWN, then found by client order id with its fill', async () => {
    mock.setFaults({ errorAfterProcessRate: 1, routes: ['POST /v1/orders'], times: 1 });
    const { client, book } = creonClient(creonAdapter(mock));
    const order = limitBuy(book, 71_000, 10, TimeInForce.IOC);
    client.submitOrder(order);
    await client.idle();
    expect(book.eventsOf(order.clientOrderId)).toEqual(['order.unknown', 'order.accepted', 'order.filled']);
    expect(atBridge(order.clientOrderId)).toHaveLength(1);
    expect(mock.sent.order).toBe(1); // one order request reached Creon
  });

  it('processed then the connection dropped: one order at Creon, accepted after the query', async () => {
    mock.setFaults({ dropAfterProcessRate: 1, routes: ['POST /v1/orders'], times: 1 });
    const { client, book } = creonClient(creonAdapter(mock));
    const order = limitBuy(book, 65_000);
    client.submitOrder(order);
    await client.idle();
    expect(book.eventsOf(order.clientOrderId)).toEqual(['order.unknown', 'order.accepted']);
    expect(order.status).toBe(OrderStatus.Accepted);
    expect(atBridge(order.clientOrderId)).toHaveLength(1);
  });

  it('503 from a proxy before the bridge: not found past the signature window, so rejected as never arrived', async () => {
    mock.setFaults({ serverErrorRate: 1, routes: ['POST /v1/orders'], times: 1 });
    const { client, book } = creonClient(creonAdapter(mock));
    const order = limitBuy(book, 65_000);
    client.submitOrder(order);
    await client.idle();
    expect(book.eventsOf(order.clientOrderId)).toEqual(['order.unknown', 'order.rejected']);
    expect(mock.engine.orders).toHaveLength(0);
  });

  it('a request stalled past our timeout and the receive window is refused by the bridge: no order', async () => {
    mock.setFaults({ stallRate: 1, stallMs: 2_500, routes: ['POST /v1/orders'], times: 1 });
    const { client, book } = creonClient(creonAdapter(mock));
    const order = limitBuy(book, 71_000, 10, TimeInForce.IOC);
    client.submitOrder(order);
    await client.idle();
    expect(book.eventsOf(order.clientOrderId)).toEqual(['order.unknown', 'order.rejected']);
    expect(mock.engine.orders).toHaveLength(0);
    expect(mock.authFailures).toBe(1); // stale_request, judged when the stalled request was processed
  });
  it('a cancel processed then answered 500 is retried (idempotent), refused as not open, and the query confirms it', async () => {
    const { client, book } = creonClient(creonAdapter(mock));
    const order = limitBuy(book, 65_000);
    client.submitOrder(order);
    await client.idle();
    mock.setFaults({ errorAfterProcessRate: 1, routes: ['DELETE /v1/orders/:clientOrderId'], times: 1 });
    book.requestCancel(order);
    client.cancelOrder(order);
    await client.idle();
    expect(book.eventsOf(order.clientOrderId)).toEqual(['order.accepted', 'order.canceled']);
    expect(mock.sent.order).toBe(3); // the submit, the cancel, its retry
  });
});

describe('Creon adapter: Creon’s 15-second limits', () => {
  it('concurrent orders and queries stay within both counters: no violation at the bridge', async () => {
    await restartMock({ limits: { order: 5, query: 10, windowMs: 300 } });
    const adapter = creonAdapter(mock, {
      limits: [
        { name: 'order', limit: 5, windowMs: 300 },
        { name: 'query', limit: 10, windowMs: 300 },
      ],
    });
    const { client, book } = creonClient(adapter);
    const orders = Array.from({ length: 25 }, () => limitBuy(book, 65_000, 1));
    for (const order of orders) client.submitOrder(order);
    await Promise.all(Array.from({ length: 30 }, () => adapter.balances()));
    await client.idle();
    expect(orders.every((o) => o.status === OrderStatus.Accepted)).toBe(true);
    expect(mock.limitViolations).toBe(0);
    expect(mock.counters.order.maxUsed).toBeLessThanOrEqual(5);
    expect(mock.counters.query.maxUsed).toBeLessThanOrEqual(10);
  });

  it('the remain headers stop an adapter configured above Creon’s limit before Creon must refuse', async () => {
    await restartMock({ limits: { query: 2, windowMs: HOUR } }); // long windows: one ending mid-test is unlikely
    const adapter = creonAdapter(mock, { limits: [{ name: 'query', limit: 100, windowMs: HOUR }] });
    await adapter.balances();
    await adapter.balances(); // answered with X-Creon-Limit-Remain-Query: 0
    expect(adapter.limiter.tryAcquire({ query: 1 }).granted).toBe(false);
    expect(mock.limitViolations).toBe(0);
  });

  it('a 429 (someone else spent the counter) blocks the adapter until Creon’s reset time', async () => {
    await restartMock({ limits: { query: 2, windowMs: HOUR } }); // long windows: one ending mid-test is unlikely
    const other = creonAdapter(mock);
    await other.balances();
    await other.balances();
    const adapter = creonAdapter(mock, { resilience: { timeoutMs: 2_000, maxAttempts: 1 } });
    const failure = await adapter.balances().catch((error: unknown) => error);
    expect(failure).toMatchObject({ kind: 'rate-limited', httpStatus: 429, code: 'rate_limited' });
    const wait = (failure as { retryAfterMs: number }).retryAfterMs;
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(HOUR);
    expect(adapter.limiter.tryAcquire({ query: 1 }).granted).toBe(false);
    expect(adapter.limiter.tryAcquire({ order: 1 }).granted).toBe(false); // a 429 stops every request
    expect(mock.limitViolations).toBe(1);
  });

  it('under load with injected faults: no violation, every order closed, none at Creon twice', async () => {
    await restartMock({ balances: { KRW: 100_000_000 }, limits: { order: 10, query: 30, windowMs: 250 } });
    mock.setFaults({
      serverErrorRate: 0.04,
      errorAfterProcessRate: 0.04,
      dropAfterProcessRate: 0.04,
      stallRate: 0.02,
      stallMs: 2_500,
    });
    const adapter = creonAdapter(mock, {
      limits: [
        { name: 'order', limit: 10, windowMs: 250 },
        { name: 'query', limit: 30, windowMs: 250 },
      ],
      breaker: { failureThreshold: 50, resetAfterMs: 1_000 },
    });
    const { client, book } = creonClient(adapter);
    const orders = Array.from({ length: 120 }, () => limitBuy(book, 71_000, 1, TimeInForce.IOC));
    for (const order of orders) client.submitOrder(order);
    await client.idle();
    mock.setFaults({});

    expect(mock.limitViolations).toBe(0);
    const terminal: readonly string[] = [OrderStatus.Filled, OrderStatus.Rejected];
    expect(orders.filter((o) => !terminal.includes(o.status))).toEqual([]);
    for (const order of orders) {
      const held = atBridge(order.clientOrderId);
      expect(held.length).toBeLessThanOrEqual(1);
      expect(held.length, order.clientOrderId).toBe(order.status === OrderStatus.Filled ? 1 : 0);
    }
    const reconciliation = await new VenueReconciler(client, [SAMSUNG], (id) => book.position(id)).run();
    console.log(
      JSON.stringify({
        creon: {
          statuses: orders.reduce<Record<string, number>>((n, o) => ({ ...n, [o.status]: (n[o.status] ?? 0) + 1 }), {}),
          atCreon: mock.engine.orders.length,
          unknownsResolved: book.events.filter((e) => e.type === 'order.unknown').length,
          faults: mock.faults.injected,
          maxOrders: mock.counters.order.maxUsed,
          maxQueries: mock.counters.query.maxUsed,
        },
      }),
    );
    expect(reconciliation.positions).toEqual({ status: 'reconciled' });
    expect(mock.engine.balanceOf('A005930').free).toBe(book.position(SAMSUNG.id));
    expect(book.anomalies).toEqual([]);
    expect(client.errors).toEqual([]);
    expect(mock.faults.injected['error-after-process'] + mock.faults.injected['drop-after-process']).toBeGreaterThan(0);
  });
});

describe('Creon adapter: restart with reconciliation', () => {
  it('fills made while we were down are applied once, and the holding reconciles', async () => {
    await restartMock({ balances: { KRW: 100_000_000 } });
    const first = creonClient(creonAdapter(mock));
    const book = first.book;
    const resting = limitBuy(book, 70_500, 20);
    const untouched = limitBuy(book, 65_000, 5);
    first.client.submitOrder(resting);
    first.client.submitOrder(untouched);
    await first.client.idle();
    first.client.close(); // the process stops

    mock.setPrice('A005930', 70_000); // fills while nobody listens

    const second = creonClient(creonAdapter(mock), book);
    const reconciler = new VenueReconciler(second.client, [SAMSUNG], (id) => book.position(id));
    expect(reconciler.tradingAllowed).toBe(false); // fail closed until the first pass
    const result = await reconciler.start([resting, untouched]);
    expect(resting.status).toBe(OrderStatus.Filled);
    expect(untouched.status).toBe(OrderStatus.Accepted);
    expect(result.positions).toEqual({ status: 'reconciled' });
    expect(result.report.balances).toContainEqual({ asset: 'A005930', free: 20, locked: 0 });
    expect(result.tradingAllowed).toBe(true);

    await reconciler.run(); // the periodic pass: nothing new, nothing doubled
    expect(book.eventsOf(resting.clientOrderId).filter((t) => t === 'order.filled')).toHaveLength(1);
    expect(book.anomalies).toEqual([]);
  });

  it('shares we do not account for, or an order someone else placed (HTS), keep the venue blocked', async () => {
    const { client } = creonClient(creonAdapter(mock));
    const reconciler = new VenueReconciler(client, [SAMSUNG], () => 0); // the account holds 10 shares
    expect(await reconciler.start([])).toMatchObject({ positions: { status: 'mismatch' }, tradingAllowed: false });

    await restartMock({ balances: { KRW: 100_000_000 } });
    const foreign = await creonAdapter(mock).submit({
      order: limitBuy(new OrderBook(), 65_000, 1),
      instrument: SAMSUNG,
    });
    expect(foreign.status).toBe('accepted');
    const fresh = creonClient(creonAdapter(mock));
    const blocked = await new VenueReconciler(fresh.client, [SAMSUNG], () => 0).start([]);
    expect(blocked.foreignOrders).toHaveLength(1);
    expect(blocked.tradingAllowed).toBe(false);
  });

  it('fillsSince pages through the bridge journal: 600 fills, each once, in order', async () => {
    await restartMock({ balances: { KRW: 100_000_000 }, maxFillPerMatch: 1 });
    const adapter = creonAdapter(mock);
    const since = Date.now();
    const book = new OrderBook();
    expect(await adapter.submit({ order: limitBuy(book, 70_500, 600), instrument: SAMSUNG })).toMatchObject({
      status: 'accepted',
    });
    for (let i = 0; i < 600; i++) mock.setPrice('A005930', 70_000);
    const queriesBefore = mock.sent.query;
    const fills = await adapter.fillsSince(since);
    expect(fills).toHaveLength(600);
    expect(new Set(fills.map((f) => f.tradeId)).size).toBe(600);
    expect(fills.at(-1)).toMatchObject({ tradeId: '1:600', quantity: 1, price: 70_500, liquidity: 'MAKER' });
    expect(mock.sent.query - queriesBefore).toBe(2); // two pages
  });
});
