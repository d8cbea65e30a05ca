import { createInstrument } from '@tradeforge/core';
import type { Instrument, Tick, VenueStreamStatus } from '@tradeforge/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket as WsClient } from 'ws';
import { kstDateTime, kstToEpoch } from '../../src/venues/kis/kis-mapping.js';
import {
  kisRegistration,
  kisTradeFrame,
  kisTradeRecord,
  parseKisFrame,
} from '../../src/venues/kis/kis-stream-frames.js';
import type { MockKisVenue } from '../../src/venues/kis/mock-kis-venue.js';
import { openVenue } from '../../src/venues/venue-factory.js';
import { KIS_APP_KEY, KIS_APP_SECRET, SAMSUNG, kisAdapter, startMockKis } from './kis-fixture.js';
import { heldResources, waitUntilReleased } from './support/held-resources.js';

const HYNIX: Instrument = createInstrument({
  symbol: '000660',
  venue: 'kis',
  quoteCurrency: 'KRW',
  tickSize: 1,
  lotSize: 1,
});

let mock: MockKisVenue | undefined;
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await mock?.stop();
  mock = undefined;
});

async function start(overrides: Parameters<typeof startMockKis>[0] = {}): Promise<MockKisVenue> {
  mock = await startMockKis({
    markets: [
      { symbol: '005930', base: '005930', quote: 'KRW', tickSize: 1, lotSize: 1 },
      { symbol: '000660', base: '000660', quote: 'KRW', tickSize: 1, lotSize: 1 },
    ],
    ...overrides,
  });
  return mock;
}

/** An adapter subscribed to these instruments, its ticks and statuses collected. */
async function subscribe(venue: MockKisVenue, instruments: readonly Instrument[] = [SAMSUNG, HYNIX]) {
  const adapter = kisAdapter(venue, { streamUrl: venue.streamUrl, streamBackoff: { baseMs: 10, maxMs: 50 } });
  cleanups.push(() => adapter.close());
  const ticks: Tick[] = [];
  const statuses: VenueStreamStatus[] = [];
  const unsubscribe = await adapter.subscribeTrades(
    instruments,
    (t) => ticks.push(t),
    (s) => statuses.push(s),
  );
  return { adapter, ticks, statuses, unsubscribe };
}

/** A raw client on the mock's stream, answers collected as text. */
async function rawClient(venue: MockKisVenue): Promise<{ socket: WsClient; frames: string[] }> {
  const socket = new WsClient(venue.streamUrl);
  const frames: string[] = [];
  socket.on('message', (data) => frames.push(data.toString()));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  cleanups.push(async () => {
    socket.terminate();
  });
  return { socket, frames };
}

async function approvalKey(venue: MockKisVenue): Promise<string> {
  const response = await fetch(`${venue.url}/oauth2/Approval`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credentials', appkey: KIS_APP_KEY, secretkey: KIS_APP_SECRET }),
  });
  return ((await response.json()) as { approval_key: string }).approval_key;
}

describe('KIS H0STCNT0 frames', () => {
  it('reads every record of a multi-record frame, dated by BSOP_DATE and the KST trade time', () => {
    const frame = kisTradeFrame([
      kisTradeRecord({
        code: '005930',
        date: '20261127',
        time: '093001',
        price: 71_000,
        volume: 5,
        cumulativeVolume: 5,
      }),
      kisTradeRecord({
        code: '005930',
        date: '20261127',
        time: '093002',
        price: 71_100,
        volume: 3,
        cumulativeVolume: 8,
      }),
    ]);
    expect(frame.startsWith('0|H0STCNT0|002|005930^093001^71000^')).toBe(true);
    const parsed = parseKisFrame(frame);
    expect(parsed).toEqual({
      kind: 'trades',
      trades: [
        { code: '005930', price: 71_000, volume: 5, ts: Date.UTC(2026, 10, 27, 0, 30, 1) },
        { code: '005930', price: 71_100, volume: 3, ts: Date.UTC(2026, 10, 27, 0, 30, 2) },
      ],
    });
  });

  it('refuses a frame whose field count does not match its record count', () => {
    const record = kisTradeRecord({
      code: '005930',
      date: '20261127',
      time: '093001',
      price: 1,
      volume: 1,
      cumulativeVolume: 1,
    });
    expect(() => parseKisFrame(`0|H0STCNT0|002|${record}`)).toThrow(/fields for 002 records/);
    expect(() => parseKisFrame('0|H0STCNT0|001')).toThrow(/parts/);
  });
});

