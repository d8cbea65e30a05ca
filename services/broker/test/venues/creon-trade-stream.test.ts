import { createInstrument } from '@tradeforge/core';
import type { Instrument, Tick, VenueStreamStatus } from '@tradeforge/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket as WsClient } from 'ws';
import type { CreonAdapterOptions } from '../../src/venues/creon/creon-adapter.js';
import { CREON_BRIDGE_HEADERS, streamServerMessageSchema } from '../../src/venues/creon/creon-bridge-contract.js';
import type { StreamServerMessage } from '../../src/venues/creon/creon-bridge-contract.js';
import { signCreonRequest } from '../../src/venues/creon/creon-signing.js';
import type { MockCreonBridge } from '../../src/venues/creon/mock-creon-bridge.js';
import { openVenue } from '../../src/venues/venue-factory.js';
import { CREON_KEY, CREON_SECRET, SAMSUNG, creonAdapter, startMockCreon } from './creon-fixture.js';
import { heldResources, waitUntilReleased } from './support/held-resources.js';

const HYNIX: Instrument = createInstrument({
  symbol: 'A000660',
  venue: 'creon',
  quoteCurrency: 'KRW',
  tickSize: 1,
  lotSize: 1,
});

let mock: MockCreonBridge | undefined;
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await mock?.stop();
  mock = undefined;
});

async function start(overrides: Parameters<typeof startMockCreon>[0] = {}): Promise<MockCreonBridge> {
  mock = await startMockCreon({
    markets: [
      { symbol: 'A005930', base: 'A005930', quote: 'KRW', tickSize: 1, lotSize: 1 },
      { symbol: 'A000660', base: 'A000660', quote: 'KRW', tickSize: 1, lotSize: 1 },
    ],
    ...overrides,
  });
  return mock;
}

async function subscribe(
  bridge: MockCreonBridge,
  instruments: readonly Instrument[] = [SAMSUNG, HYNIX],
  overrides: Partial<CreonAdapterOptions> = {},
) {
  const adapter = creonAdapter(bridge, { streamBackoff: { baseMs: 10, maxMs: 50 }, ...overrides });
  cleanups.push(() => adapter.close());
  const ticks: Tick[] = [];
  const statuses: VenueStreamStatus[] = [];
  const unsubscribe = await adapter.subscribeTrades(
    instruments,
    (t) => ticks.push(t),
    (s) => statuses.push(s),
  );
  const stream = [...(adapter as unknown as { streams: Set<{ malformed: number; remaining: number }> }).streams][0];
  return { adapter, ticks, statuses, unsubscribe, stream };
}

function signed(timestamp: number, secret = CREON_SECRET): Record<string, string> {
  return {
    [CREON_BRIDGE_HEADERS.key]: CREON_KEY,
    [CREON_BRIDGE_HEADERS.timestamp]: String(timestamp),
    [CREON_BRIDGE_HEADERS.signature]: signCreonRequest(
      { timestamp, method: 'GET', pathAndQuery: '/v1/stream', body: '' },
      secret,
    ),
  };
}

/** A raw upgrade: the WebSocket, or the HTTP status and problem body it was refused with. */
function rawUpgrade(
  bridge: MockCreonBridge,
  headers: Record<string, string>,
): Promise<{ socket: WsClient; messages: StreamServerMessage[] } | { status: number; body: { code: string } }> {
  const socket = new WsClient(`${bridge.url.replace('http', 'ws')}/v1/stream`, { headers });
  const messages: StreamServerMessage[] = [];
  socket.on('message', (data) => messages.push(streamServerMessageSchema.parse(JSON.parse(data.toString()))));
  cleanups.push(async () => {
    socket.terminate();
  });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ socket, messages }));
    socket.once('unexpected-response', (_request, response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as { code: string } }),
      );
    });
    socket.once('error', reject);
  });
}

