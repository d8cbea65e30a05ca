import { OrderStatus, OrderType, TimeInForce, createInstrument } from '@tradeforge/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { creonError } from '../../src/venues/creon/creon-mapping.js';
import type { MockCreonBridge } from '../../src/venues/creon/mock-creon-bridge.js';
import { OrderBook } from './support/order-book.js';
import { SAMSUNG, creonAdapter, creonClient, startMockCreon } from './creon-fixture.js';

let mock: MockCreonBridge;
beforeEach(async () => {
  mock = await startMockCreon();
  mock.setPrice('A005930', 71_000);
});
afterEach(() => mock.stop());

const limitBuy = (book: OrderBook, price: number, quantity = 10, timeInForce: TimeInForce = TimeInForce.GTC) =>
  book.create({ instrument: SAMSUNG, side: 'BUY', type: OrderType.Limit, quantity, price, timeInForce });

describe('Creon adapter against the mock bridge: happy path and partial fills', () => {
  it('connects (clock, key, Creon login), buys 10 at market and sells all 20 shares', async () => {
    const adapter = creonAdapter(mock);
    await adapter.connect();
    const { client, book } = creonClient(adapter);
    const buy = book.create({ instrument: SAMSUNG, side: 'BUY', type: OrderType.Market, quantity: 10 });
    client.submitOrder(buy);
    await client.idle();
    expect(book.eventsOf(buy.clientOrderId)).toEqual(['order.accepted', 'order.filled']);
    expect(buy.averageFillPrice).toBe(71_000);

    const sell = book.create({ instrument: SAMSUNG, side: 'SELL', type: OrderType.Market, quantity: 20 });
    client.submitOrder(sell);
    await client.idle();
    expect(sell.status).toBe(OrderStatus.Filled);
    expect(await adapter.balances()).toEqual([
      { asset: 'KRW', free: expect.closeTo(100_000_000 + 710_000 - (710_000 + 1_420_000) * 0.00015, 6), locked: 0 },
    ]);
    expect(book.anomalies).toEqual([]);
  });

  it('a resting limit fills in parts as the price moves; each fill once, with its bridge fill id', async () => {
    await mock.stop();
    mock = await startMockCreon({ maxFillPerMatch: 4 });
    mock.setPrice('A005930', 71_000);
    const { client, book } = creonClient(creonAdapter(mock));
    const order = limitBuy(book, 70_900);
    client.submitOrder(order);
    await client.idle();
    expect(order.status).toBe(OrderStatus.Accepted);

    mock.setPrice('A005930', 70_800);
    await client.refresh();
    await client.refresh(); // nothing new the second time
    expect(order.status).toBe(OrderStatus.PartiallyFilled);
    expect(order.filledQuantity).toBe(4);

    mock.setPrice('A005930', 70_700);
    mock.setPrice('A005930', 70_600);
    await client.refresh();
    expect(order.status).toBe(OrderStatus.Filled);
    const fills = book.events.filter((e) => e.type === 'order.filled');
    expect(fills.map((f) => f.tradeId)).toEqual(['1:4', '1:8', '1:10']);
    expect(order.averageFillPrice).toBe(70_900);
    expect(book.anomalies).toEqual([]);
  });

  it('cancels a resting order by client order id', async () => {
    const { client, book } = creonClient(creonAdapter(mock));
    const order = limitBuy(book, 65_000);
    client.submitOrder(order);
    await client.idle();
    book.requestCancel(order);
    client.cancelOrder(order);
    await client.idle();
    expect(order.status).toBe(OrderStatus.Canceled);
    expect(mock.engine.openOrders()).toEqual([]);
    expect(mock.engine.balanceOf('KRW').locked).toBe(0);
  });

  it('a cancel that loses the race to a fill is refused (order_not_open) and the fill is applied', async () => {
    const { client, book } = creonClient(creonAdapter(mock));
    const order = limitBuy(book, 70_500);
    client.submitOrder(order);
    await client.idle();
    mock.setPrice('A005930', 70_000);
    book.requestCancel(order);
    client.cancelOrder(order);
    await client.idle();
    expect(order.status).toBe(OrderStatus.Filled);
    expect(book.eventsOf(order.clientOrderId)).toEqual(['order.accepted', 'order.filled']);
  });
});

