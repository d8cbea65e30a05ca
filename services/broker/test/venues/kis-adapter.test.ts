import { OrderStatus, OrderType, TimeInForce, createInstrument } from '@tradeforge/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MockKisVenue } from '../../src/venues/kis/mock-kis-venue.js';
import { OrderBook } from './support/order-book.js';
import { SAMSUNG, kisAdapter, kisClient, startMockKis } from './kis-fixture.js';

let mock: MockKisVenue;
beforeEach(async () => {
  mock = await startMockKis();
  mock.setPrice('005930', 70_000);
});
afterEach(() => mock.stop());

const buy = (book: OrderBook, price: number, quantity = 10, timeInForce: TimeInForce = TimeInForce.GTC) =>
  book.create({ instrument: SAMSUNG, side: 'BUY', type: OrderType.Limit, quantity, price, timeInForce });

describe('KIS adapter against the mock venue', () => {
  it('a marketable limit buy fills on arrival; a market sell closes the position', async () => {
    const adapter = kisAdapter(mock);
    await adapter.connect();
    const { client, book } = kisClient(adapter);
    const order = buy(book, 70_500);
    client.submitOrder(order);
    await client.idle();
    // The order answer carries only ODNO: the fill comes from the order inquiry right after.
    expect(book.eventsOf(order.clientOrderId)).toEqual(['order.accepted', 'order.filled']);
    expect(order.venueOrderId).toMatch(/^\d{10}$/);
    expect(order.averageFillPrice).toBe(70_000);
    expect(await adapter.balances()).toContainEqual({ asset: '005930', free: 10, locked: 0 });

    const sell = book.create({ instrument: SAMSUNG, side: 'SELL', type: OrderType.Market, quantity: 10 });
    client.submitOrder(sell);
    await client.idle();
    expect(sell.status).toBe(OrderStatus.Filled);
    expect(mock.engine.balanceOf('005930').free).toBe(0);
    expect(book.anomalies).toEqual([]);
  });

  it('partial fills arrive once each as the price moves; the cancel ends the rest', async () => {
    await mock.stop();
    mock = await startMockKis({ maxFillPerMatch: 4 });
    mock.setPrice('005930', 70_000);
    const adapter = kisAdapter(mock);
    const { client, book } = kisClient(adapter);
    const order = buy(book, 69_000);
    client.submitOrder(order);
    await client.idle();
    mock.setPrice('005930', 68_900);
    await client.refresh();
    await client.refresh(); // nothing new: no second fill
    mock.setPrice('005930', 68_800);
    await client.refresh();
    expect(order.filledQuantity).toBe(8);
    book.requestCancel(order);
    client.cancelOrder(order);
    await client.idle();
    expect(order.status).toBe(OrderStatus.Canceled);
    const fills = book.events.filter((e) => e.type === 'order.filled');
    expect(fills.map((f) => (f.type === 'order.filled' ? [f.tradeId.split(':')[1], f.quantity] : []))).toEqual([
      ['4', 4],
      ['8', 4],
    ]);
    expect(book.eventsOf(order.clientOrderId)).toEqual([
      'order.accepted',
      'order.filled',
      'order.filled',
      'order.canceled',
    ]);
    // KIS numbers the cancel as an order of its own; open orders list neither.
    expect(await adapter.openOrders([SAMSUNG])).toEqual([]);
  });

  it('an IOC limit that cannot fill expires; a resting order is listed open under our client id', async () => {
    const adapter = kisAdapter(mock);
    const { client, book } = kisClient(adapter);
    const ioc = buy(book, 60_000, 5, TimeInForce.IOC);
    const resting = buy(book, 60_000, 6);
    client.submitOrder(ioc);
    client.submitOrder(resting);
    await client.idle();
    expect(ioc.status).toBe(OrderStatus.Expired);
    expect(await adapter.openOrders([SAMSUNG])).toEqual([
      expect.objectContaining({ clientOrderId: resting.clientOrderId, status: OrderStatus.Accepted }),
    ]);
  });

  it('inquiries are read across pages (tr_cont M → N)', async () => {
    await mock.stop();
    mock = await startMockKis({ pageSize: 3 });
    mock.setPrice('005930', 70_000);
    const adapter = kisAdapter(mock);
    const { client, book } = kisClient(adapter);
    for (let i = 0; i < 8; i++) client.submitOrder(buy(book, 60_000 + i * 100));
    await client.idle();
    const open = await adapter.openOrders([SAMSUNG]);
    expect(open).toHaveLength(8);
    expect(new Set(open.map((o) => o.clientOrderId)).size).toBe(8);
  });
});

