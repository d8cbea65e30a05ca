import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MockKisVenue } from '../../src/venues/kis/mock-kis-venue.js';
import { KisTokenCache } from '../../src/venues/kis/kis-token.js';
import { OrderBook } from './support/order-book.js';
import { KIS_APP_KEY, KIS_APP_SECRET, SAMSUNG, kisAdapter, kisClient, startMockKis } from './kis-fixture.js';

/** A token cache on a manual clock: `sleep` advances it and records what was asked. */
function manualCache(intervalMs = 60_000) {
  let now = 1_000_000;
  const sleeps: number[] = [];
  let issued = 0;
  const cache = new KisTokenCache({
    intervalMs,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    issue: async () => {
      issued += 1;
      now += 50; // the request takes 50 ms
      return { value: `token-${issued}`, expiresAt: now + 86_400_000 };
    },
  });
  return { cache, sleeps, issued: () => issued, advance: (ms: number) => (now += ms) };
}

describe('KIS token cache: at most one issuance a minute', () => {
  it('concurrent callers share one issuance; later callers reuse the cached token', async () => {
    const { cache, issued } = manualCache();
    const tokens = await Promise.all(Array.from({ length: 10 }, () => cache.get()));
    expect(new Set(tokens)).toEqual(new Set(['token-1']));
    expect(await cache.get()).toBe('token-1');
    expect(issued()).toBe(1);
  });

  it('a refused token is renewed only a full minute after the last issuance settled', async () => {
    const { cache, sleeps, issued, advance } = manualCache();
    await cache.get();
    advance(10_000);
    cache.invalidate('token-1');
    expect(await cache.get()).toBe('token-2');
    // 60 s from the first answer, of which 10 s had passed.
    expect(sleeps).toEqual([50_000]);
    expect(issued()).toBe(2);
  });

  it('near expiry, a token still valid is reused rather than asking again within the minute', async () => {
    let now = 0;
    let issued = 0;
    const cache = new KisTokenCache({
      now: () => now,
      renewBeforeMs: 600_000,
      issue: async () => ({ value: `t${++issued}`, expiresAt: now + 620_000 }),
    });
    await cache.get();
    now += 30_000; // inside the renewal window, but within the minute
    expect(await cache.get()).toBe('t1');
    now += 40_000; // the minute has passed: renew
    expect(await cache.get()).toBe('t2');
  });

  it('an issuance refused as too soon (EGW00133) is retried once, a full minute later', async () => {
    let now = 0;
    const sleeps: number[] = [];
    let calls = 0;
    const cache = new KisTokenCache({
      now: () => now,
      sleep: async (ms) => {
        sleeps.push(ms);
        now += ms;
      },
      refusedAsTooSoon: (error) => error === 'too soon',
      issue: async () => {
        calls += 1;
        now += 50;
        if (calls === 1) throw 'too soon';
        return { value: 'granted', expiresAt: now + 86_400_000 };
      },
    });
    expect(await cache.get()).toBe('granted');
    expect(sleeps).toEqual([60_000]);
    expect(cache.requested).toBe(2);
  });
});