describe('the bridge stream contract (mock bridge)', () => {
  it('refuses an upgrade with a bad signature or an old timestamp, as any request (401 problem)', async () => {
    const bridge = await start();
    expect(await rawUpgrade(bridge, signed(Date.now(), 'wrong-secret'))).toMatchObject({
      status: 401,
      body: { code: 'unauthorized' },
    });
    expect(await rawUpgrade(bridge, signed(Date.now() - 60_000))).toMatchObject({
      status: 401,
      body: { code: 'stale_request' },
    });
    expect(await rawUpgrade(bridge, {})).toMatchObject({ status: 401 });
    expect(bridge.stream.authFailures).toBe(3);
    expect(bridge.stream.connections).toBe(0);
  });

  it('answers a bad message with bad_request naming the field, and keeps the connection', async () => {
    const bridge = await start();
    const open = await rawUpgrade(bridge, signed(Date.now()));
    if (!('socket' in open)) throw new Error('refused');
    open.socket.send(JSON.stringify({ op: 'subscribe', codes: ['005930'] }));
    open.socket.send('not json');
    open.socket.send(JSON.stringify({ op: 'subscribe', codes: ['A005930'] }));
    await vi.waitFor(() => expect(open.messages).toHaveLength(3));
    expect(open.messages[0]).toMatchObject({ type: 'error', code: 'bad_request', field: 'codes.0' });
    expect(open.messages[1]).toMatchObject({ type: 'error', code: 'bad_request', field: '(body)' });
    expect(open.messages[2]).toEqual({ type: 'subscribed', codes: ['A005930'], remaining: 399 });
  });

  it('refuses a subscription past Creon limit with subscription_limit, subscribing none of it', async () => {
    const bridge = await start({ subscriptionLimit: 2 });
    const open = await rawUpgrade(bridge, signed(Date.now()));
    if (!('socket' in open)) throw new Error('refused');
    open.socket.send(JSON.stringify({ op: 'subscribe', codes: ['A005930'] }));
    open.socket.send(JSON.stringify({ op: 'subscribe', codes: ['A000660', 'A035420'] }));
    // A code already held costs nothing more.
    open.socket.send(JSON.stringify({ op: 'subscribe', codes: ['A005930', 'A000660'] }));
    await vi.waitFor(() => expect(open.messages).toHaveLength(3));
    expect(open.messages[0]).toEqual({ type: 'subscribed', codes: ['A005930'], remaining: 1 });
    expect(open.messages[1]).toMatchObject({ type: 'error', code: 'subscription_limit' });
    expect(open.messages[2]).toEqual({ type: 'subscribed', codes: ['A005930', 'A000660'], remaining: 0 });
  });
});

