import { OrderStatus, OrderType } from '@tradeforge/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MockKisVenue } from '../../src/venues/kis/mock-kis-venue.js';
import { VenueReconciler } from '../../src/venues/shared/venue-reconciler.js';
import { OrderBook } from './support/order-book.js';
import { SAMSUNG, kisAdapter, kisClient, startMockKis } from './kis-fixture.js';

let mock: MockKisVenue;
beforeEach(async () => {
  mock = await startMockKis();
  mock.setPrice('005930', 70_000);
});
afterEach(() => mock.stop());

const ORDER_ROUTE = 'POST /uapi/domestic-stock/v1/trading/order-cash';
const CANCEL_ROUTE = 'POST /uapi/domestic-stock/v1/trading/order-rvsecncl';
const buy = (book: OrderBook, price: number, quantity = 10) =>
  book.create({ instrument: SAMSUNG, side: 'BUY', type: OrderType.Limit, quantity, price });
const cancelsSeen = (m: MockKisVenue) => m.engine.orders.filter((o) => o.status === 'canceled').length;

describe('KIS: cancels that arrive before the order number is known are buffered', () => {
  it('a cancel sent while the submit is in flight waits for the ODNO, then cancels that order', async () => {
    const adapter = kisAdapter(mock);
    await adapter.connect();
    mock.setFaults({ latencyMs: 150, routes: [ORDER_ROUTE] });
    const { client, book } = kisClient(adapter);
    const order = buy(book, 69_000);
    client.submitOrder(order);
    book.requestCancel(order);
    client.cancelOrder(order); // no ODNO yet
    await client.idle();
    expect(order.status).toBe(OrderStatus.Canceled);
    expect(book.eventsOf(order.clientOrderId)).toEqual(['order.accepted', 'order.canceled']);
    expect(mock.engine.orders).toHaveLength(1);
    expect(cancelsSeen(mock)).toBe(1);
  });

  it('the order is refused first: the buffered cancel is never sent', async () => {
    const adapter = kisAdapter(mock);
    await adapter.connect();
    mock.setFaults({ latencyMs: 100, routes: [ORDER_ROUTE] });
    const { client, book } = kisClient(adapter);
    const order = buy(book, 69_000, 100_000); // beyond the buying power
    client.submitOrder(order);
    client.cancelOrder(order);
    await client.idle();
    expect(book.eventsOf(order.clientOrderId)).toEqual(['order.rejected']);
    // The token request, one inquiry at connect, the order: no cancel request reached KIS.
    expect(mock.requests).toBe(3);
  });

  it('the order filled on arrival: the buffered cancel is refused by KIS and the fill stands', async () => {
    const adapter = kisAdapter(mock);
    await adapter.connect();
    mock.setFaults({ latencyMs: 100, routes: [ORDER_ROUTE] });
    const { client, book } = kisClient(adapter);
    const order = buy(book, 70_500);
    client.submitOrder(order);
    book.requestCancel(order);
    client.cancelOrder(order);
    await client.idle();
    expect(order.status).toBe(OrderStatus.Filled);
    expect(book.eventsOf(order.clientOrderId)).toEqual(['order.accepted', 'order.filled']);
    expect(book.anomalies).toEqual([]);
  });

  it('a cancel for an unanswered submit is sent once the query has found the order', async () => {
    mock.setFaults({ dropAfterProcessRate: 1, routes: [ORDER_ROUTE], times: 1 });
    const { client, book } = kisClient(kisAdapter(mock));
    const order = buy(book, 69_000);
    client.submitOrder(order);
    book.requestCancel(order);
    client.cancelOrder(order);
    await client.idle();
    expect(book.eventsOf(order.clientOrderId)).toEqual(['order.unknown', 'order.accepted', 'order.canceled']);
    expect(mock.engine.orders).toHaveLength(1);
    expect(cancelsSeen(mock)).toBe(1);
  });
});

