import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CREON_BRIDGE_HEADERS,
  fillsQuerySchema,
  parseBridge,
  submitOrderRequestSchema,
} from '../../src/venues/creon/creon-bridge-contract.js';
import { creonSignatureMatches, signCreonRequest } from '../../src/venues/creon/creon-signing.js';
import type { MockCreonBridge } from '../../src/venues/creon/mock-creon-bridge.js';
import { CREON_KEY, CREON_SECRET, startMockCreon } from './creon-fixture.js';

const validOrder = {
  clientOrderId: 'c-1',
  code: 'A005930',
  side: 'BUY',
  orderType: 'LIMIT',
  timeInForce: 'GTC',
  quantity: 10,
  price: 71000,
};

describe('Creon bridge contract: request schemas', () => {
  it('accepts a limit order and a market order without a price', () => {
    expect(parseBridge(submitOrderRequestSchema, validOrder)).toMatchObject({ ok: true });
    const { price: _price, ...market } = validOrder;
    expect(parseBridge(submitOrderRequestSchema, { ...market, orderType: 'MARKET' })).toMatchObject({ ok: true });
  });

  it.each([
    [{ ...validOrder, quantity: 1.5 }, 'quantity'],
    [{ ...validOrder, quantity: 0 }, 'quantity'],
    [{ ...validOrder, price: 71000.5 }, 'price'],
    [{ ...validOrder, price: undefined }, 'price'],
    [{ ...validOrder, orderType: 'MARKET' }, 'price'],
    [{ ...validOrder, code: '005930' }, 'code'],
    [{ ...validOrder, side: 'bid' }, 'side'],
    [{ ...validOrder, timeInForce: 'GTD' }, 'timeInForce'],
    [{ ...validOrder, clientOrderId: 'has space' }, 'clientOrderId'],
    [{ ...validOrder, clientOrderId: 'x'.repeat(65) }, 'clientOrderId'],
    [{ ...validOrder, account: '1234' }, 'account'],
  ])('refuses %j, naming %s', (body, field) => {
    expect(parseBridge(submitOrderRequestSchema, body)).toMatchObject({ ok: false, field });
  });

  it('fills queries: since defaults to 0, limit is capped at 500', () => {
    expect(parseBridge(fillsQuerySchema, {})).toEqual({ ok: true, value: { since: 0, limit: 500 } });
    expect(parseBridge(fillsQuerySchema, { since: '-1' })).toMatchObject({ ok: false, field: 'since' });
    expect(parseBridge(fillsQuerySchema, { limit: '501' })).toMatchObject({ ok: false, field: 'limit' });
  });
});

describe('Creon bridge contract: request signature', () => {
  const example = {
    timestamp: 1767225600000,
    method: 'POST',
    pathAndQuery: '/v1/orders',
    body: JSON.stringify(validOrder),
  };

  // Vectors computed with `openssl dgst -sha256 -hmac` over the documented payload, not with our code.
  it('matches vectors computed independently with openssl', () => {
    expect(signCreonRequest(example, 'creon-bridge-example-secret')).toBe(
      'a9f4a7bd353b3f193995c9767fb538d60df7702d70f21e0510f5d75646581118',
    );
    expect(
      signCreonRequest(
        { timestamp: 1767225600000, method: 'GET', pathAndQuery: '/v1/fills?since=0', body: '' },
        'creon-bridge-example-secret',
      ),
    ).toBe('c8e14afc801b62e59607b13910f2e50d2be1d1667891552e3c96b4d7c13eb342');
  });

  it('a changed quantity, path, timestamp or secret no longer matches', () => {
    const signature = signCreonRequest(example, 'creon-bridge-example-secret');
    expect(creonSignatureMatches(example, 'creon-bridge-example-secret', signature)).toBe(true);
    const tampered = [
      { ...example, body: example.body.replace('"quantity":10', '"quantity":100') },
      { ...example, pathAndQuery: '/v1/orders?x=1' },
      { ...example, timestamp: example.timestamp + 1 },
    ];
    for (const request of tampered)
      expect(creonSignatureMatches(request, 'creon-bridge-example-secret', signature)).toBe(false);
    expect(creonSignatureMatches(example, 'another-secret', signature)).toBe(false);
  });
});

