import { OrderStatus, OrderType, TimeInForce, createInstrument } from '@tradeforge/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MockBinanceVenue } from '../../src/venues/binance/mock-binance-venue.js';
import { VenueReconciler } from '../../src/venues/shared/venue-reconciler.js';
import { binanceAdapter, clientFor, startMockBinance } from './support/binance-fixture.js';
import { BTCUSDT, OrderBook } from './support/order-book.js';

let mock: MockBinanceVenue;
beforeEach(async () => {
  mock = await startMockBinance();
  mock.setPrice('BTCUSDT', 60_000);
});
afterEach(() => mock.stop());

describe('Binance adapter against the mock venue: happy path and partial fills', () => {
  it('connects, then a market order is accepted and filled from the FULL response', async () => {
    const adapter = binanceAdapter(mock);
    await adapter.connect();
    const { client, book } = clientFor(adapter);
    const order = book.create({ instrument: BTCUSDT, side: 'BUY', type: OrderType.Market, quantity: 0.01 });
    client.submitOrder(order);
    await client.idle();
    expect(book.eventsOf(order.clientOrderId)).toEqual(['order.accepted', 'order.filled']);
    expect(order.status).toBe(OrderStatus.Filled);
    expect(order.averageFillPrice).toBe(60_000);
    expect(mock.engine.balanceOf('BTC').free).toBeCloseTo(0.01, 10);
    expect(book.anomalies).toEqual([]);
  });

  it('a resting limit order fills in parts as the price moves; each trade is applied once', async () => {
    await mock.stop();
    mock = await startMockBinance({ maxFillPerMatch: 0.004 });
    mock.setPrice('BTCUSDT', 60_000);
    const { client, book } = clientFor(binanceAdapter(mock));
    const order = book.create({
      instrument: BTCUSDT,
      side: 'BUY',
      type: OrderType.Limit,
      quantity: 0.01,
      price: 59_000,
    });
    client.submitOrder(order);
    await client.idle();
    expect(order.status).toBe(OrderStatus.Accepted);

    mock.setPrice('BTCUSDT', 58_900);
    await client.refresh();
    await client.refresh(); // a second look finds nothing new
    expect(order.status).toBe(OrderStatus.PartiallyFilled);
    expect(order.filledQuantity).toBeCloseTo(0.004, 10);

    mock.setPrice('BTCUSDT', 58_800);
    mock.setPrice('BTCUSDT', 58_700);
    await client.refresh();
    expect(order.status).toBe(OrderStatus.Filled);
    expect(book.eventsOf(order.clientOrderId)).toEqual([
      'order.accepted',
      'order.filled',
      'order.filled',
      'order.filled',
    ]);
    expect(order.averageFillPrice).toBe(59_000);
    expect(book.anomalies).toEqual([]);
  });

  it('cancels a resting order by client order id', async () => {
    const { client, book } = clientFor(binanceAdapter(mock));
    const order = book.create({
      instrument: BTCUSDT,
      side: 'BUY',
      type: OrderType.Limit,
      quantity: 0.01,
      price: 50_000,
    });
    client.submitOrder(order);
    await client.idle();
    book.requestCancel(order);
    client.cancelOrder(order);
    await client.idle();
    expect(order.status).toBe(OrderStatus.Canceled);
    expect(mock.engine.openOrders()).toEqual([]);
  });

  it('a cancel that loses the race to a fill is refused by the venue and the fill is applied', async () => {
    const { client, book } = clientFor(binanceAdapter(mock));
    const order = book.create({
      instrument: BTCUSDT,
      side: 'BUY',
      type: OrderType.Limit,
      quantity: 0.01,
      price: 59_500,
    });
    client.submitOrder(order);
    await client.idle();
    mock.setPrice('BTCUSDT', 59_000); // fills before our cancel arrives
    book.requestCancel(order);
    client.cancelOrder(order);
    await client.idle();
    expect(order.status).toBe(OrderStatus.Filled);
    expect(book.eventsOf(order.clientOrderId)).toEqual(['order.accepted', 'order.filled']);
  });
});

