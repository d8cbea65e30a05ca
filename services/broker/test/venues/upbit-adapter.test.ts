import { OrderStatus, OrderType, TimeInForce } from '@tradeforge/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VenueReconciler } from '../../src/venues/shared/venue-reconciler.js';
import type { MockUpbitVenue } from '../../src/venues/upbit/mock-upbit-venue.js';
import { upbitToken } from '../../src/venues/upbit/upbit-jwt.js';
import { UPBIT_ACCESS, UPBIT_SECRET, startMockUpbit, upbitAdapter, upbitClient } from './support/upbit-fixture.js';
import { BTCKRW, OrderBook } from './support/order-book.js';

let mock: MockUpbitVenue;
beforeEach(async () => {
  mock = await startMockUpbit();
  mock.setPrice('KRW-BTC', 100_000_000);
});
afterEach(() => mock.stop());

const buy = (book: OrderBook, price: number, quantity = 0.01, timeInForce: TimeInForce = TimeInForce.GTC) =>
  book.create({ instrument: BTCKRW, side: 'BUY', type: OrderType.Limit, quantity, price, timeInForce });

describe('Upbit adapter against the mock venue', () => {
  it('a marketable IOC limit buy fills; a market sell closes the position', async () => {
    const adapter = upbitAdapter(mock);
    await adapter.connect();
    const { client, book } = upbitClient(adapter);
    const order = buy(book, 101_000_000, 0.01, TimeInForce.IOC);
    client.submitOrder(order);
    await client.idle();
    // Upbit acknowledges without trades: the fill comes from the order's trades.
    expect(book.eventsOf(order.clientOrderId)).toEqual(['order.accepted', 'order.filled']);
    expect(order.averageFillPrice).toBe(100_000_000);

    const sell = book.create({ instrument: BTCKRW, side: 'SELL', type: OrderType.Market, quantity: 0.01 });
    client.submitOrder(sell);
    await client.idle();
    expect(sell.status).toBe(OrderStatus.Filled);
    expect(mock.engine.balanceOf('BTC').free).toBeCloseTo(0, 12);
    expect(book.anomalies).toEqual([]);
  });

  it('partial fills arrive once each as the price moves; cancel by identifier ends the rest', async () => {
    await mock.stop();
    mock = await startMockUpbit({ maxFillPerMatch: 0.004 });
    mock.setPrice('KRW-BTC', 100_000_000);
    const { client, book } = upbitClient(upbitAdapter(mock));
    const order = buy(book, 99_000_000);
    client.submitOrder(order);
    await client.idle();
    mock.setPrice('KRW-BTC', 98_000_000);
    await client.refresh();
    await client.refresh();
    expect(order.status).toBe(OrderStatus.PartiallyFilled);
    book.requestCancel(order);
    client.cancelOrder(order);
    await client.idle();
    expect(order.status).toBe(OrderStatus.Canceled);
    expect(order.filledQuantity).toBeCloseTo(0.004, 12);
    expect(book.eventsOf(order.clientOrderId)).toEqual(['order.accepted', 'order.filled', 'order.canceled']);
  });

  it('market buys by quantity are refused locally (Upbit buys at market by KRW amount)', async () => {
    const book = new OrderBook();
    const before = mock.requests;
    const result = await upbitAdapter(mock).submit({
      order: book.create({ instrument: BTCKRW, side: 'BUY', type: OrderType.Market, quantity: 0.01 }),
      instrument: BTCKRW,
    });
    expect(result).toMatchObject({ status: 'rejected', code: 'unsupported' });
    expect(mock.requests).toBe(before);
  });
});

describe('Upbit adapter: auth and order errors', () => {
  it('a token signed with another secret is refused (jwt_verification); HS256 tokens are accepted', async () => {
    await expect(upbitAdapter(mock, { secretKey: 'wrong' }).balances()).rejects.toMatchObject({
      kind: 'auth',
      code: 'jwt_verification',
    });
    await expect(upbitAdapter(mock, { jwtAlgorithm: 'HS256' }).balances()).resolves.toEqual(expect.any(Array));
    expect(mock.authFailures).toBe(1);
  });

  it('a query hash over other parameters is refused (invalid_query_payload), a reused nonce too (nonce_used)', async () => {
    const token = upbitToken({
      accessKey: UPBIT_ACCESS,
      secretKey: UPBIT_SECRET,
      query: 'market=KRW-ETH',
      nonce: 'fixed',
    });
    const call = () =>
      fetch(`${mock.url}/v1/orders/open?market=KRW-BTC`, { headers: { authorization: `Bearer ${token}` } });
    const first = await call();
    expect(first.status).toBe(401);
    expect(await first.json()).toMatchObject({ error: { name: 'invalid_query_payload' } });
    const again = await call();
    expect(await again.json()).toMatchObject({ error: { name: 'nonce_used' } });
  });

  it('insufficient funds and minimum order size are rejections with their names', async () => {
    const adapter = upbitAdapter(mock);
    const book = new OrderBook();
    expect(await adapter.submit({ order: buy(book, 100_000_000, 100), instrument: BTCKRW })).toMatchObject({
      status: 'rejected',
      code: 'insufficient_funds_bid',
    });
    expect(await adapter.submit({ order: buy(book, 100_000_000, 0.00001), instrument: BTCKRW })).toMatchObject({
      status: 'rejected',
      code: 'under_min_total_bid',
    });
  });

  it('an identifier is never accepted twice, even for a new request', async () => {
    const adapter = upbitAdapter(mock);
    const book = new OrderBook();
    const order = buy(book, 90_000_000);
    expect(await adapter.submit({ order, instrument: BTCKRW })).toMatchObject({ status: 'accepted' });
    expect(await adapter.submit({ order, instrument: BTCKRW })).toMatchObject({
      status: 'rejected',
      code: 'validation_error',
    });
    expect(mock.engine.orders).toHaveLength(1);
  });

  it('an order Upbit never saw is not found (order_not_found)', async () => {
    const book = new OrderBook();
    expect(await upbitAdapter(mock).queryOrder({ order: buy(book, 1_000), instrument: BTCKRW })).toEqual({
      status: 'not-found',
    });
  });
});

