import 'reflect-metadata';
import { SignJWT } from 'jose';
import type { EmbeddedPlatform } from '@tradeforge/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JWT_SECRET, call, refusedUpgradeStatus, startGatewayPlatform, tokenFor } from './support/gateway-platform.js';

// The gateway's error contract over real HTTP: problem details for 400, 401, 403, 404, 409 and
// 429, and the OpenAPI document. The rate limit is small here (burst 5, 6 a minute) so one
// client reaches it; every other test uses a client of its own.

let platform: EmbeddedPlatform;
let gateway: string;

interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: { field: string; message: string }[];
}

beforeAll(async () => {
  platform = await startGatewayPlatform({ GATEWAY_RATE_LIMIT_BURST: '5', GATEWAY_RATE_LIMIT_PER_MINUTE: '6' });
  gateway = platform.service('gateway').url;
});

afterAll(async () => {
  await platform?.close();
});

function expectProblem(response: { status: number; headers: Headers; body: unknown }, status: number): Problem {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ type: 'about:blank', status });
  return response.body as Problem;
}

describe('400: the fields at fault', () => {
  it('names each invalid field of an order, in the API’s own names', async () => {
    const token = await tokenFor('bad-input');
    const response = await call(gateway, token, 'POST', '/api/orders', {
      instrumentId: 'BTCUSDT.paper',
      side: 'HOLD',
      type: 'LIMIT',
      quantity: -1,
    });
    const problem = expectProblem(response, 400);
    expect(problem.instance).toBe('/api/orders');
    expect(problem.errors!.map((e) => e.field).sort()).toEqual(['quantity', 'side']);
    const noPrice = await call(gateway, token, 'POST', '/api/orders', {
      instrumentId: 'BTCUSDT.paper',
      side: 'BUY',
      type: 'LIMIT',
      quantity: 0.01,
    });
    expect(expectProblem(noPrice, 400).errors).toEqual([{ field: 'price', message: 'LIMIT order needs a price' }]);
  });

  it('names `type` when the order type is missing, and `(body)` for malformed JSON', async () => {
    const token = await tokenFor('bad-input-2');
    const missingType = await call(gateway, token, 'POST', '/api/orders', {
      instrumentId: 'BTCUSDT.paper',
      side: 'BUY',
      quantity: 1,
    });
    expect(expectProblem(missingType, 400).errors).toEqual([expect.objectContaining({ field: 'type' })]);
    const malformed = await call(gateway, token, 'POST', '/api/orders', '{"side": ');
    expect(expectProblem(malformed, 400).errors).toEqual([expect.objectContaining({ field: '(body)' })]);
  });

  it('names `limit` for a bad list limit and `state` for an unknown trading state', async () => {
    const token = await tokenFor('bad-input-3');
    expect(expectProblem(await call(gateway, token, 'GET', '/api/orders?limit=0'), 400).errors).toEqual([
      expect.objectContaining({ field: 'limit' }),
    ]);
    const state = await call(gateway, token, 'PUT', '/api/trading-state', { state: 'PAUSED' });
    expect(expectProblem(state, 400).errors).toEqual([expect.objectContaining({ field: 'state' })]);
  });
});

