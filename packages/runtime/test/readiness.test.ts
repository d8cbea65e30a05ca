import 'reflect-metadata';
import net from 'node:net';
import { Module } from '@nestjs/common';
import { startPostgres } from '@tradeforge/test-infra';
import type { RunningPostgres } from '@tradeforge/test-infra';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceManifest } from '../src/service-manifest.js';
import { startServiceForTest } from '../src/testing/index.js';
import type { RunningService } from '../src/testing/index.js';

@Module({})
class EmptyModule {}

interface ReadyBody {
  status: string;
  checks: Record<string, { status: string; detail: string }>;
}

/** A TCP listener standing in for Redis (the cache has an address probe until a Redis client lands). */
function listen(): Promise<net.Server> {
  return new Promise((resolve) => {
    const server = net.createServer((socket) => socket.end()).listen(0, '127.0.0.1', () => resolve(server));
  });
}
const portOf = (server: net.Server) => (server.address() as net.AddressInfo).port;

describe('readiness in distributed mode', () => {
  let postgres: RunningPostgres;
  let service: RunningService | undefined;
  const servers: net.Server[] = [];
  beforeAll(async () => {
    postgres = await startPostgres();
  });
  afterAll(async () => {
    await postgres?.stop();
  });
  afterEach(async () => {
    await service?.close();
    service = undefined;
    for (const server of servers.splice(0)) server.close();
  });

  const manifest: ServiceManifest = {
    platform: 'acme',
    name: 'order',
    role: 'order',
    port: 3004,
    dependsOn: ['database', 'cache'],
  };

  it('answers 200 when PostgreSQL answers queries and the cache is reachable', async () => {
    const cache = await listen();
    servers.push(cache);
    service = await startServiceForTest(manifest, EmptyModule, {
      PLATFORM_MODE: 'distributed',
      DATABASE_URL: postgres.url,
      REDIS_URL: `redis://127.0.0.1:${portOf(cache)}`,
    });
    const response = await fetch(`${service.url}/ready`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as ReadyBody;
    expect(body.status).toBe('ready');
    expect(body.checks.database).toEqual({ status: 'up', detail: 'postgres answers queries' });
    expect(body.checks.cache?.status).toBe('up');
  });

  it('answers 503 naming the dependency that is unreachable', async () => {
    const closed = await listen();
    const closedPort = portOf(closed);
    closed.close();
    service = await startServiceForTest(manifest, EmptyModule, {
      PLATFORM_MODE: 'distributed',
      DATABASE_URL: postgres.url,
      REDIS_URL: `redis://127.0.0.1:${closedPort}`,
    });
    const response = await fetch(`${service.url}/ready`);
    expect(response.status).toBe(503);
    const body = (await response.json()) as ReadyBody;
    expect(body.status).toBe('not-ready');
    expect(body.checks.database?.status).toBe('up');
    expect(body.checks.cache?.status).toBe('down');
    expect(body.checks.cache?.detail).toContain(`127.0.0.1:${closedPort}`);
  });
});