describe('Upbit adapter: UNKNOWN resolved by query, never resent', () => {
  it('processed then 500: UNKNOWN, then found by identifier with its fill', async () => {
    mock.setFaults({ errorAfterProcessRate: 1, routes: ['POST /v1/orders'], times: 1 });
    const { client, book } = upbitClient(upbitAdapter(mock));
    const order = buy(book, 101_000_000, 0.01, TimeInForce.IOC);
    client.submitOrder(order);
    await client.idle();
    expect(book.eventsOf(order.clientOrderId)).toEqual(['order.unknown', 'order.accepted', 'order.filled']);
    expect(mock.engine.orders).toHaveLength(1);
  });

  it('connection dropped after the order was taken: one order at the venue', async () => {
    mock.setFaults({ dropAfterProcessRate: 1, routes: ['POST /v1/orders'], times: 1 });
    const { client, book } = upbitClient(upbitAdapter(mock));
    const order = buy(book, 90_000_000);
    client.submitOrder(order);
    await client.idle();
    expect(book.eventsOf(order.clientOrderId)).toEqual(['order.unknown', 'order.accepted']);
    expect(mock.engine.orders).toHaveLength(1);
  });

  it('503 before processing: not found after the grace period, so rejected as never arrived', async () => {
    mock.setFaults({ serverErrorRate: 1, routes: ['POST /v1/orders'], times: 1 });
    const { client, book } = upbitClient(upbitAdapter(mock));
    const order = buy(book, 90_000_000);
    client.submitOrder(order);
    await client.idle();
    expect(book.eventsOf(order.clientOrderId)).toEqual(['order.unknown', 'order.rejected']);
    expect(mock.engine.orders).toHaveLength(0);
  });
});

describe('Upbit adapter: group rate limits', () => {
  it('concurrent orders and queries stay within each group: no violation, Remaining-Req observed', async () => {
    await mock.stop();
    mock = await startMockUpbit({ limits: { order: 5, default: 10, windowMs: 200 } });
    mock.setPrice('KRW-BTC', 100_000_000);
    const adapter = upbitAdapter(mock, {
      limits: [
        { name: 'order', limit: 5, windowMs: 200 },
        { name: 'default', limit: 10, windowMs: 200 },
      ],
    });
    const { client, book } = upbitClient(adapter);
    const orders = Array.from({ length: 30 }, () => buy(book, 90_000_000));
    for (const order of orders) client.submitOrder(order);
    await Promise.all(Array.from({ length: 30 }, () => adapter.balances()));
    await client.idle();
    expect(orders.every((o) => o.status === OrderStatus.Accepted)).toBe(true);
    expect(mock.limitViolations).toBe(0);
    expect(mock.groups.order.maxUsed).toBeLessThanOrEqual(5);
  });

  it('Remaining-Req stops an adapter configured above the venue limit before the venue must refuse', async () => {
    await mock.stop();
    mock = await startMockUpbit({ limits: { default: 2, windowMs: 60_000 } });
    const adapter = upbitAdapter(mock, { limits: [{ name: 'default', limit: 100, windowMs: 60_000 }] });
    await adapter.balances();
    await adapter.balances(); // answered with sec=0
    expect(adapter.limiter.tryAcquire({ default: 1 }).granted).toBe(false);
    expect(mock.limitViolations).toBe(0);
  });

  it('a 429 (someone else used the group) blocks the adapter and is reported as rate-limited', async () => {
    await mock.stop();
    mock = await startMockUpbit({ limits: { default: 2, windowMs: 60_000 } });
    const other = upbitAdapter(mock);
    await other.balances();
    await other.balances();
    const adapter = upbitAdapter(mock, { resilience: { timeoutMs: 2_000, maxAttempts: 1 } });
    await expect(adapter.balances()).rejects.toMatchObject({
      kind: 'rate-limited',
      httpStatus: 429,
      code: 'too_many_requests',
    });
    expect(adapter.limiter.tryAcquire({ default: 1 }).granted).toBe(false);
    expect(mock.limitViolations).toBe(1);
  });
});

describe('Upbit adapter: restart with reconciliation', () => {
  it('applies fills missed while down exactly once and reconciles the BTC position', async () => {
    const first = upbitClient(upbitAdapter(mock));
    const book = first.book;
    const order = buy(first.book, 99_000_000, 0.02);
    first.client.submitOrder(order);
    await first.client.idle();
    first.client.close();
    mock.setPrice('KRW-BTC', 98_000_000);

    const second = upbitClient(upbitAdapter(mock), book);
    const reconciler = new VenueReconciler(second.client, [BTCKRW], (id) => book.position(id));
    const result = await reconciler.start([order]);
    await reconciler.run();
    expect(order.status).toBe(OrderStatus.Filled);
    expect(book.eventsOf(order.clientOrderId).filter((t) => t === 'order.filled')).toHaveLength(1);
    expect(result.tradingAllowed).toBe(true);
  });
});
