import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { PLATFORM_SETTINGS, PLATFORM_TOPICS, createEventBus } from '@tradeforge/runtime';
import type { EventBus } from '@tradeforge/runtime';
import { startDistributedPlatform } from '@tradeforge/runtime/distributed';
import type { DistributedPlatform } from '@tradeforge/runtime/distributed';
import { eventually } from '@tradeforge/runtime/testing';
import { freePort, startKafka, startPostgres, startRedis } from '@tradeforge/test-infra';
import type { RunningKafka, RunningPostgres, RunningRedis } from '@tradeforge/test-infra';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JWT_SECRET, call, openStream, tokenFor } from './support/gateway-platform.js';
import type { StreamClient } from './support/gateway-platform.js';

// Distributed mode for real: every configured service in its own Node process (compiled, as in
// production) on Kafka, PostgreSQL and Redis started by this test; the same flow as the embedded
// suite, through the gateway's API with a real token. Every service's output is kept in
// reports/distributed-platform.log.

const root = path.resolve(import.meta.dirname, '../../..');
// An instrument no configured strategy trades, so positions are this suite's orders alone.
const traded = new Set(PLATFORM_SETTINGS.strategies.map((s) => s.instrument));
const instrument = PLATFORM_SETTINGS.instruments.find((i) => !traded.has(i.id)) ?? PLATFORM_SETTINGS.instruments[0]!;
const patiently = { attempts: 600, intervalMs: 100 };

interface Order {
  clientOrderId: string;
  status: string;
  filledQuantity: number;
  averagePrice?: number;
}
interface Position {
  instrumentId: string;
  quantity: number;
}

let kafka: RunningKafka;
let postgres: RunningPostgres;
let redis: RunningRedis;
let platform: DistributedPlatform;
let bus: EventBus;
let stream: StreamClient;
let token: string;
let lastPrice: number | undefined;
const output: string[] = [];

const api = <T>(method: string, route: string, body?: unknown) =>
  call<T>(platform.urls.gateway!, token, method, route, body);
/** About five times the minimum notional at the last price, in whole lots. */
const orderQuantity = () =>
  Number((Math.ceil((instrument.minNotional * 5) / lastPrice! / instrument.lotSize) * instrument.lotSize).toFixed(12));
const orderWhen = (id: string, done: (o: Order) => boolean, what: string) =>
  eventually(
    async () => {
      const { body } = await api<Order>('GET', `/api/orders/${id}`);
      return done(body) ? body : undefined;
    },
    what,
    patiently,
  );

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
      GATEWAY_JWT_SECRET: JWT_SECRET,
      LOG_LEVEL: 'log',
      MARKET_DATA_INTERVAL_MS: '200',
    },
    output: (line) => output.push(line),
  });
  token = await tokenFor('desk-distributed');
  stream = await openStream(platform.urls.gateway!, token);
  // The suite's own Kafka consumer: orders are sized from the price the services see, and a
  // market order is denied until risk has seen one.
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
  await eventually(() => lastPrice, `a ${instrument.id} bar on Kafka`, patiently);
}, 300_000);

afterAll(async () => {
  stream?.close();
  await bus?.stop();
  await platform?.stop();
  await Promise.allSettled([kafka?.stop(), postgres?.stop(), redis?.stop()]);
  fs.mkdirSync(path.join(root, 'reports'), { recursive: true });
  fs.writeFileSync(path.join(root, 'reports', 'distributed-platform.log'), `${output.join('\n')}\n`);
}, 60_000);

describe('the platform in distributed mode, one process per service', () => {
  it('every service answers /ready against Kafka, PostgreSQL and Redis', async () => {
    for (const [name, url] of Object.entries(platform.urls)) {
      expect((await fetch(`${url}/ready`)).status, name).toBe(200);
    }
  });

  it('fills an order placed through the gateway, streams it, and keeps its rows in PostgreSQL', async () => {
    const quantity = orderQuantity();
    const placed = await api<Order>('POST', '/api/orders', {
      clientOrderId: 'dist-1',
      instrumentId: instrument.id,
      side: 'BUY',
      type: 'MARKET',
      quantity,
    });
    expect(placed.status).toBe(201);
    const filled = await orderWhen('dist-1', (o) => o.status === 'FILLED', 'dist-1 FILLED');
    expect(filled.filledQuantity).toBeCloseTo(quantity, 9);

    const position = await eventually(
      async () => (await api<Position[]>('GET', '/api/positions')).body.find((p) => p.instrumentId === instrument.id),
      'the position',
      patiently,
    );
    expect(position.quantity).toBeCloseTo(quantity, 9);
    await eventually(
      () => (stream.frames.some((f) => f.type === 'fill' && f.data.clientOrderId === 'dist-1') ? true : undefined),
      'the fill on the gateway stream',
      patiently,
    );

    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    try {
      const orders = await client.query('SELECT status FROM orders WHERE client_order_id = $1', ['dist-1']);
      expect(orders.rows).toEqual([{ status: 'FILLED' }]);
      const fills = await client.query('SELECT sum(quantity)::float AS q FROM fills WHERE client_order_id = $1', [
        'dist-1',
      ]);
      expect(fills.rows[0].q).toBeCloseTo(quantity, 9);
    } finally {
      await client.end();
    }
  }, 120_000);

  it('answers 409 for a repeated client order id, with no second effect', async () => {
    const again = await api('POST', '/api/orders', {
      clientOrderId: 'dist-1',
      instrumentId: instrument.id,
      side: 'BUY',
      type: 'MARKET',
      quantity: orderQuantity(),
    });
    expect(again.status).toBe(409);
    const { body } = await api<Order>('GET', '/api/orders/dist-1');
    expect(body.status).toBe('FILLED');
  });

  it('denies new orders while halted but lets a cancel through, then trades again', async () => {
    // A buy limit 3 % under the market rests at the venue (inside the risk price band of 5 %).
    const resting = await api<Order>('POST', '/api/orders', {
      clientOrderId: 'dist-resting',
      instrumentId: instrument.id,
      side: 'BUY',
      type: 'LIMIT',
      quantity: orderQuantity(),
      price: Number((Math.floor((lastPrice! * 0.97) / instrument.tickSize) * instrument.tickSize).toFixed(8)),
    });
    expect(resting.status).toBe(201);
    await orderWhen('dist-resting', (o) => o.status === 'ACCEPTED', 'dist-resting ACCEPTED');

    expect((await api('PUT', '/api/trading-state', { state: 'HALTED', reason: 'distributed e2e' })).status).toBe(200);
    const placed = await api('POST', '/api/orders', {
      clientOrderId: 'dist-halted',
      instrumentId: instrument.id,
      side: 'BUY',
      type: 'MARKET',
      quantity: orderQuantity(),
    });
    expect(placed.status).toBe(201);
    expect((await orderWhen('dist-halted', (o) => o.status !== 'INITIALIZED', 'the risk decision')).status).toBe(
      'DENIED',
    );

    expect((await api('DELETE', '/api/orders/dist-resting')).status).toBe(202);
    await orderWhen('dist-resting', (o) => o.status === 'CANCELED', 'dist-resting CANCELED while halted');

    expect((await api('PUT', '/api/trading-state', { state: 'ACTIVE' })).status).toBe(200);
  }, 120_000);
});