describe('KIS: UNKNOWN resolved by query, never resent', () => {
  it('processed then 500: UNKNOWN, then found in the order list with its fill', async () => {
    mock.setFaults({ errorAfterProcessRate: 1, routes: [ORDER_ROUTE], times: 1 });
    const { client, book } = kisClient(kisAdapter(mock));
    const order = buy(book, 70_500);
    client.submitOrder(order);
    await client.idle();
    expect(book.eventsOf(order.clientOrderId)).toEqual(['order.unknown', 'order.accepted', 'order.filled']);
    expect(order.venueOrderId).toBe('0000000001');
    expect(mock.engine.orders).toHaveLength(1);
  });

  it('503 before processing: not found after the grace period, rejected as never arrived', async () => {
    mock.setFaults({ serverErrorRate: 1, routes: [ORDER_ROUTE], times: 1 });
    const { client, book } = kisClient(kisAdapter(mock));
    const order = buy(book, 69_000);
    client.submitOrder(order);
    await client.idle();
    expect(book.eventsOf(order.clientOrderId)).toEqual(['order.unknown', 'order.rejected']);
    expect(mock.engine.orders).toHaveLength(0);
  });

  it('identical orders while one is unanswered: each is matched to its own ODNO, none doubled', async () => {
    const adapter = kisAdapter(mock, { clockToleranceMs: 1_000 });
    await adapter.connect();
    const { client, book } = kisClient(adapter);
    // Someone placed the same order by hand a little earlier: it must not be taken for ours.
    mock.engine.place({
      clientOrderId: '',
      symbol: '005930',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: 10,
      price: 69_000,
    });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    mock.setFaults({ dropAfterProcessRate: 1, routes: [ORDER_ROUTE], times: 1 });
    const orders = Array.from({ length: 3 }, () => buy(book, 69_000));
    for (const order of orders) client.submitOrder(order);
    await client.idle();
    expect(orders.map((o) => o.status)).toEqual([OrderStatus.Accepted, OrderStatus.Accepted, OrderStatus.Accepted]);
    expect(new Set(orders.map((o) => o.venueOrderId)).size).toBe(3);
    expect(orders.map((o) => o.venueOrderId)).not.toContain('0000000001');
    expect(mock.engine.orders).toHaveLength(4);
    expect(book.eventsOf(orders[0]!.clientOrderId)).toEqual(['order.unknown', 'order.accepted']);
  });

  it('a cancel left unanswered is followed by a query; the order ends canceled, cancel sent once', async () => {
    const { client, book } = kisClient(kisAdapter(mock));
    const order = buy(book, 69_000);
    client.submitOrder(order);
    await client.idle();
    mock.setFaults({ dropAfterProcessRate: 1, routes: [CANCEL_ROUTE], times: 1 });
    book.requestCancel(order);
    client.cancelOrder(order);
    await client.idle();
    expect(order.status).toBe(OrderStatus.Canceled);
    expect(cancelsSeen(mock)).toBe(1);
  });
});

describe('KIS: requests per second', () => {
  it('concurrent orders, cancels and inquiries stay within the limit: the mock counts no violation', async () => {
    await mock.stop();
    mock = await startMockKis({ limits: { perWindow: 5, windowMs: 200 } });
    mock.setPrice('005930', 70_000);
    const adapter = kisAdapter(mock, { limits: [{ name: 'requests', limit: 5, windowMs: 200 }] });
    const { client, book } = kisClient(adapter);
    const orders = Array.from({ length: 30 }, (_, i) => buy(book, 60_000 + (i % 10) * 100, 1 + Math.floor(i / 10)));
    for (const order of orders) client.submitOrder(order);
    await Promise.all(Array.from({ length: 10 }, () => adapter.balances()));
    await client.idle();
    for (const order of orders.slice(0, 10)) {
      book.requestCancel(order);
      client.cancelOrder(order);
    }
    await client.idle();
    expect(orders.slice(10).every((o) => o.status === OrderStatus.Accepted)).toBe(true);
    expect(orders.slice(0, 10).every((o) => o.status === OrderStatus.Canceled)).toBe(true);
    expect(mock.limitViolations).toBe(0);
    expect(mock.counter.maxUsed).toBeLessThanOrEqual(5);
  });

  it('EGW00201 (someone else used the second): rate-limited, the limiter backs off, a submit is rejected not resent', async () => {
    await mock.stop();
    mock = await startMockKis({ limits: { perWindow: 3, windowMs: 60_000 } });
    mock.setPrice('005930', 70_000);
    const adapter = kisAdapter(mock, { resilience: { timeoutMs: 2_000, maxAttempts: 1 } });
    await adapter.balances(); // token + inquiry: 2 of 3
    await fetch(`${mock.url}/oauth2/tokenP`, { method: 'POST', body: '{}' }); // another client: 3 of 3
    const result = await adapter.submit({ order: buy(new OrderBook(), 69_000), instrument: SAMSUNG });
    expect(result).toMatchObject({ status: 'rejected', code: 'EGW00201' });
    expect(adapter.limiter.tryAcquire({ requests: 1 }).granted).toBe(false);
    expect(mock.engine.orders).toHaveLength(0);
    expect(mock.counter.violations).toBe(1);
  });
});

