import { OrderType, TimeInForce, createInstrument } from '@tradeforge/core';
import type { Tick, VenueStreamStatus } from '@tradeforge/core';
import { eventually } from '@tradeforge/runtime/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { activeTimers, openRawStreamClient } from '../../src/venues/shared/mock/raw-stream-client.js';
import type { MockUpbitVenue } from '../../src/venues/upbit/mock-upbit-venue.js';
import { UpbitAdapter } from '../../src/venues/upbit/upbit-adapter.js';
import { BTCKRW } from './support/order-book.js';
import { startMockUpbit, upbitAdapter, upbitClient } from './support/upbit-fixture.js';

const ETHKRW = createInstrument({
  symbol: 'ETHKRW',
  venue: 'upbit',
  quoteCurrency: 'KRW',
  tickSize: 1000,
  lotSize: 0.00000001,
  minNotional: 5000,
});
const MARKETS = [
  { symbol: 'KRW-BTC', base: 'BTC', quote: 'KRW', tickSize: 1000, lotSize: 0.00000001, minNotional: 5000 },
  { symbol: 'KRW-ETH', base: 'ETH', quote: 'KRW', tickSize: 1000, lotSize: 0.00000001, minNotional: 5000 },
];

let mock: MockUpbitVenue | undefined;
let unsubscribe: (() => Promise<void>) | undefined;
afterEach(async () => {
  await unsubscribe?.();
  unsubscribe = undefined;
  await mock?.stop();
  mock = undefined;
});

/** A mock with KRW-BTC and KRW-ETH, and the adapter subscribed to both, recording ticks and statuses. */
async function subscribed(
  mockOptions: Parameters<typeof startMockUpbit>[0] = {},
  adapterOptions: Parameters<typeof upbitAdapter>[1] = {},
) {
  mock = await startMockUpbit({ markets: MARKETS, ...mockOptions });
  const adapter = upbitAdapter(mock, adapterOptions);
  const ticks: Tick[] = [];
  const statuses: VenueStreamStatus[] = [];
  unsubscribe = await adapter.subscribeTrades!(
    [BTCKRW, ETHKRW],
    (tick) => ticks.push(tick),
    (status) => statuses.push(status),
  );
  return { mock, adapter, ticks, statuses };
}

/** The adapter's one open stream, for its counters. */
function streamOf(adapter: UpbitAdapter): { malformedFrames: number; venueErrors: number } {
  return [...(adapter as unknown as { streams: Set<{ malformedFrames: number; venueErrors: number }> }).streams][0]!;
}