describe('Binance adapter: every error class', () => {
  it('a wrong secret is refused with -1022 and the order is rejected, not unknown', async () => {
    const adapter = binanceAdapter(mock, { apiSecret: 'wrong' });
    const { client, book } = clientFor(adapter);
    const order = book.create({ instrument: BTCUSDT, side: 'BUY', type: OrderType.Market, quantity: 0.01 });
    client.submitOrder(order);
    await client.idle();
    expect(order.status).toBe(OrderStatus.Rejected);
    expect(book.events.at(-1)).toMatchObject({ type: 'order.rejected', reason: expect.stringContaining('-1022') });
    expect(mock.authFailures).toBe(1);
    await expect(adapter.connect()).rejects.toMatchObject({ kind: 'auth', code: '-1022' });
  });

  it('an unknown API key is refused with -2015', async () => {
    await expect(binanceAdapter(mock, { apiKey: 'nope' }).balances()).rejects.toMatchObject({
      kind: 'auth',
      code: '-2015',
      httpStatus: 401,
    });
  });

  it('a clock outside recvWindow is refused with -1021 (clock skew)', async () => {
    const late = binanceAdapter(mock, { clock: { now: () => Date.now() - 10_000 } });
    await expect(late.balances()).rejects.toMatchObject({ kind: 'clock-skew', code: '-1021' });
  });

  it('filter failures, unknown symbols and insufficient balance are rejections with their codes', async () => {
    const adapter = binanceAdapter(mock);
    const book = new OrderBook();
    const fineLot = createInstrument({ ...BTCUSDT, lotSize: 0.00001 });
    const lot = await adapter.submit({
      order: book.create({ instrument: fineLot, side: 'BUY', type: OrderType.Market, quantity: 0.00015 }),
      instrument: fineLot,
    });
    expect(lot).toMatchObject({ status: 'rejected', code: '-1013', reason: expect.stringContaining('LOT_SIZE') });
    const eth = createInstrument({ ...BTCUSDT, symbol: 'ETHUSDT' });
    const symbol = await adapter.submit({
      order: book.create({ instrument: eth, side: 'BUY', type: OrderType.Market, quantity: 1 }),
      instrument: eth,
    });
    expect(symbol).toMatchObject({ status: 'rejected', code: '-1121' });
    const sell = await adapter.submit({
      order: book.create({ instrument: BTCUSDT, side: 'SELL', type: OrderType.Market, quantity: 1 }),
      instrument: BTCUSDT,
    });
    expect(sell).toMatchObject({
      status: 'rejected',
      code: '-2010',
      reason: expect.stringContaining('insufficient balance'),
    });
  });

  it('orders the venue cannot take are refused locally without a request', async () => {
    const adapter = binanceAdapter(mock);
    const book = new OrderBook();
    const before = mock.requests;
    const gtd = await adapter.submit({
      order: book.create({
        instrument: BTCUSDT,
        side: 'BUY',
        type: OrderType.Limit,
        price: 1,
        quantity: 1,
        timeInForce: TimeInForce.GTD,
      }),
      instrument: BTCUSDT,
    });
    const longId = await adapter.submit({
      order: book.create({
        instrument: BTCUSDT,
        side: 'BUY',
        type: OrderType.Market,
        quantity: 1,
        clientOrderId: 'x'.repeat(37),
      }),
      instrument: BTCUSDT,
    });
    expect(gtd).toMatchObject({ status: 'rejected', code: 'unsupported' });
    expect(longId).toMatchObject({ status: 'rejected', code: 'unsupported' });
    expect(mock.requests).toBe(before);
  });

  it('querying an order the venue never saw answers not-found (-2013)', async () => {
    const book = new OrderBook();
    const order = book.create({ instrument: BTCUSDT, side: 'BUY', type: OrderType.Market, quantity: 1 });
    expect(await binanceAdapter(mock).queryOrder({ order, instrument: BTCUSDT })).toEqual({ status: 'not-found' });
  });

  it('a 5xx on an idempotent query is retried with backoff until it answers', async () => {
    mock.setFaults({ serverErrorRate: 0.5 });
    const adapter = binanceAdapter(mock, {
      resilience: { timeoutMs: 2_000, maxAttempts: 10, backoff: { baseMs: 1, maxMs: 5 } },
    });
    for (let i = 0; i < 5; i++) await expect(adapter.balances()).resolves.toEqual(expect.any(Array));
    expect(mock.faults.injected['server-error']).toBeGreaterThan(0);
  });

  it('repeated 5xx open the circuit: orders are refused at once, unsent, and /ready can say why', async () => {
    mock.setFaults({ serverErrorRate: 1 });
    const adapter = binanceAdapter(mock, {
      breaker: { failureThreshold: 3, resetAfterMs: 60_000 },
      resilience: { timeoutMs: 2_000, maxAttempts: 1 },
    });
    for (let i = 0; i < 3; i++) await expect(adapter.balances()).rejects.toMatchObject({ kind: 'server' });
    expect(adapter.caller.breaker.state).toBe('open');
    const before = mock.requests;
    const book = new OrderBook();
    const result = await adapter.submit({
      order: book.create({ instrument: BTCUSDT, side: 'BUY', type: OrderType.Market, quantity: 0.01 }),
      instrument: BTCUSDT,
    });
    expect(result).toMatchObject({ status: 'rejected', code: 'circuit-open' });
    expect(mock.requests).toBe(before);
  });
});