describe('Creon bridge contract over HTTP (the mock bridge)', () => {
  let mock: MockCreonBridge;
  beforeEach(async () => {
    mock = await startMockCreon();
    mock.setPrice('A005930', 71_000);
  });
  afterEach(() => mock.stop());

  /** A request signed as the contract says, optionally with a wrong secret or an old timestamp. */
  const send = (
    method: string,
    pathAndQuery: string,
    body?: unknown,
    options: { secret?: string; timestamp?: number; key?: string } = {},
  ) => {
    const raw = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
    const timestamp = options.timestamp ?? Date.now();
    const signature = signCreonRequest({ timestamp, method, pathAndQuery, body: raw }, options.secret ?? CREON_SECRET);
    return fetch(`${mock.url}${pathAndQuery}`, {
      method,
      headers: {
        [CREON_BRIDGE_HEADERS.key]: options.key ?? CREON_KEY,
        [CREON_BRIDGE_HEADERS.timestamp]: String(timestamp),
        [CREON_BRIDGE_HEADERS.signature]: signature,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : raw,
    });
  };

  it('health needs no signature and gives the bridge clock; everything else does', async () => {
    const health = await fetch(`${mock.url}/v1/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', creonConnected: true, serverTime: expect.any(Number) });
    const unsigned = await fetch(`${mock.url}/v1/balances`);
    expect(unsigned.status).toBe(401);
    expect(unsigned.headers.get('content-type')).toContain('application/problem+json');
    expect(await unsigned.json()).toMatchObject({ status: 401, code: 'unauthorized' });
  });

  it('refuses a wrong secret, an unknown key and a request older than the receive window', async () => {
    expect(await (await send('GET', '/v1/balances', undefined, { secret: 'wrong' })).json()).toMatchObject({
      code: 'unauthorized',
      detail: expect.stringContaining('signature'),
    });
    expect(await (await send('GET', '/v1/balances', undefined, { key: 'someone' })).json()).toMatchObject({
      code: 'unauthorized',
    });
    const old = await send('GET', '/v1/balances', undefined, { timestamp: Date.now() - 5_000 });
    expect(old.status).toBe(401);
    expect(await old.json()).toMatchObject({ code: 'stale_request' });
    expect(mock.authFailures).toBe(3);
  });

  it('bad bodies and queries are 400 invalid_request naming the field, and reach nothing', async () => {
    const cases: [string, string, unknown, string][] = [
      ['POST', '/v1/orders', '{not json', '(body)'],
      ['POST', '/v1/orders', { ...validOrder, quantity: -1 }, 'quantity'],
      ['POST', '/v1/orders', { ...validOrder, price: undefined }, 'price'],
      ['GET', '/v1/orders?state=closed', undefined, 'state'],
      ['GET', '/v1/fills?since=yesterday', undefined, 'since'],
      ['GET', '/v1/fills?cursor=abc', undefined, 'cursor'],
      ['GET', `/v1/orders/${encodeURIComponent('a b')}`, undefined, 'clientOrderId'],
    ];
    for (const [method, path, body, field] of cases) {
      const response = await send(method, path, body);
      expect(response.status, `${method} ${path}`).toBe(400);
      expect(await response.json()).toMatchObject({ code: 'invalid_request', field });
    }
    expect(mock.engine.orders).toHaveLength(0);
    expect(mock.sent).toEqual({ order: 0, query: 0 });
  });

  it('a client order id is an idempotency key: the same submit is answered from the record, another is a conflict', async () => {
    const first = await send('POST', '/v1/orders', validOrder);
    expect(first.status).toBe(201);
    const placed = (await first.json()) as { orderNo: string };
    const again = await send('POST', '/v1/orders', validOrder);
    expect(again.status).toBe(200);
    expect(again.headers.get(CREON_BRIDGE_HEADERS.replay)).toBe('true');
    expect(await again.json()).toMatchObject({ orderNo: placed.orderNo, clientOrderId: 'c-1' });
    const other = await send('POST', '/v1/orders', { ...validOrder, quantity: 11 });
    expect(other.status).toBe(409);
    expect(await other.json()).toMatchObject({ code: 'client_order_id_conflict' });
    expect(mock.engine.orders).toHaveLength(1);
    expect(mock.sent.order).toBe(1); // replays never reach Creon
  });

  it('every authenticated answer reports Creon’s remaining counts and reset time', async () => {
    const response = await send('GET', '/v1/balances');
    expect(response.headers.get(CREON_BRIDGE_HEADERS.remainQuery)).toBe('59');
    expect(response.headers.get(CREON_BRIDGE_HEADERS.remainOrder)).toBe('20');
    expect(Number(response.headers.get(CREON_BRIDGE_HEADERS.resetMs))).toBeGreaterThan(0);
    expect(await response.json()).toEqual({
      currency: 'KRW',
      cash: { free: 100_000_000, locked: 0 },
      holdings: [{ code: 'A005930', quantity: 10, sellable: 10 }],
    });
  });

  it('unknown routes are 404 problems', async () => {
    const response = await send('GET', '/v1/positions');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'not_found' });
  });
});