describe('Creon adapter: every error class', () => {
  it('a wrong secret is auth (unauthorized): the order is rejected, not unknown', async () => {
    const adapter = creonAdapter(mock, { apiSecret: 'wrong' });
    const { client, book } = creonClient(adapter);
    const order = limitBuy(book, 70_000);
    client.submitOrder(order);
    await client.idle();
    expect(book.eventsOf(order.clientOrderId)).toEqual(['order.rejected']);
    await expect(adapter.connect()).rejects.toMatchObject({ kind: 'auth', code: 'unauthorized', httpStatus: 401 });
    expect(mock.engine.orders).toHaveLength(0);
  });

  it('a clock behind the bridge is clock-skew (stale_request) until connect() syncs it', async () => {
    const late = creonAdapter(mock, { clock: { now: () => Date.now() - 10_000 } });
    await expect(late.balances()).rejects.toMatchObject({ kind: 'clock-skew', code: 'stale_request' });
    await late.connect();
    await expect(late.balances()).resolves.toEqual(expect.any(Array));
  });

  it('Creon’s refusals are rejections with their codes and Creon’s message', async () => {
    const adapter = creonAdapter(mock);
    const book = new OrderBook();
    const submit = (order: ReturnType<typeof limitBuy>, instrument = SAMSUNG) => adapter.submit({ order, instrument });
    expect(await submit(limitBuy(book, 71_000, 10_000))).toMatchObject({
      status: 'rejected',
      code: 'insufficient_cash',
      reason: expect.stringContaining('주문가능금액'),
    });
    const sell = book.create({ instrument: SAMSUNG, side: 'SELL', type: OrderType.Market, quantity: 11 });
    expect(await submit(sell)).toMatchObject({ status: 'rejected', code: 'insufficient_holdings' });
    expect(await submit(limitBuy(book, 71_050))).toMatchObject({ status: 'rejected', code: 'invalid_tick' });
    const unlisted = createInstrument({ ...SAMSUNG, symbol: 'A000660' });
    const order = book.create({ instrument: unlisted, side: 'BUY', type: OrderType.Market, quantity: 1 });
    expect(await submit(order, unlisted)).toMatchObject({ status: 'rejected', code: 'unknown_code' });
    expect(mock.engine.orders).toHaveLength(0);
  });

  it('a refused submit stays refused: its query answers rejected, so an UNKNOWN one resolves at once', async () => {
    mock.setFaults({ errorAfterProcessRate: 1, routes: ['POST /v1/orders'], times: 1 });
    const { client, book } = creonClient(creonAdapter(mock));
    const order = limitBuy(book, 71_000, 10_000); // more than the cash
    client.submitOrder(order);
    await client.idle();
    expect(book.eventsOf(order.clientOrderId)).toEqual(['order.unknown', 'order.rejected']);
    expect(book.events.at(-1)).toMatchObject({ reason: expect.stringContaining('insufficient_cash') });
  });

  it('orders the bridge cannot take are refused locally, without a request', async () => {
    const adapter = creonAdapter(mock);
    const book = new OrderBook();
    const before = mock.requests;
    const gtd = limitBuy(book, 70_000, 1, TimeInForce.GTD);
    const longId = book.create({
      instrument: SAMSUNG,
      side: 'BUY',
      type: OrderType.Market,
      quantity: 1,
      clientOrderId: 'x'.repeat(65),
    });
    const notACode = createInstrument({ ...SAMSUNG, symbol: 'SAMSUNG' });
    const results = [
      await adapter.submit({ order: gtd, instrument: SAMSUNG }),
      await adapter.submit({ order: longId, instrument: SAMSUNG }),
      await adapter.submit({
        order: book.create({ instrument: notACode, side: 'BUY', type: OrderType.Market, quantity: 1 }),
        instrument: notACode,
      }),
    ];
    for (const result of results) expect(result).toMatchObject({ status: 'rejected', code: 'unsupported' });
    expect(mock.requests).toBe(before);
  });

  it('an order the bridge never saw is not found (order_not_found)', async () => {
    const book = new OrderBook();
    expect(await creonAdapter(mock).queryOrder({ order: limitBuy(book, 70_000), instrument: SAMSUNG })).toEqual({
      status: 'not-found',
    });
  });

  it('Creon Plus logged out: connect says so, orders are refused unsent (unreachable), not unknown', async () => {
    mock.setCreonConnected(false);
    const adapter = creonAdapter(mock, { resilience: { timeoutMs: 2_000, maxAttempts: 1 } });
    await expect(adapter.connect()).rejects.toMatchObject({
      kind: 'unreachable',
      message: expect.stringContaining('not logged in'),
    });
    const book = new OrderBook();
    expect(await adapter.submit({ order: limitBuy(book, 70_000), instrument: SAMSUNG })).toMatchObject({
      status: 'rejected',
      code: 'creon_not_connected',
    });
    expect(mock.engine.orders).toHaveLength(0);
  });

  it('a bridge that is not running is unreachable', async () => {
    const adapter = creonAdapter(mock, { resilience: { timeoutMs: 2_000, maxAttempts: 1 } });
    await mock.stop();
    await expect(adapter.balances()).rejects.toMatchObject({ kind: 'unreachable' });
    mock = await startMockCreon();
  });

  it('a 5xx on an idempotent query is retried with backoff until it answers', async () => {
    mock.setFaults({ serverErrorRate: 0.5 });
    const adapter = creonAdapter(mock, {
      resilience: { timeoutMs: 2_000, maxAttempts: 10, backoff: { baseMs: 1, maxMs: 5 } },
    });
    for (let i = 0; i < 5; i++) await expect(adapter.balances()).resolves.toEqual(expect.any(Array));
    expect(mock.faults.injected['server-error']).toBeGreaterThan(0);
  });

  it('repeated 5xx open the circuit: orders are refused at once and unsent', async () => {
    mock.setFaults({ serverErrorRate: 1 });
    const adapter = creonAdapter(mock, {
      breaker: { failureThreshold: 3, resetAfterMs: 60_000 },
      resilience: { timeoutMs: 2_000, maxAttempts: 1 },
    });
    for (let i = 0; i < 3; i++) await expect(adapter.balances()).rejects.toMatchObject({ kind: 'server' });
    expect(adapter.caller.breaker.state).toBe('open');
    const before = mock.requests;
    const book = new OrderBook();
    expect(await adapter.submit({ order: limitBuy(book, 70_000), instrument: SAMSUNG })).toMatchObject({
      status: 'rejected',
      code: 'circuit-open',
    });
    expect(mock.requests).toBe(before);
  });

  it('maps answers without a contract body by status alone (a proxy’s 502 is an unknown outcome)', () => {
    const answer = (status: number, body: unknown) => ({ status, headers: new Headers(), body });
    expect(creonError('POST /v1/orders', answer(502, '<html>bad gateway</html>'))).toMatchObject({
      kind: 'server',
      outcomeUnknown: true,
    });
    expect(creonError('GET /v1/balances', answer(403, undefined))).toMatchObject({ kind: 'auth' });
    const problem = (code: string, status: number) => ({ type: 'x', title: code, status, detail: '', code });
    expect(creonError('x', answer(504, problem('creon_timeout', 504)))).toMatchObject({ kind: 'server' });
    expect(creonError('x', answer(409, problem('order_not_open', 409)))).toMatchObject({ kind: 'rejected' });
    expect(creonError('x', answer(400, problem('invalid_request', 400)))).toMatchObject({
      kind: 'rejected',
      code: 'invalid_request',
    });
  });
});
