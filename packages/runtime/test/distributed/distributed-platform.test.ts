import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { freePort, startKafka, startPostgres, startRedis } from '@tradeforge/test-infra';
import type { RunningKafka, RunningPostgres, RunningRedis } from '@tradeforge/test-infra';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventBus } from '../../src/bus/create-event-bus.js';
import type { EventBus } from '../../src/bus/event-bus.js';
import { startDistributedPlatform } from '../../src/distributed/start-distributed-platform.js';
import type { DistributedPlatform } from '../../src/distributed/start-distributed-platform.js';
import { PLATFORM_SETTINGS } from '../../src/generated/platform-settings.js';
import { PLATFORM_TOPICS } from '../../src/generated/platform-topics.js';
import { eventually } from '../../src/testing/index.js';

const root = path.resolve(import.meta.dirname, '../../../..');
// An instrument no configured strategy trades, so the position is this test's orders alone.
const traded = new Set(PLATFORM_SETTINGS.strategies.map((s) => s.instrument));
const instrument = PLATFORM_SETTINGS.instruments.find((i) => !traded.has(i.id)) ?? PLATFORM_SETTINGS.instruments[0]!;

interface OrderBody {
  clientOrderId: string;
  status: string;
  filledQuantity: number;
  averagePrice?: number;
}

/**
 * Distributed mode for real: every service in its own Node process (compiled, as in production),
 * on Kafka, PostgreSQL and Redis started by this test. One order travels the platform; its rows
 * are read back from PostgreSQL.
 */
describe('the platform in distributed mode, one process per service', () => {
  let kafka: RunningKafka;
  let postgres: RunningPostgres;
  let redis: RunningRedis;
  let platform: DistributedPlatform;
  let bus: EventBus;
  let lastPrice: number | undefined;
  const output: string[] = [];

  beforeAll(async () => {
    // The services run from dist/: build what changed (incremental, quick when up to date).
    const build = spawnSync('npx', ['tsc', '-b'], { cwd: root, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`tsc -b failed:\n${build.stdout}${build.stderr}`);
    [kafka, postgres, redis] = await Promise.all([startKafka(), startPostgres(), startRedis()]);
    const services = await Promise.all(PLATFORM_SETTINGS.services.map(async (s) => ({ ...s, port: await freePort() })));
    platform = await startDistributedPlatform({
      root,
      services,
      env: {
        PATH: process.env.PATH,
        KAFKA_BROKERS: kafka.brokers.join(','),
        DATABASE_URL: postgres.url,
        REDIS_URL: redis.url,
        GATEWAY_JWT_SECRET: 'distributed-e2e-secret-distributed-e2e-secret',
        LOG_LEVEL: 'log',
        MARKET_DATA_INTERVAL_MS: '200',
      },
      output: (line) => output.push(line),
    });
    // The test's own Kafka consumer: orders are sized from the market price the services see.
    bus = await createEventBus({
      env: { PLATFORM_MODE: 'distributed', KAFKA_BROKERS: kafka.brokers.join(',') },
      clientId: 'e2e',
    });
    await bus.subscribe({
      groupId: 'e2e-prices',
      topics: [PLATFORM_TOPICS.marketBars],
      startFrom: 'latest',
      handler: ({ message }) => {
        if (message.type === 'market.bar' && message.instrumentId === instrument.id) lastPrice = message.close;
      },
    });
    await bus.start();
    // A market order is denied until risk has seen a price: wait for one bar after the services are up.
    await eventually(() => lastPrice, `a ${instrument.id} bar on Kafka`, { attempts: 600, intervalMs: 100 });
  }, 240_000);

  afterAll(async () => {
    await bus?.stop();
    await platform?.stop();
    await Promise.allSettled([kafka?.stop(), postgres?.stop(), redis?.stop()]);
    // Every service's output, for the reader of a failure (CI keeps reports/).
    fs.mkdirSync(path.join(root, 'reports'), { recursive: true });
    fs.writeFileSync(path.join(root, 'reports', 'distributed-platform.log'), `${output.join('\n')}\n`);
  }, 60_000);

  const url = (name: string) => platform.urls[name]!;
  const placeOrder = (body: Record<string, unknown>) =>
    fetch(`${url('order')}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ strategyId: 'e2e', instrumentId: instrument.id, ...body }),
    });
  /** About five times the minimum notional at the last price, in whole lots. */
  const orderQuantity = () => {
    const lots = Math.ceil((instrument.minNotional * 5) / lastPrice! / instrument.lotSize);
    return Number((lots * instrument.lotSize).toFixed(12));
  };
  const order = async (clientOrderId: string) =>
    (await (await fetch(`${url('order')}/orders/${clientOrderId}`)).json()) as OrderBody;

  it('every service answers /ready against Kafka, PostgreSQL and Redis', async () => {
    for (const name of Object.keys(platform.urls)) {
      const response = await fetch(`${url(name)}/ready`);
      expect(response.status, name).toBe(200);
    }
  });

  it('fills a market order across processes, once, and the rows are in PostgreSQL', async () => {
    const quantity = orderQuantity();
    const placed = await placeOrder({ clientOrderId: 'dist-1', side: 'BUY', orderType: 'MARKET', quantity });
    expect(placed.status).toBe(201);
    const filled = await eventually(
      async () => {
        const current = await order('dist-1');
        return current.status === 'FILLED' ? current : undefined;
      },
      'dist-1 to fill',
      { attempts: 600, intervalMs: 100 },
    );
    expect(filled.filledQuantity).toBeCloseTo(quantity, 9);

    const again = await placeOrder({ clientOrderId: 'dist-1', side: 'BUY', orderType: 'MARKET', quantity });
    expect(again.status).toBe(409);

    const position = await eventually(
      async () => {
        const positions = (await (await fetch(`${url('portfolio')}/positions`)).json()) as {
          instrumentId: string;
          quantity: number;
        }[];
        return positions.find((p) => p.instrumentId === instrument.id);
      },
      'the position',
      { attempts: 600, intervalMs: 100 },
    );
    expect(position.quantity).toBeCloseTo(quantity, 9);

    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    try {
      const orders = await client.query('SELECT status FROM orders WHERE client_order_id = $1', ['dist-1']);
      expect(orders.rows).toEqual([{ status: 'FILLED' }]);
      const fills = await client.query('SELECT count(*)::int AS n FROM fills WHERE client_order_id = $1', ['dist-1']);
      expect(fills.rows[0].n).toBeGreaterThanOrEqual(1);
    } finally {
      await client.end();
    }
  }, 120_000);

  it('denies new orders while trading is halted, and trades again once resumed', async () => {
    const setState = (state: string) =>
      fetch(`${url('risk')}/trading-state`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ state, reason: 'distributed e2e' }),
      });
    expect((await setState('HALTED')).status).toBe(200);
    const quantity = orderQuantity();
    expect(
      (await placeOrder({ clientOrderId: 'dist-halted', side: 'BUY', orderType: 'MARKET', quantity })).status,
    ).toBe(201);
    const denied = await eventually(
      async () => {
        const current = await order('dist-halted');
        return current.status === 'INITIALIZED' ? undefined : current;
      },
      'the risk decision',
      { attempts: 600, intervalMs: 100 },
    );
    expect(denied.status).toBe('DENIED');
    expect((await setState('ACTIVE')).status).toBe(200);
  }, 120_000);
});