describe('CreonAdapter.subscribeTrades', () => {
  it('keeps retrying an upgrade the bridge refuses, naming the likely causes, and never connects', async () => {
    const bridge = await start();
    const { statuses } = await subscribe(bridge, [SAMSUNG], { apiSecret: 'wrong-secret' });
    // The bridge may be restarting as well as misconfigured: a status, retried, not an exception.
    await vi.waitFor(() => expect(statuses.filter((s) => s.state === 'reconnecting').length).toBeGreaterThan(1));
    expect(statuses[0]).toMatchObject({ state: 'reconnecting', attempt: 1 });
    expect(statuses[0]).toMatchObject({ reason: expect.stringMatching(/key, signature or timestamp/) });
    expect(bridge.stream.authFailures).toBeGreaterThan(1);
    expect(bridge.stream.connections).toBe(0);
  });

  it('starts while Creon Plus is logged out, and streams once it is back', async () => {
    const bridge = await start();
    bridge.setCreonConnected(false);
    const { ticks, statuses } = await subscribe(bridge, [SAMSUNG]);
    expect(statuses[0]).toMatchObject({ state: 'reconnecting', reason: expect.stringMatching(/creon_not_connected/) });
    bridge.setCreonConnected(true);
    await vi.waitFor(() => expect(statuses.at(-1)).toEqual({ state: 'open' }));
    bridge.setPrice('A005930', 70_400);
    await vi.waitFor(() => expect(ticks).toHaveLength(1));
  });

  it('fails with subscription_limit when Creon has no subscriptions left', async () => {
    const bridge = await start({ subscriptionLimit: 1 });
    const adapter = creonAdapter(bridge);
    cleanups.push(() => adapter.close());
    await expect(adapter.subscribeTrades([SAMSUNG, HYNIX], () => {})).rejects.toMatchObject({
      kind: 'rejected',
      code: 'subscription_limit',
    });
    await vi.waitFor(() => expect(bridge.stream.openSessions).toBe(0));
  });

  it('maps trades to our ids with price, size and time, executions included', async () => {
    const bridge = await start();
    const { adapter, ticks, statuses, stream } = await subscribe(bridge);
    expect(adapter.capabilities.marketDataStream).toBe(true);
    expect(statuses).toEqual([{ state: 'open' }]);
    expect(stream?.remaining).toBe(398);
    const order = bridge.engine.place({
      clientOrderId: 'c-1',
      symbol: 'A005930',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: 3,
      price: 70_000,
    });
    expect('order' in order).toBe(true);
    const before = Date.now();
    bridge.setPrice('A005930', 69_900, 5);
    bridge.setPrice('A000660', 180_000);
    await vi.waitFor(() => expect(ticks).toHaveLength(3));
    expect(ticks.map(({ instrumentId, price, size }) => ({ instrumentId, price, size }))).toEqual([
      { instrumentId: SAMSUNG.id, price: 69_900, size: 5 },
      { instrumentId: SAMSUNG.id, price: 70_000, size: 3 },
      { instrumentId: HYNIX.id, price: 180_000, size: 1 },
    ]);
    expect(ticks[0]!.ts).toBeGreaterThanOrEqual(before);
  });

  it('skips and counts messages that break the contract, and keeps streaming', async () => {
    const bridge = await start();
    const { ticks, stream } = await subscribe(bridge, [SAMSUNG]);
    bridge.stream.broadcastRaw('not json');
    bridge.stream.broadcastRaw(JSON.stringify({ type: 'trade', code: 'A005930', price: -1, quantity: 1, time: 1 }));
    bridge.stream.broadcastRaw(JSON.stringify({ type: 'quote', code: 'A005930' }));
    bridge.setPrice('A005930', 70_100, 2);
    await vi.waitFor(() => expect(ticks).toHaveLength(1));
    expect(stream?.malformed).toBe(3);
    expect(ticks[0]).toMatchObject({ price: 70_100, size: 2 });
  });

  it('reconnects after a drop with a fresh signature, subscribes again, and streams again', async () => {
    const bridge = await start();
    const { ticks, statuses } = await subscribe(bridge);
    bridge.stream.dropConnections();
    await vi.waitFor(() => expect(statuses.filter((s) => s.state === 'open')).toHaveLength(2));
    expect(statuses[1]).toMatchObject({ state: 'reconnecting', attempt: 1 });
    expect(bridge.stream.connections).toBe(2);
    expect([...bridge.stream.subscribedCodes].sort()).toEqual(['A000660', 'A005930']);
    bridge.setPrice('A000660', 181_000, 3);
    await vi.waitFor(() => expect(ticks).toEqual([expect.objectContaining({ instrumentId: HYNIX.id, size: 3 })]));
  });

  it('keeps reconnecting while Creon Plus is logged out, and streams once it is back', async () => {
    const bridge = await start();
    const { ticks, statuses } = await subscribe(bridge, [SAMSUNG]);
    bridge.setCreonConnected(false);
    bridge.stream.dropConnections();
    await vi.waitFor(() =>
      expect(statuses.some((s) => s.state === 'reconnecting' && s.reason.includes('creon_not_connected'))).toBe(true),
    );
    bridge.setCreonConnected(true);
    await vi.waitFor(() => expect(statuses.filter((s) => s.state === 'open')).toHaveLength(2));
    bridge.setPrice('A005930', 70_300);
    await vi.waitFor(() => expect(ticks).toHaveLength(1));
  });

  it('unsubscribing releases the codes, closes, and leaves nothing running', async () => {
    const bridge = await start();
    const before = heldResources();
    const { unsubscribe, statuses } = await subscribe(bridge);
    expect(bridge.stream.subscribedCodes.size).toBe(2);
    await unsubscribe();
    expect(statuses.at(-1)).toEqual({ state: 'closed' });
    await vi.waitFor(() => expect(bridge.stream.openSessions).toBe(0));
    expect(bridge.stream.unsubscribes).toBe(1);
    await waitUntilReleased(before);
  });

  it('streams in sandbox mode from the mock bridge the venue factory started', async () => {
    const opened = await openVenue({ id: 'creon', credentialSecrets: [], instruments: [SAMSUNG], env: {} });
    cleanups.push(() => opened.close());
    const ticks: Tick[] = [];
    await opened.adapter.connect();
    const unsubscribe = await opened.adapter.subscribeTrades!([SAMSUNG], (t) => ticks.push(t));
    cleanups.push(unsubscribe);
    (opened.sandbox as MockCreonBridge).setPrice('A005930', 70_000, 2);
    await vi.waitFor(() => expect(ticks).toEqual([expect.objectContaining({ instrumentId: SAMSUNG.id, size: 2 })]));
  });

  it('unsubscribing while it reconnects stops the attempts and leaves nothing running', async () => {
    const bridge = await start();
    const before = heldResources();
    const { unsubscribe, statuses } = await subscribe(bridge, [SAMSUNG], {
      streamBackoff: { baseMs: 200, maxMs: 200 },
    });
    bridge.setCreonConnected(false);
    bridge.stream.dropConnections();
    await vi.waitFor(() => expect(statuses.filter((s) => s.state === 'reconnecting').length).toBeGreaterThan(1));
    await unsubscribe();
    const attempts = bridge.stream.connections;
    expect(statuses.at(-1)).toEqual({ state: 'closed' });
    await waitUntilReleased(before);
    // Nothing tries again after the stop.
    expect(bridge.stream.connections).toBe(attempts);
  });
});
