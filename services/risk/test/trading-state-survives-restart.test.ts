import 'reflect-metadata';
import { freePort, startRedis } from '@tradeforge/test-infra';
import type { RunningRedis } from '@tradeforge/test-infra';
import { startServiceForTest } from '@tradeforge/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppModule } from '../src/app.module.js';
import { manifest } from '../src/generated/service-manifest.js';

let redis: RunningRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

const putState = (url: string, state: string) =>
  fetch(`${url}/trading-state`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ state, reason: 'restart test' }),
  });
const getState = async (url: string) =>
  ((await (await fetch(`${url}/trading-state`)).json()) as { state: string }).state;

describe('the kill switch across a restart of the risk service (Redis)', () => {
  it('starts HALTED again after trading was halted, and ACTIVE once resumed', async () => {
    const first = await startServiceForTest(manifest, AppModule, { REDIS_URL: redis.url });
    expect(await getState(first.url)).toBe('ACTIVE');
    expect((await putState(first.url, 'HALTED')).status).toBe(200);
    await first.close();

    const second = await startServiceForTest(manifest, AppModule, { REDIS_URL: redis.url });
    try {
      expect(await getState(second.url)).toBe('HALTED');
      expect((await putState(second.url, 'ACTIVE')).status).toBe(200);
    } finally {
      await second.close();
    }

    const third = await startServiceForTest(manifest, AppModule, { REDIS_URL: redis.url });
    try {
      expect(await getState(third.url)).toBe('ACTIVE');
    } finally {
      await third.close();
    }
  });

  it('does not start when Redis does not answer: it cannot know whether trading was halted', async () => {
    const nobody = `redis://127.0.0.1:${await freePort()}`;
    await expect(startServiceForTest(manifest, AppModule, { REDIS_URL: nobody })).rejects.toThrow(
      /does not answer.*trading state/,
    );
  });
});
