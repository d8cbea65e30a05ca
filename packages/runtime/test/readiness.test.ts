import 'reflect-metadata';
import net from 'node:net';
import { Module } from '@nestjs/common';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServiceManifest } from '../src/service-manifest.js';
import { startServiceForTest } from '../src/testing/index.js';
import type { RunningService } from '../src/testing/index.js';

@Module({})
class EmptyModule {}

const manifest: ServiceManifest = {
  platform: 'acme',
  name: 'order',
  role: 'order',
  port: 3004,
  dependsOn: ['database', 'cache'],
};

/** A TCP listener standing in for a dependency; closed ports stand in for one that is down. */
function listen(): Promise<net.Server> {
  return new Promise((resolve) => {
    const server = net.createServer((socket) => socket.end()).listen(0, '127.0.0.1', () => resolve(server));
  });
}
const portOf = (server: net.Server) => (server.address() as net.AddressInfo).port;

describe('readiness in distributed mode', () => {
  let service: RunningService | undefined;
  const servers: net.Server[] = [];
  afterEach(async () => {
    await service?.close();
    for (const server of servers.splice(0)) server.close();
  });

  it('answers 503 naming the dependency that is unreachable', async () => {
    const database = await listen();
    servers.push(database);
    const closed = await listen();
    const closedPort = portOf(closed);
    closed.close();
    service = await startServiceForTest(manifest, EmptyModule, {
      PLATFORM_MODE: 'distributed',
      DATABASE_URL: `postgresql://u:p@127.0.0.1:${portOf(database)}/acme`,
      REDIS_URL: `redis://127.0.0.1:${closedPort}`,
    });
    const response = await fetch(`${service.url}/ready`);
    expect(response.status).toBe(503);
    const body = (await response.json()) as {
      status: string;
      checks: Record<string, { status: string; detail: string }>;
    };
    expect(body.status).toBe('not-ready');
    expect(body.checks.database?.status).toBe('up');
    expect(body.checks.cache?.status).toBe('down');
    expect(body.checks.cache?.detail).toContain(`127.0.0.1:${closedPort}`);
  });

  it('answers 200 once every dependency is reachable', async () => {
    const database = await listen();
    const cache = await listen();
    servers.push(database, cache);
    service = await startServiceForTest(manifest, EmptyModule, {
      PLATFORM_MODE: 'distributed',
      DATABASE_URL: `postgresql://u:p@127.0.0.1:${portOf(database)}/acme`,
      REDIS_URL: `redis://127.0.0.1:${portOf(cache)}`,
    });
    const response = await fetch(`${service.url}/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'ready',
      checks: { database: { status: 'up' }, cache: { status: 'up' } },
    });
  });
});
