import 'reflect-metadata';
import { startRedis } from '@tradeforge/test-infra';
import type { RunningRedis } from '@tradeforge/test-infra';
import { eventually } from '@tradeforge/runtime/testing';
import type { EmbeddedPlatform } from '@tradeforge/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, openStream, startGatewayPlatform, tokenFor } from './support/gateway-platform.js';
import type { StreamClient } from './support/gateway-platform.js';

// Two gateway replicas and one real Redis (REDIS_URL, as in distributed mode): a client's rate
// limit is one budget whichever replica it reaches, and an update that one replica takes off the
// bus reaches the stream clients of both.

let redis: RunningRedis;
let platform: EmbeddedPlatform;
let first: string;
let second: string;

beforeAll(async () => {
  redis = await startRedis();
  platform = await startGatewayPlatform(
    { REDIS_URL: redis.url, GATEWAY_RATE_LIMIT_BURST: '4', GATEWAY_RATE_LIMIT_PER_MINUTE: '6' },
    2,
  );
  first = platform.service('gateway').url;
  second = platform.service('gateway-2').url;
});

afterAll(async () => {
  await platform?.close();
  await redis?.stop();
});

describe('gateway replicas sharing Redis', () => {
  it('counts one client’s requests against one limit across both replicas', async () => {
    const token = await tokenFor('shared-client');
    const statuses = [];
    for (const url of [first, second, first, second, first, second]) {
      statuses.push((await call(url, token, 'GET', '/api/equity')).status);
    }
    // Burst 4: two requests on each replica pass, the fifth and sixth are over the shared limit.
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    const limited = await call(second, token, 'GET', '/api/fills');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Another client still has its own budget.
    expect((await call(second, await tokenFor('other-client'), 'GET', '/api/equity')).status).toBe(200);
  });

  it('streams an update to the clients of both replicas, whichever consumed it from the bus', async () => {
    const token = await tokenFor('operator');
    const streams: StreamClient[] = [await openStream(first, token), await openStream(second, token)];
    try {
      expect(
        (await call(first, token, 'PUT', '/api/trading-state', { state: 'REDUCING', reason: 'fan-out' })).status,
      ).toBe(200);
      for (const [i, stream] of streams.entries()) {
        const frame = await eventually(
          () => stream.frames.find((f) => f.type === 'trading-state' && f.data.state === 'REDUCING'),
          `the REDUCING frame on replica ${i + 1}`,
        );
        expect(frame.data.reason).toBe('fan-out');
      }
      // Each replica delivers it once: one consumer took it off the bus, Redis gave it to both.
      expect(streams.map((s) => s.frames.filter((f) => f.type === 'trading-state').length)).toEqual([1, 1]);
    } finally {
      for (const stream of streams) stream.close();
    }
  });
});