describe('Upbit trade stream against the mock venue, over a real WebSocket', () => {
  it('says it streams, at wss://api.upbit.com by default', () => {
    const real = new UpbitAdapter({ baseUrl: 'https://api.upbit.com', accessKey: 'a', secretKey: 's' });
    expect(real.capabilities.marketDataStream).toBe(true);
    expect(real.streamUrl).toBe('wss://api.upbit.com');
  });

  it('subscribes with one request and turns binary trade frames into ticks on our instrument ids', async () => {
    const { mock, adapter, ticks, statuses } = await subscribed();
    expect(statuses).toEqual([{ state: 'open' }]);
    // The request goes out right after open and may still be in flight: move the price until a tick arrives.
    await eventually(() => {
      mock.setPrice('KRW-ETH', 4_000_000);
      return ticks[0];
    }, 'a feed tick');
    expect(ticks[0]).toMatchObject({ instrumentId: ETHKRW.id, price: 4_000_000, size: 0.00000001 });

    mock.setPrice('KRW-BTC', 90_000_000);
    const { client, book } = upbitClient(adapter);
    client.submitOrder(
      book.create({
        instrument: BTCKRW,
        side: 'BUY',
        type: OrderType.Limit,
        price: 91_000_000,
        timeInForce: TimeInForce.IOC,
        quantity: 0.01,
      }),
    );
    await client.idle();
    const fill = await eventually(() => ticks.find((t) => t.size === 0.01), 'the execution as a tick');
    expect(fill).toMatchObject({ instrumentId: BTCKRW.id, price: 90_000_000 });
    expect(fill.ts).toBe(mock.engine.orders[0]!.trades[0]!.ts);
  });

  it('keeps an otherwise silent connection open with PINGs, which Upbit answers {"status":"UP"}', async () => {
    const { mock, adapter } = await subscribed({ stream: { idleMs: 300 } }, { streamHeartbeatMs: 50 });
    await eventually(() => (mock.stream.pings >= 10 ? true : undefined), 'ten PINGs');
    expect(mock.stream.idleCloses).toBe(0);
    expect(mock.stream.server.accepted).toBe(1);
    expect(streamOf(adapter).malformedFrames).toBe(0); // the UP answers are not malformed
  });

  it('counts and skips malformed frames; the stream goes on', async () => {
    const { mock, adapter, ticks } = await subscribed();
    await eventually(() => ([...mock.stream.server.clients].length === 1 ? true : undefined), 'connected');
    mock.stream.server.broadcastRaw(Buffer.from('{"type":"trade","code":"KRW-BTC","trade_price":"x"}'));
    mock.stream.server.broadcastRaw('\u0000garbage');
    mock.stream.server.broadcastRaw(Buffer.from('{"type":"ticker","code":"KRW-BTC"}'));
    await eventually(() => {
      mock.setPrice('KRW-BTC', 95_000_000);
      return ticks.find((t) => t.price === 95_000_000);
    }, 'the good tick after the bad frames');
    expect(streamOf(adapter).malformedFrames).toBe(3);
  });

  it('reconnects after the venue drops every connection, subscribes again, and ticks flow again', async () => {
    const { mock, ticks, statuses } = await subscribed();
    mock.stream.server.dropAll();
    await eventually(() => (statuses.length >= 3 && statuses.at(-1)?.state === 'open' ? true : undefined), 'reopened');
    expect(statuses.map((s) => s.state)).toEqual(['open', 'reconnecting', 'open']);
    expect(mock.stream.server.accepted).toBe(2);
    // Ticks flow once the second request has landed: move the price until one arrives.
    const after = await eventually(() => {
      mock.setPrice('KRW-BTC', 97_000_000);
      return ticks.find((t) => t.price === 97_000_000);
    }, 'a tick after the drop');
    expect(after.instrumentId).toBe(BTCKRW.id);
  });

  it('unsubscribing closes the connection and leaves no timer behind', async () => {
    const before = activeTimers();
    const { mock, statuses } = await subscribed();
    await unsubscribe!();
    unsubscribe = undefined;
    expect(statuses.at(-1)).toEqual({ state: 'closed' });
    await eventually(() => (mock.stream.server.clients.size === 0 ? true : undefined), 'the mock sees the close');
    expect(activeTimers()).toBeLessThanOrEqual(before);
  });
});

describe('the mock Upbit stream enforces Upbit’s documented rules', () => {
  it('answers bad requests with WRONG_FORMAT, NO_TICKET, NO_CODES and INVALID_PARAM', async () => {
    mock = await startMockUpbit({ markets: MARKETS });
    const socket = await openRawStreamClient(`${mock.streamUrl}/websocket/v1`);
    socket.send('hello');
    socket.send(JSON.stringify([{ type: 'trade', codes: ['KRW-BTC'] }]));
    socket.send(JSON.stringify([{ ticket: 't' }, { type: 'trade', codes: [] }]));
    socket.send(JSON.stringify([{ ticket: 't' }, { type: 'trade', codes: ['krw-btc'] }]));
    socket.send('PING');
    await eventually(() => (socket.frames.length >= 5 ? true : undefined), 'five answers');
    expect(socket.frames.map((f) => JSON.parse(f) as unknown)).toEqual([
      { error: { name: 'WRONG_FORMAT', message: 'the request is not JSON' } },
      { error: { name: 'NO_TICKET', message: 'ticket is missing' } },
      { error: { name: 'NO_CODES', message: 'codes is missing' } },
      { error: { name: 'INVALID_PARAM', message: 'code krw-btc is not a market' } },
      { status: 'UP' },
    ]);
    socket.close();
  });

  it('closes a connection that stays silent past the idle limit', async () => {
    mock = await startMockUpbit({ markets: MARKETS, stream: { idleMs: 100 } });
    const socket = await openRawStreamClient(`${mock.streamUrl}/websocket/v1`);
    const closed = await socket.closed;
    expect(closed).toEqual({ code: 1000, reason: 'idle' });
    expect(mock.stream.idleCloses).toBe(1);
  });

  it('refuses a sixth connection request within a second with HTTP 429', async () => {
    mock = await startMockUpbit({ markets: MARKETS, stream: { connectsPerSecond: 5 } });
    const url = `${mock.streamUrl}/websocket/v1`;
    // However the burst straddles a second, one second sees more than five.
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => openRawStreamClient(url)));
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused.length).toBeGreaterThan(0);
    expect(String((refused[0] as PromiseRejectedResult).reason)).toMatch(/429/);
    expect(mock.stream.connectViolations).toBe(refused.length);
    for (const r of results) if (r.status === 'fulfilled') r.value.close();
  });
});