describe('Binance adapter: unanswered submits become UNKNOWN and are resolved by query, never resent', () => {
  it('processed then answered 500: UNKNOWN, then the query finds the order and its fill', async () => {
    mock.setFaults({ errorAfterProcessRate: 1, routes: ['POST /api/v3/order'], times: 1 });
    const { client, book } = clientFor(binanceAdapter(mock));
    const order = book.create({ instrument: BTCUSDT, side: 'BUY', type: OrderType.Market, quantity: 0.01 });
    client.submitOrder(order);
    await client.idle();
    expect(book.eventsOf(order.clientOrderId)).toEqual(['order.unknown', 'order.accepted', 'order.filled']);
    expect(mock.engine.orders.filter((o) => o.clientOrderId === order.clientOrderId)).toHaveLength(1);
  });

  it('processed then the connection dropped: same, exactly one order at the venue', async () => {
    mock.setFaults({ dropAfterProcessRate: 1, routes: ['POST /api/v3/order'], times: 1 });
    const { client, book } = clientFor(binanceAdapter(mock));
    const order = book.create({
      instrument: BTCUSDT,
      side: 'BUY',
      type: OrderType.Limit,
      quantity: 0.01,
      price: 50_000,
    });
    client.submitOrder(order);
    await client.idle();
    expect(book.eventsOf(order.clientOrderId)).toEqual(['order.unknown', 'order.accepted']);
    expect(order.status).toBe(OrderStatus.Accepted);
    expect(mock.engine.orders.filter((o) => o.clientOrderId === order.clientOrderId)).toHaveLength(1);
  });

  it('503 before processing: the venue never saw it, so after recvWindow it is rejected as never arrived', async () => {
    mock.setFaults({ serverErrorRate: 1, routes: ['POST /api/v3/order'], times: 1 });
    const { client, book } = clientFor(binanceAdapter(mock));
    const order = book.create({ instrument: BTCUSDT, side: 'BUY', type: OrderType.Market, quantity: 0.01 });
    client.submitOrder(order);
    await client.idle();
    expect(book.eventsOf(order.clientOrderId)).toEqual(['order.unknown', 'order.rejected']);
    expect(mock.engine.orders).toHaveLength(0);
  });

  it('a stalled request that arrives after our timeout and its recvWindow is refused by the venue: no order', async () => {
    mock.setFaults({ stallRate: 1, stallMs: 2_500, routes: ['POST /api/v3/order'], times: 1 });
    const { client, book } = clientFor(binanceAdapter(mock));
    const order = book.create({ instrument: BTCUSDT, side: 'BUY', type: OrderType.Market, quantity: 0.01 });
    client.submitOrder(order);
    await client.idle();
    expect(book.eventsOf(order.clientOrderId)).toEqual(['order.unknown', 'order.rejected']);
    expect(mock.engine.orders).toHaveLength(0);
  });
});