describe('KIS mock stream, as KIS answers', () => {
  it('refuses an approval request with a wrong secret, and a registration with an unknown approval key', async () => {
    const venue = await start();
    const refused = await fetch(`${venue.url}/oauth2/Approval`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // `appsecret` is the REST name; the approval body wants `secretkey`.
      body: JSON.stringify({ grant_type: 'client_credentials', appkey: KIS_APP_KEY, appsecret: KIS_APP_SECRET }),
    });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error_code: 'EGW00105' });

    const { socket, frames } = await rawClient(venue);
    socket.send(kisRegistration('not-a-key', '005930', true));
    await vi.waitFor(() => expect(frames).toHaveLength(1));
    expect(JSON.parse(frames[0]!)).toMatchObject({
      header: { tr_id: 'H0STCNT0', tr_key: '005930' },
      body: { rt_cd: '1', msg_cd: 'OPSP0011', msg1: 'invalid approval : NOT FOUND' },
    });
  });

  it('answers ALREADY IN SUBSCRIBE, and MAX SUBSCRIBE OVER past 41 registrations in a session', async () => {
    const venue = await start();
    const key = await approvalKey(venue);
    const { socket, frames } = await rawClient(venue);
    const codes = Array.from({ length: 42 }, (_, i) => String(100_000 + i));
    for (const code of codes) socket.send(kisRegistration(key, code, true));
    socket.send(kisRegistration(key, codes[0]!, true));
    await vi.waitFor(() => expect(frames).toHaveLength(43));
    const answers = frames.map((f) => JSON.parse(f) as { body: { msg_cd: string; msg1: string } });
    expect(answers.slice(0, 41).every((a) => a.body.msg_cd === 'OPSP0000')).toBe(true);
    expect(answers[41]!.body).toMatchObject({ msg_cd: 'OPSP0008', msg1: 'MAX SUBSCRIBE OVER' });
    expect(answers[42]!.body).toMatchObject({ msg_cd: 'OPSP0002', msg1: 'ALREADY IN SUBSCRIBE' });
  });
});