describe('KIS token against the mock venue', () => {
  let mock: MockKisVenue;
  beforeEach(async () => {
    mock = await startMockKis();
    mock.setPrice('005930', 70_000);
  });
  afterEach(() => mock.stop());

  it('twenty concurrent calls send one token request', async () => {
    const adapter = kisAdapter(mock);
    await Promise.all(Array.from({ length: 20 }, () => adapter.balances()));
    expect(mock.tokensIssued).toBe(1);
    expect(mock.tokenViolations).toBe(0);
  });

  it('an expired token (EGW00123) is replaced once, the interval respected, and the order is sent once', async () => {
    const adapter = kisAdapter(mock);
    await adapter.connect();
    mock.expireTokens();
    const { client, book } = kisClient(adapter);
    const order = book.create({ instrument: SAMSUNG, side: 'BUY', type: 'LIMIT', quantity: 3, price: 69_000 });
    client.submitOrder(order);
    await client.idle();
    expect(order.status).toBe('ACCEPTED');
    expect(mock.authFailures).toBe(1); // the refused request, sent once more with the new token
    expect(mock.tokensIssued).toBe(2);
    expect(mock.tokenViolations).toBe(0);
    expect(mock.engine.orders).toHaveLength(1);
  });

  it('another process on the same app key took this minute’s token: EGW00133, then one retry after the wait', async () => {
    await kisAdapter(mock).balances();
    const second = kisAdapter(mock);
    await expect(second.balances()).resolves.toEqual(expect.any(Array));
    // Only the refusal the second process could not foresee; its retry waited for the interval.
    expect(mock.tokenViolations).toBe(1);
    expect(mock.tokensIssued).toBe(2);
    expect(second.session.tokens.requested).toBe(2);
  });

  it('EGW00133 is a rate-limited VenueError when it persists', async () => {
    await mock.stop();
    // A venue whose minute is longer than the adapter believes: the retry is refused too.
    mock = await startMockKis({ tokenIntervalMs: 60_000 });
    await kisAdapter(mock).balances();
    await expect(kisAdapter(mock).balances()).rejects.toMatchObject({ kind: 'rate-limited', code: 'EGW00133' });
  });

  it('a token request that goes unanswered leaves the order unsent: rejected, not UNKNOWN', async () => {
    mock.setFaults({ stallRate: 1, stallMs: 1_000, routes: ['POST /oauth2/tokenP'], times: 1 });
    const adapter = kisAdapter(mock, { resilience: { timeoutMs: 300, maxAttempts: 1 } });
    const order = new OrderBook().create({
      instrument: SAMSUNG,
      side: 'BUY',
      type: 'LIMIT',
      quantity: 1,
      price: 60_000,
    });
    expect(await adapter.submit({ order, instrument: SAMSUNG })).toMatchObject({
      status: 'rejected',
      code: 'unreachable',
    });
    expect(mock.engine.orders).toHaveLength(0);
  });

  it('a wrong app key or secret is refused at the token endpoint (EGW00103, EGW00105): auth errors', async () => {
    await expect(kisAdapter(mock, { appKey: 'PSwrong' }).balances()).rejects.toMatchObject({
      kind: 'auth',
      code: 'EGW00103',
    });
    await expect(kisAdapter(mock, { appSecret: 'wrong' }).balances()).rejects.toMatchObject({
      kind: 'auth',
      code: 'EGW00105',
    });
  });

  it('a call with a forged token or the wrong app secret is refused by the gateway with HTTP 500 and its code', async () => {
    const call = (headers: Record<string, string>) =>
      fetch(`${mock.url}/uapi/domestic-stock/v1/trading/inquire-balance?CANO=50123456&ACNT_PRDT_CD=01`, {
        headers: { appkey: KIS_APP_KEY, appsecret: KIS_APP_SECRET, tr_id: 'TTTC8434R', custtype: 'P', ...headers },
      });
    const forged = await call({ authorization: 'Bearer forged' });
    expect(forged.status).toBe(500);
    expect(await forged.json()).toMatchObject({ rt_cd: '1', msg_cd: 'EGW00121' });
    expect(mock.authFailures).toBe(1);

    // A real token with another app's secret.
    const adapter = kisAdapter(mock);
    const token = await adapter.session.tokens.get();
    const wrongSecret = await call({ authorization: `Bearer ${token}`, appsecret: 'other' });
    expect(await wrongSecret.json()).toMatchObject({ msg_cd: 'EGW00105' });
    const book = new OrderBook();
    const order = book.create({ instrument: SAMSUNG, side: 'BUY', type: 'LIMIT', quantity: 1, price: 60_000 });
    expect(await kisAdapter(mock, { appSecret: 'other' }).submit({ order, instrument: SAMSUNG })).toMatchObject({
      status: 'rejected',
      code: 'EGW00105',
    });
  });
});