describe('401: no valid token', () => {
  it('refuses a request without a token', async () => {
    const problem = expectProblem(await call(gateway, undefined, 'GET', '/api/orders'), 401);
    expect(problem.detail).toMatch(/Authorization: Bearer/);
  });

  it('refuses a token signed with another secret', async () => {
    const forged = await new SignJWT({ scope: 'orders:read' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('mallory')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('another-secret-another-secret-another-secret'));
    const problem = expectProblem(await call(gateway, forged, 'GET', '/api/orders'), 401);
    expect(problem.detail).toBe('the token signature does not verify');
  });

  it('refuses an expired token', async () => {
    const expired = await new SignJWT({ scope: 'orders:read' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('late')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(new TextEncoder().encode(JWT_SECRET));
    const problem = expectProblem(await call(gateway, expired, 'GET', '/api/orders'), 401);
    expect(problem.detail).toMatch(/expired/);
  });

  it('refuses the stream upgrade without a valid token', async () => {
    const ws = gateway.replace(/^http/, 'ws');
    expect(await refusedUpgradeStatus(`${ws}/api/stream`)).toBe(401);
    expect(await refusedUpgradeStatus(`${ws}/api/stream?token=not-a-jwt`)).toBe(401);
  });

  it('leaves health, readiness and the OpenAPI document open', async () => {
    expect((await fetch(`${gateway}/health`)).status).toBe(200);
    expect((await fetch(`${gateway}/ready`)).status).toBe(200);
    expect((await fetch(`${gateway}/api/docs`)).status).toBe(200);
  });
});

describe('403: a valid token without the scope', () => {
  it('lets a read-only token read but not place orders or halt trading', async () => {
    const readOnly = await tokenFor('viewer', 'orders:read');
    expect((await call(gateway, readOnly, 'GET', '/api/orders')).status).toBe(200);
    const place = await call(gateway, readOnly, 'POST', '/api/orders', {
      instrumentId: 'BTCUSDT.paper',
      side: 'BUY',
      type: 'MARKET',
      quantity: 0.01,
    });
    expect(expectProblem(place, 403).detail).toMatch(/orders:write/);
    const halt = await call(gateway, readOnly, 'PUT', '/api/trading-state', { state: 'HALTED' });
    expect(expectProblem(halt, 403).detail).toMatch(/trading:admin/);
    expect((await call(gateway, readOnly, 'GET', '/api/trading-state')).body).toEqual({ state: 'ACTIVE' });
  });

  it('refuses the stream to a token without orders:read', async () => {
    const writer = await tokenFor('writer', 'orders:write');
    expect(await refusedUpgradeStatus(`${gateway.replace(/^http/, 'ws')}/api/stream?token=${writer}`)).toBe(403);
  });
});

describe('404 and 409', () => {
  it('answers 404 for an unknown order and for cancelling one', async () => {
    const token = await tokenFor('finder');
    expect(expectProblem(await call(gateway, token, 'GET', '/api/orders/missing'), 404).detail).toBe(
      'no order "missing"',
    );
    expectProblem(await call(gateway, token, 'DELETE', '/api/orders/missing'), 404);
  });

  it('answers 409 with the existing order for a repeated client order id', async () => {
    const token = await tokenFor('repeater');
    const order = {
      clientOrderId: 'dup-1',
      instrumentId: 'BTCUSDT.paper',
      side: 'BUY',
      type: 'LIMIT',
      quantity: 0.01,
      price: 64_000,
    };
    expect((await call(gateway, token, 'POST', '/api/orders', order)).status).toBe(201);
    const again = await call<Problem & { order: { clientOrderId: string } }>(
      gateway,
      token,
      'POST',
      '/api/orders',
      order,
    );
    expect(expectProblem(again, 409)).toMatchObject({ order: { clientOrderId: 'dup-1' } });
  });
});

describe('429: the per-client rate limit', () => {
  it('lets a client make its burst, then answers 429 with Retry-After; other clients are not affected', async () => {
    const token = await tokenFor('busy-client');
    for (let i = 0; i < 5; i++) expect((await call(gateway, token, 'GET', '/api/equity')).status).toBe(200);
    const limited = await call(gateway, token, 'GET', '/api/equity');
    const problem = expectProblem(limited, 429);
    expect(problem.detail).toMatch(/busy-client/);
    // 6 a minute: one token back every 10 s.
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(10);
    expect((await call(gateway, await tokenFor('quiet-client'), 'GET', '/api/equity')).status).toBe(200);
  });
});

describe('OpenAPI', () => {
  it('documents every route with bearer auth at /api/docs-json', async () => {
    const response = await fetch(`${gateway}/api/docs-json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      paths: Record<string, Record<string, unknown>>;
      components: { securitySchemes: Record<string, unknown> };
    };
    const routes = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes.sort()).toEqual(
      expect.arrayContaining([
        'DELETE /api/orders/{clientOrderId}',
        'GET /api/account',
        'GET /api/equity',
        'GET /api/fills',
        'GET /api/orders',
        'GET /api/orders/{clientOrderId}',
        'GET /api/positions',
        'GET /api/trading-state',
        'POST /api/orders',
        'PUT /api/trading-state',
      ]),
    );
    expect(Object.keys(document.components.securitySchemes)).toContain('bearer');
  });
});