describe('KIS adapter: every error class', () => {
  it('buying power exceeded is a rejection with KIS’s code (APBK0952)', async () => {
    const result = await kisAdapter(mock).submit({ order: buy(new OrderBook(), 70_000, 10_000), instrument: SAMSUNG });
    expect(result).toMatchObject({ status: 'rejected', code: 'APBK0952' });
  });

  it('a price off the KRX tick band is refused by the venue, not sent as something else', async () => {
    const fine = createInstrument({ symbol: '005930', venue: 'kis', quoteCurrency: 'KRW', tickSize: 1, lotSize: 1 });
    const order = new OrderBook().create({
      instrument: fine,
      side: 'BUY',
      type: OrderType.Limit,
      quantity: 1,
      price: 70_001,
    });
    expect(await kisAdapter(mock).submit({ order, instrument: fine })).toMatchObject({
      status: 'rejected',
      code: 'MOCK-TICK',
    });
    expect(mock.engine.orders).toHaveLength(0);
  });

  it('paper tr_ids against a real account are refused; a wrong account is refused', async () => {
    const order = buy(new OrderBook(), 69_000);
    expect(await kisAdapter(mock, { environment: 'paper' }).submit({ order, instrument: SAMSUNG })).toMatchObject({
      status: 'rejected',
      code: 'MOCK-TR_ID',
    });
    await expect(kisAdapter(mock, { account: '99999999-01' }).balances()).rejects.toMatchObject({
      kind: 'rejected',
      code: 'MOCK-ACCOUNT',
    });
    expect(() => kisAdapter(mock, { account: '1234' })).toThrow(/CANO-ACNT_PRDT_CD/);
  });

  it('a second submit of the same client order id is refused locally: KIS would take it as a new order', async () => {
    const adapter = kisAdapter(mock);
    const order = buy(new OrderBook(), 69_000);
    expect(await adapter.submit({ order, instrument: SAMSUNG })).toMatchObject({ status: 'accepted' });
    expect(await adapter.submit({ order, instrument: SAMSUNG })).toMatchObject({
      status: 'rejected',
      code: 'duplicate',
    });
    expect(mock.engine.orders).toHaveLength(1);
  });

  it('GTD is refused locally without a request', async () => {
    const before = mock.requests;
    const order = buy(new OrderBook(), 69_000, 1, TimeInForce.GTD);
    expect(await kisAdapter(mock).submit({ order, instrument: SAMSUNG })).toMatchObject({ code: 'unsupported' });
    expect(mock.requests).toBe(before);
  });

  it('canceling a filled order is refused by KIS; the query then shows the fill', async () => {
    const adapter = kisAdapter(mock);
    const order = buy(new OrderBook(), 70_500);
    expect(await adapter.submit({ order, instrument: SAMSUNG })).toMatchObject({ status: 'accepted' });
    expect(await adapter.cancel({ order, instrument: SAMSUNG })).toMatchObject({
      status: 'rejected',
      code: 'MOCK-NOTHING_LEFT',
    });
    expect(await adapter.queryOrder({ order, instrument: SAMSUNG })).toMatchObject({
      status: 'found',
      report: { status: OrderStatus.Filled, filledQuantity: 10 },
    });
  });

  it('5xx without a KIS code is a server error (outcome unknown); the breaker opens after repeated ones', async () => {
    const adapter = kisAdapter(mock, {
      resilience: { timeoutMs: 2_000, maxAttempts: 1 },
      breaker: { failureThreshold: 2, resetAfterMs: 60_000 },
    });
    await adapter.connect();
    mock.setFaults({ serverErrorRate: 1 });
    await expect(adapter.balances()).rejects.toMatchObject({ kind: 'server', httpStatus: 503 });
    await expect(adapter.balances()).rejects.toMatchObject({ kind: 'server' });
    const before = mock.requests;
    await expect(adapter.balances()).rejects.toMatchObject({ kind: 'circuit-open' });
    expect(mock.requests).toBe(before);
  });

  it('an idempotent inquiry is retried through 5xx answers', async () => {
    const adapter = kisAdapter(mock);
    await adapter.connect();
    mock.setFaults({ serverErrorRate: 1, times: 2 });
    await expect(adapter.balances()).resolves.toEqual(expect.any(Array));
    expect(mock.faults.injected['server-error']).toBe(2);
  });

  it('a stalled inquiry times out', async () => {
    const adapter = kisAdapter(mock, { resilience: { timeoutMs: 300, maxAttempts: 1 } });
    await adapter.connect();
    mock.setFaults({ stallRate: 1, stallMs: 1_000, times: 1 });
    await expect(adapter.balances()).rejects.toMatchObject({ kind: 'timeout' });
  });

  it('nothing listening: unreachable, nothing was sent', async () => {
    const port = new URL(mock.url).port;
    await mock.stop();
    const adapter = kisAdapter(mock, { baseUrl: `http://127.0.0.1:${port}`, resilience: { maxAttempts: 1 } });
    await expect(adapter.balances()).rejects.toMatchObject({ kind: 'unreachable' });
    mock = await startMockKis();
  });
});