describe('KisAdapter.subscribeTrades', () => {
  it('fails at once when the app secret is wrong (no approval key)', async () => {
    const venue = await start();
    const adapter = kisAdapter(venue, { streamUrl: venue.streamUrl, appSecret: 'wrong' });
    cleanups.push(() => adapter.close());
    await expect(adapter.subscribeTrades([SAMSUNG], () => {})).rejects.toMatchObject({
      kind: 'auth',
      code: 'EGW00105',
    });
    expect(venue.stream.connections).toBe(0);
  });

  it('retries a stream host it cannot reach instead of failing, and stops retrying when unsubscribed', async () => {
    const venue = await start();
    // The REST host answers (approval key); nothing listens where the stream should be.
    const adapter = kisAdapter(venue, { streamUrl: 'ws://127.0.0.1:9', streamBackoff: { baseMs: 10, maxMs: 20 } });
    cleanups.push(() => adapter.close());
    const statuses: VenueStreamStatus[] = [];
    const unsubscribe = await adapter.subscribeTrades(
      [SAMSUNG],
      () => {},
      (s) => statuses.push(s),
    );
    await vi.waitFor(() => expect(statuses.filter((s) => s.state === 'reconnecting').length).toBeGreaterThan(2));
    expect(statuses[0]).toMatchObject({ state: 'reconnecting', attempt: 1 });
    await unsubscribe();
    expect(statuses.at(-1)).toEqual({ state: 'closed' });
    expect(adapter.approval.requested).toBe(1);
  });

  it('refuses more than 41 instruments before connecting, naming the limit', async () => {
    const venue = await start();
    const adapter = kisAdapter(venue, { streamUrl: venue.streamUrl });
    cleanups.push(() => adapter.close());
    const many = Array.from({ length: 42 }, (_, i) =>
      createInstrument({ symbol: String(100_000 + i), venue: 'kis', quoteCurrency: 'KRW', tickSize: 1, lotSize: 1 }),
    );
    await expect(adapter.subscribeTrades(many, () => {})).rejects.toThrow(/at most 41 registrations/);
    expect(venue.stream.connections).toBe(0);
  });

  it('maps trades to our ids with price, size and the KST trade time, several records in one frame', async () => {
    const venue = await start();
    const { adapter, ticks, statuses } = await subscribe(venue);
    expect(adapter.capabilities.marketDataStream).toBe(true);
    expect(statuses).toEqual([{ state: 'open' }]);
    expect(adapter.approval.requested).toBe(1);

    // A resting buy, then a print through it: the print and the execution arrive in one frame.
    venue.setPrice('005930', 70_000, 7);
    await vi.waitFor(() => expect(ticks).toHaveLength(1));
    const { date, time } = kstDateTime(Date.now());
    const order = venue.engine.place({
      clientOrderId: '',
      symbol: '005930',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: 2,
      price: 69_900,
    });
    expect('order' in order).toBe(true);
    venue.setPrice('005930', 69_800, 4);
    venue.setPrice('000660', 180_000, 1);
    await vi.waitFor(() => expect(ticks).toHaveLength(4));
    expect(ticks.map(({ instrumentId, price, size }) => ({ instrumentId, price, size }))).toEqual([
      { instrumentId: SAMSUNG.id, price: 70_000, size: 7 },
      { instrumentId: SAMSUNG.id, price: 69_800, size: 4 },
      { instrumentId: SAMSUNG.id, price: 69_900, size: 2 },
      { instrumentId: HYNIX.id, price: 180_000, size: 1 },
    ]);
    // Whole seconds in KST: within the second (or the next) of when it was published.
    const published = kstToEpoch(date, time);
    expect(ticks[0]!.ts % 1_000).toBe(0);
    expect(ticks[0]!.ts).toBeGreaterThanOrEqual(published - 1_000);
    expect(ticks[0]!.ts).toBeLessThanOrEqual(Date.now());
  });

  it('streams executions of orders sent through the REST API', async () => {
    const venue = await start();
    venue.setPrice('005930', 70_000);
    const { adapter, ticks } = await subscribe(venue, [SAMSUNG]);
    const result = await adapter.submit({
      order: {
        clientOrderId: 'c-1',
        instrumentId: SAMSUNG.id,
        side: 'BUY',
        type: 'MARKET',
        timeInForce: 'IOC',
        quantity: 3,
        createdAt: Date.now(),
        filledQuantity: 0,
      },
      instrument: SAMSUNG,
    } as unknown as Parameters<typeof adapter.submit>[0]);
    expect(result.status).toBe('accepted');
    await vi.waitFor(() => expect(ticks).toEqual([expect.objectContaining({ price: 70_000, size: 3 })]));
  });

  it('echoes PINGPONG unchanged', async () => {
    const venue = await start();
    const { adapter } = await subscribe(venue);
    venue.stream.sendPing();
    venue.stream.sendPing();
    await vi.waitFor(() => expect(venue.stream.pongs).toBe(2));
    expect(adapter).toBeDefined();
  });

  it('skips and counts malformed frames, and keeps streaming', async () => {
    const venue = await start();
    const stream = await subscribe(venue, [SAMSUNG]);
    venue.stream.broadcastRaw('0|H0STCNT0|002|005930^093001');
    venue.stream.broadcastRaw('{not json');
    venue.stream.broadcastRaw('0|H0STCNT0|001|' + 'x^'.repeat(45) + 'x');
    venue.setPrice('005930', 70_100, 2);
    await vi.waitFor(() => expect(stream.ticks).toHaveLength(1));
    const kisStream = [...(stream.adapter as unknown as { streams: Set<{ malformed: number }> }).streams][0]!;
    expect(kisStream.malformed).toBe(3);
    expect(stream.ticks[0]).toMatchObject({ price: 70_100, size: 2 });
  });

  it('counts a throwing onTick apart from malformed frames, and keeps delivering', async () => {
    const venue = await start();
    const adapter = kisAdapter(venue, { streamUrl: venue.streamUrl });
    cleanups.push(() => adapter.close());
    const seen: number[] = [];
    await adapter.subscribeTrades([SAMSUNG], (tick) => {
      seen.push(tick.price);
      if (seen.length === 1) throw new Error('a consumer bug');
    });
    venue.setPrice('005930', 70_000);
    venue.setPrice('005930', 70_100);
    await vi.waitFor(() => expect(seen).toEqual([70_000, 70_100]));
    const stream = [
      ...(adapter as unknown as { streams: Set<{ malformed: number; handlerErrors: number }> }).streams,
    ][0];
    expect(stream).toMatchObject({ malformed: 0, handlerErrors: 1 });
  });

  it('reconnects after a drop, registers every code again, and streams again', async () => {
    const venue = await start();
    const { ticks, statuses } = await subscribe(venue);
    venue.stream.dropConnections();
    await vi.waitFor(() => expect(statuses.filter((s) => s.state === 'open')).toHaveLength(2));
    expect(statuses[1]).toMatchObject({ state: 'reconnecting', attempt: 1 });
    expect(venue.stream.connections).toBe(2);
    expect(venue.stream.registrations).toBe(4);
    venue.setPrice('000660', 181_000, 3);
    await vi.waitFor(() => expect(ticks).toEqual([expect.objectContaining({ instrumentId: HYNIX.id, size: 3 })]));
  });

  it('asks for a new approval key when KIS no longer knows the old one', async () => {
    const venue = await start();
    const { adapter, ticks, statuses } = await subscribe(venue, [SAMSUNG]);
    venue.stream.revokeApprovalKeys();
    venue.stream.dropConnections();
    await vi.waitFor(() => expect(statuses.filter((s) => s.state === 'open')).toHaveLength(2));
    // The first reconnect is refused with OPSP0011; the next one registers with a new key.
    expect(statuses.some((s) => s.state === 'reconnecting' && s.reason.includes('OPSP0011'))).toBe(true);
    expect(adapter.approval.requested).toBe(2);
    venue.setPrice('005930', 70_200);
    await vi.waitFor(() => expect(ticks).toHaveLength(1));
  });

  it('unsubscribing releases every code (tr_type 2), closes, and leaves nothing running', async () => {
    const venue = await start();
    const before = heldResources();
    const { unsubscribe, statuses } = await subscribe(venue);
    expect(heldResources()).toBeGreaterThan(before);
    await unsubscribe();
    expect(statuses.at(-1)).toEqual({ state: 'closed' });
    await vi.waitFor(() => expect(venue.stream.openSessions).toBe(0));
    expect(venue.stream.releases).toBe(2);
    // The server's side is closed; no socket or timer of the client is left.
    await waitUntilReleased(before);
  });

  it('streams in sandbox mode from the mock the venue factory started', async () => {
    const opened = await openVenue({ id: 'kis', credentialSecrets: [], instruments: [SAMSUNG], env: {} });
    cleanups.push(() => opened.close());
    const ticks: Tick[] = [];
    const unsubscribe = await opened.adapter.subscribeTrades!([SAMSUNG], (t) => ticks.push(t));
    cleanups.push(unsubscribe);
    (opened.sandbox as MockKisVenue).setPrice('005930', 70_000, 2);
    await vi.waitFor(() => expect(ticks).toEqual([expect.objectContaining({ instrumentId: SAMSUNG.id, size: 2 })]));
  });
});