describe('KIS: restart with reconciliation', () => {
  it('fills missed while down are applied once, with the ids the first run used; positions reconcile', async () => {
    await mock.stop();
    mock = await startMockKis({ maxFillPerMatch: 4 });
    mock.setPrice('005930', 70_000);
    const first = kisClient(kisAdapter(mock));
    const book = first.book;
    const order = buy(book, 69_000);
    first.client.submitOrder(order);
    await first.client.idle();
    mock.setPrice('005930', 68_900); // 4 filled
    await first.client.refresh();
    expect(order.filledQuantity).toBe(4);
    first.client.close();
    mock.setPrice('005930', 68_800); // 8 filled while we are down
    mock.setPrice('005930', 68_700); // 10: filled

    // A new process: empty id map and ledger; the order store gives the order with its ODNO.
    const second = kisClient(kisAdapter(mock), book);
    const reconciler = new VenueReconciler(second.client, [SAMSUNG], (id) => book.position(id));
    const result = await reconciler.start([order]);
    expect(order.status).toBe(OrderStatus.Filled);
    const fills = book.events.filter((e) => e.type === 'order.filled');
    expect(fills.map((f) => (f.type === 'order.filled' ? [f.tradeId, f.quantity] : []))).toEqual([
      [`${order.venueOrderId}:4`, 4],
      [`${order.venueOrderId}:10`, 6],
    ]);
    expect(result.tradingAllowed).toBe(true);
    expect(result.positions.status).toBe('reconciled');
    await reconciler.run();
    expect(book.events.filter((e) => e.type === 'order.filled')).toHaveLength(2);
  });

  it('an order still open after the restart is mapped back and can be canceled (branch asked from KIS)', async () => {
    const first = kisClient(kisAdapter(mock));
    const book = first.book;
    const order = buy(book, 60_000);
    first.client.submitOrder(order);
    await first.client.idle();
    first.client.close();

    const adapter = kisAdapter(mock);
    const second = kisClient(adapter, book);
    const reconciler = new VenueReconciler(second.client, [SAMSUNG], (id) => book.position(id));
    const result = await reconciler.start([order]);
    expect(result.foreignOrders).toEqual([]);
    expect(result.tradingAllowed).toBe(true);
    book.requestCancel(order);
    second.client.cancelOrder(order);
    await second.client.idle();
    expect(order.status).toBe(OrderStatus.Canceled);
  });

  it('an order at KIS that none of ours holds blocks trading (fail closed)', async () => {
    const adapter = kisAdapter(mock);
    await adapter.submit({ order: buy(new OrderBook(), 60_000), instrument: SAMSUNG });
    const fresh = kisClient(kisAdapter(mock));
    const reconciler = new VenueReconciler(fresh.client, [SAMSUNG], (id) => fresh.book.position(id));
    const result = await reconciler.start([]);
    expect(result.foreignOrders).toHaveLength(1);
    expect(result.tradingAllowed).toBe(false);
  });
});