describe('Binance adapter: rate limits', () => {
  it('concurrent calls share the limiter: the venue counts no violation', async () => {
    await mock.stop();
    mock = await startMockBinance({ limits: { weight: { limit: 40, windowMs: 500 } } });
    const adapter = binanceAdapter(mock, { limits: [{ name: 'REQUEST_WEIGHT', limit: 40, windowMs: 500 }] });
    const results = await Promise.all(Array.from({ length: 12 }, () => adapter.balances())); // 240 weight
    expect(results).toHaveLength(12);
    expect(mock.limitViolations).toBe(0);
    expect(mock.weight.maxUsed).toBeLessThanOrEqual(40);
  });

  it('over the limit: 429 with Retry-After blocks the whole adapter; continuing would earn a 418 ban', async () => {
    await mock.stop();
    mock = await startMockBinance({ limits: { weight: { limit: 40, windowMs: 60_000 } }, banMs: 60_000 });
    // Misconfigured on purpose: the adapter believes it may spend far more than the venue allows.
    const adapter = binanceAdapter(mock, {
      limits: [{ name: 'REQUEST_WEIGHT', limit: 10_000, windowMs: 60_000 }],
      resilience: { timeoutMs: 2_000, maxAttempts: 1 },
    });
    await adapter.balances();
    await adapter.balances();
    await expect(adapter.balances()).rejects.toMatchObject({ kind: 'rate-limited', httpStatus: 429, code: '-1003' });
    expect(adapter.limiter.tryAcquire({ REQUEST_WEIGHT: 1 }).granted).toBe(false);
    // A client that ignores the 429 is banned.
    const reckless = binanceAdapter(mock, {
      limits: [{ name: 'REQUEST_WEIGHT', limit: 10_000, windowMs: 60_000 }],
      resilience: { timeoutMs: 2_000, maxAttempts: 1 },
    });
    await expect(reckless.balances()).rejects.toMatchObject({ kind: 'banned', httpStatus: 418 });
    expect(mock.limitViolations).toBe(2);
  });

  it('weight reported by the venue (another process on the same key) makes the limiter wait', async () => {
    const adapter = binanceAdapter(mock, { limits: [{ name: 'REQUEST_WEIGHT', limit: 100, windowMs: 60_000 }] });
    const other = binanceAdapter(mock);
    for (let i = 0; i < 4; i++) await other.balances(); // 80 weight someone else spent
    await adapter.balances(); // the answer says 100 used
    expect(adapter.limiter.usage().REQUEST_WEIGHT!.used).toBeGreaterThanOrEqual(100);
    expect(adapter.limiter.tryAcquire({ REQUEST_WEIGHT: 1 }).granted).toBe(false);
  });
});

describe('Binance adapter: restart with reconciliation', () => {
  it('fills that happened while we were down are applied once, and positions reconcile', async () => {
    const first = clientFor(binanceAdapter(mock));
    const book = first.book;
    const resting = book.create({
      instrument: BTCUSDT,
      side: 'BUY',
      type: OrderType.Limit,
      quantity: 0.02,
      price: 59_000,
    });
    const untouched = book.create({
      instrument: BTCUSDT,
      side: 'BUY',
      type: OrderType.Limit,
      quantity: 0.01,
      price: 50_000,
    });
    first.client.submitOrder(resting);
    first.client.submitOrder(untouched);
    await first.client.idle();
    first.client.close(); // the process stops

    mock.setPrice('BTCUSDT', 58_000); // fills while nobody listens

    const second = clientFor(binanceAdapter(mock), book);
    const reconciler = new VenueReconciler(second.client, [BTCUSDT], (id) => book.position(id));
    expect(reconciler.tradingAllowed).toBe(false); // fail closed until the first pass
    const result = await reconciler.start([resting, untouched]);
    expect(resting.status).toBe(OrderStatus.Filled);
    expect(untouched.status).toBe(OrderStatus.Accepted);
    expect(result.positions).toEqual({ status: 'reconciled' });
    expect(result.tradingAllowed).toBe(true);

    await reconciler.run(); // periodic pass: nothing new, nothing doubled
    expect(book.eventsOf(resting.clientOrderId).filter((t) => t === 'order.filled')).toHaveLength(1);
    expect(book.anomalies).toEqual([]);
  });

  it('a position the venue does not confirm keeps the venue blocked', async () => {
    const { client, book } = clientFor(binanceAdapter(mock));
    const reconciler = new VenueReconciler(client, [BTCUSDT], () => 0.5); // we think we hold 0.5 BTC
    const result = await reconciler.start([]);
    expect(result.positions.status).toBe('mismatch');
    expect(result.tradingAllowed).toBe(false);
    expect(book.events).toEqual([]);
  });
});
