import { OrderType, createInstrument } from '@tradeforge/core';
import type { Tick, VenueStreamStatus } from '@tradeforge/core';
import { eventually } from '@tradeforge/runtime/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { BinanceAdapter } from '../../src/venues/binance/binance-adapter.js';
import { decodeBinanceFrame } from '../../src/venues/binance/binance-trade-stream.js';
import type { MockBinanceVenue } from '../../src/venues/binance/mock-binance-venue.js';
import { binanceAdapter, clientFor, startMockBinance } from './support/binance-fixture.js';
import { BTCUSDT } from './support/order-book.js';
import { activeTimers, openRawStreamClient } from '../../src/venues/shared/mock/raw-stream-client.js';
import { TradeStream } from '../../src/venues/shared/trade-stream.js';

const ETHUSDT = createInstrument({
  symbol: 'ETHUSDT',
  venue: 'binance',
  quoteCurrency: 'USDT',
  tickSize: 0.01,
  lotSize: 0.001,
  minNotional: 5,
});
const MARKETS = [
  { symbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', tickSize: 0.01, lotSize: 0.0001, minNotional: 5 },
  { symbol: 'ETHUSDT', base: 'ETH', quote: 'USDT', tickSize: 0.01, lotSize: 0.001, minNotional: 5 },
];

let mock: MockBinanceVenue | undefined;
let unsubscribe: (() => Promise<void>) | undefined;
afterEach(async () => {
  await unsubscribe?.();
  unsubscribe = undefined;
  await mock?.stop();
  mock = undefined;
});

/** A mock with BTCUSDT and ETHUSDT, and the adapter subscribed to both, recording ticks and statuses. */
async function subscribed(streamOptions: Parameters<typeof startMockBinance>[0] = {}) {
  mock = await startMockBinance({ markets: MARKETS, ...streamOptions });
  const adapter = binanceAdapter(mock);
  const ticks: Tick[] = [];
  const statuses: VenueStreamStatus[] = [];
  unsubscribe = await adapter.subscribeTrades!(
    [BTCUSDT, ETHUSDT],
    (tick) => ticks.push(tick),
    (status) => statuses.push(status),
  );
  return { mock, adapter, ticks, statuses };
}

describe('Binance trade stream against the mock venue, over a real WebSocket', () => {
  it('says it streams, and connects where the REST endpoint is (Binance: stream.binance.com)', () => {
    const real = new BinanceAdapter({ baseUrl: 'https://api.binance.com', apiKey: 'k', apiSecret: 's' });
    expect(real.capabilities.marketDataStream).toBe(true);
    expect(real.streamUrl).toBe('wss://stream.binance.com:9443');
    const other = new BinanceAdapter({ baseUrl: 'http://127.0.0.1:9', apiKey: 'k', apiSecret: 's' });
    expect(other.streamUrl).toBe('ws://127.0.0.1:9');
  });

  it('turns feed prices and executions into ticks on our instrument ids, with price, size and trade time', async () => {
    const { mock, adapter, ticks, statuses } = await subscribed();
    expect(statuses).toEqual([{ state: 'open' }]);
    mock.setPrice('BTCUSDT', 60_000);
    mock.setPrice('ETHUSDT', 3_000.5);
    await eventually(() => (ticks.length >= 2 ? true : undefined), 'two feed ticks');
    expect(ticks[0]).toMatchObject({ instrumentId: BTCUSDT.id, price: 60_000, size: 0.0001 });
    expect(ticks[1]).toMatchObject({ instrumentId: ETHUSDT.id, price: 3_000.5, size: 0.001 });

    // An execution of our market order is a trade on the public tape too.
    const { client, book } = clientFor(adapter);
    client.submitOrder(book.create({ instrument: BTCUSDT, side: 'BUY', type: OrderType.Market, quantity: 0.25 }));
    await client.idle();
    const fill = await eventually(() => ticks.find((t) => t.size === 0.25), 'the execution as a tick');
    expect(fill).toMatchObject({ instrumentId: BTCUSDT.id, price: 60_000 });
    const trade = mock.engine.orders[0]!.trades[0]!;
    expect(fill.ts).toBe(trade.ts);
  });

  it('answers the venue’s pings (Node’s WebSocket pongs by itself), so it is never cut for silence', async () => {
    const { mock } = await subscribed({ stream: { pingEveryMs: 30, pongTimeoutMs: 200 } });
    await eventually(() => (mock.stream.pongs >= 5 ? true : undefined), 'five pongs');
    expect(mock.stream.cuts.noPong).toBe(0);
    expect(mock.stream.server.accepted).toBe(1);
  });

  it('counts and skips malformed frames; the stream goes on', async () => {
    const { mock, adapter, ticks } = await subscribed();
    mock.stream.server.broadcastRaw('not json');
    mock.stream.server.broadcastRaw(
      JSON.stringify({ stream: 'btcusdt@trade', data: { e: 'trade', s: 'BTCUSDT', p: 'x' } }),
    );
    mock.stream.server.broadcastRaw(JSON.stringify({ stream: 'dogeusdt@trade', data: { e: 'trade', s: 'DOGEUSDT' } }));
    mock.setPrice('BTCUSDT', 61_000);
    await eventually(() => (ticks.length === 1 ? true : undefined), 'the good tick after the bad frames');
    expect(ticks[0]).toMatchObject({ instrumentId: BTCUSDT.id, price: 61_000 });
    const stream = [...(adapter as unknown as { streams: Set<{ malformedFrames: number }> }).streams][0]!;
    expect(stream.malformedFrames).toBe(3);
  });

  it('reconnects after the venue drops every connection, subscribes again, and ticks flow again', async () => {
    const { mock, ticks, statuses } = await subscribed();
    mock.setPrice('BTCUSDT', 60_000);
    await eventually(() => (ticks.length === 1 ? true : undefined), 'a tick before the drop');
    mock.stream.server.dropAll();
    await eventually(() => (statuses.at(-1)?.state === 'open' && statuses.length >= 3 ? true : undefined), 'reopened');
    expect(statuses.map((s) => s.state)).toEqual(['open', 'reconnecting', 'open']);
    expect(statuses[1]).toMatchObject({ attempt: 1 });
    expect(mock.stream.server.accepted).toBe(2);
    mock.setPrice('ETHUSDT', 3_100);
    const after = await eventually(() => ticks.find((t) => t.instrumentId === ETHUSDT.id), 'a tick after the drop');
    expect(after.price).toBe(3_100);
  });

  it('keeps trying while the venue refuses connections, and recovers when it accepts again', async () => {
    const { mock, statuses } = await subscribed();
    mock.stream.server.refuseConnections = true;
    mock.stream.server.dropAll();
    await eventually(() => (mock.stream.server.refused >= 2 ? true : undefined), 'two refused attempts');
    mock.stream.server.refuseConnections = false;
    await eventually(() => (statuses.at(-1)?.state === 'open' ? true : undefined), 'open again');
    const attempts = statuses.filter((s) => s.state === 'reconnecting').map((s) => (s as { attempt: number }).attempt);
    expect(attempts.slice(0, 3)).toEqual([1, 2, 3]);
  });

  it('is cut by the venue at its maximum age (24 h) and simply reconnects', async () => {
    const { mock, statuses } = await subscribed({ stream: { maxConnectionMs: 150 } });
    await eventually(
      () => (mock.stream.server.accepted >= 2 && statuses.at(-1)?.state === 'open' ? true : undefined),
      'reconnected',
      {
        attempts: 400,
      },
    );
    expect(mock.stream.cuts.age).toBeGreaterThanOrEqual(1);
    expect(statuses[1]).toMatchObject({
      state: 'reconnecting',
      reason: 'connection closed (1000 connection reached 24 h)',
    });
  });

  it('renews its own connection before that age, without waiting for the cut', async () => {
    mock = await startMockBinance({ markets: MARKETS });
    const statuses: VenueStreamStatus[] = [];
    const stream = new TradeStream({
      url: `${mock.streamUrl}/stream?streams=btcusdt@trade`,
      decode: (text) => decodeBinanceFrame(text, new Map([['BTCUSDT', BTCUSDT.id]])),
      onTick: () => undefined,
      onStatus: (status) => statuses.push(status),
      maxConnectionMs: 100,
    });
    await stream.start();
    unsubscribe = () => stream.close();
    await eventually(() => (stream.connections >= 2 ? true : undefined), 'a renewed connection');
    expect(statuses).toContainEqual({
      state: 'reconnecting',
      reason: 'connection reached its maximum age',
      attempt: 1,
    });
    expect(mock.stream.cuts.age).toBe(0);
  });

  it('unsubscribing closes the connection and leaves no timer behind', async () => {
    const before = activeTimers();
    const { mock, statuses } = await subscribed();
    mock.stream.server.dropAll(); // a reconnect timer is pending now, the worst case
    await eventually(() => (statuses.at(-1)?.state === 'reconnecting' ? true : undefined), 'reconnecting');
    await unsubscribe!();
    unsubscribe = undefined;
    expect(statuses.at(-1)).toEqual({ state: 'closed' });
    expect(mock.stream.server.clients.size).toBe(0);
    expect(activeTimers()).toBeLessThanOrEqual(before);
  });
});

describe('the mock Binance stream enforces Binance’s documented rules', () => {
  it('answers a bad stream name with error code 2, then closes the connection', async () => {
    mock = await startMockBinance({ markets: MARKETS });
    const socket = await openRawStreamClient(`${mock.streamUrl}/stream?streams=btcusdt@trade/nosuch@trade`);
    const closed = await socket.closed;
    expect(JSON.parse(socket.frames[0]!)).toEqual({
      error: { code: 2, msg: "Invalid request: invalid stream name 'nosuch@trade'" },
    });
    expect(closed.code).toBe(1008);
  });

  it('refuses more than 1024 streams on one connection', async () => {
    mock = await startMockBinance({ markets: MARKETS });
    const names = Array.from({ length: 1_025 }, () => 'btcusdt@trade').join('/');
    const socket = await openRawStreamClient(`${mock.streamUrl}/stream?streams=${names}`);
    await socket.closed;
    expect(JSON.parse(socket.frames[0]!).error.msg).toMatch(/too many streams \(1025\), at most 1024/);
  });

  it('answers live SUBSCRIBE requests, refuses bad ones by id, and cuts a client sending over 5 messages a second', async () => {
    mock = await startMockBinance({ markets: MARKETS });
    const socket = await openRawStreamClient(`${mock.streamUrl}/ws/btcusdt@trade`);
    socket.send(JSON.stringify({ method: 'SUBSCRIBE', params: ['ethusdt@trade'], id: 1 }));
    socket.send(JSON.stringify({ method: 'SUBSCRIBE', params: ['ethusdt@depth'], id: 2 }));
    socket.send(JSON.stringify({ method: 'LIST_SUBSCRIPTIONS', id: 3 }));
    socket.send('{oops');
    await eventually(() => (socket.frames.length >= 4 ? true : undefined), 'four answers');
    expect(socket.frames.slice(0, 4).map((f) => JSON.parse(f))).toEqual([
      { result: null, id: 1 },
      { error: { code: 2, msg: "Invalid request: invalid stream name 'ethusdt@depth'" }, id: 2 },
      { result: ['btcusdt@trade', 'ethusdt@trade'], id: 3 },
      { error: { code: 3, msg: 'Invalid JSON: expected value at line 1 column 1' } },
    ]);
    // A raw stream's event is the payload alone.
    mock.setPrice('ETHUSDT', 3_000);
    await eventually(() => (socket.frames.length >= 5 ? true : undefined), 'an event');
    expect(JSON.parse(socket.frames[4]!)).toMatchObject({ e: 'trade', s: 'ETHUSDT', p: '3000', q: '0.001' });
    // A burst of 12: however it straddles a second, one second sees more than 5.
    for (let i = 0; i < 12; i++) socket.send(JSON.stringify({ method: 'LIST_SUBSCRIPTIONS', id: 10 + i }));
    const closed = await socket.closed;
    expect(closed.code).toBe(1008);
    expect(mock.stream.cuts.tooManyMessages).toBe(1);
  });

  it('cuts a connection that does not answer pings within the pong timeout', async () => {
    mock = await startMockBinance({ markets: MARKETS, stream: { pingEveryMs: 20, pongTimeoutMs: 60 } });
    const socket = await openRawStreamClient(`${mock.streamUrl}/ws/btcusdt@trade`, { answerPings: false });
    await socket.closed;
    expect(mock.stream.cuts.noPong).toBe(1);
  });
});
