import 'reflect-metadata';
import { PLATFORM_TOPICS } from '@tradeforge/runtime';
import type { EventBus } from '@tradeforge/runtime';
import { eventually, publishBar, startEmbeddedServices } from '@tradeforge/runtime/testing';
import type { EmbeddedPlatform } from '@tradeforge/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The trading metrics as Prometheus scrapes them, after real orders through the embedded platform.
import { AppModule as BrokerAppModule } from '../../broker/src/app.module.js';
import { manifest as brokerManifest } from '../../broker/src/generated/service-manifest.js';
import { AppModule as OrderAppModule } from '../../order/src/app.module.js';
import { manifest as orderManifest } from '../../order/src/generated/service-manifest.js';
import { AppModule as RiskAppModule } from '../../risk/src/app.module.js';
import { manifest as riskManifest } from '../../risk/src/generated/service-manifest.js';
import { AppModule } from '../src/app.module.js';
import { manifest } from '../src/generated/service-manifest.js';

let platform: EmbeddedPlatform;
let bus: EventBus;

interface Sample {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly value: number;
}

/** Scrapes a service's /metrics over HTTP and parses the text exposition format's samples. */
async function scrape(service: string): Promise<{ contentType: string | null; samples: Sample[] }> {
  const response = await fetch(`${platform.service(service).url}/metrics`);
  expect(response.status).toBe(200);
  const samples = (await response.text())
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
  return { contentType: response.headers.get('content-type'), samples };
}

function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  return samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}

async function placeOrder(body: Record<string, unknown>): Promise<void> {
  const placed = await fetch(`${platform.service('order').url}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ strategyId: 'manual', side: 'BUY', orderType: 'MARKET', quantity: 0.1, ...body }),
  });
  expect(placed.status).toBe(201);
}

async function orderStatus(clientOrderId: string): Promise<string> {
  return (
    (await (await fetch(`${platform.service('order').url}/orders/${clientOrderId}`)).json()) as { status: string }
  ).status;
}

const bar = (close: number) => publishBar(bus, close, 'BTCUSDT.paper');

beforeAll(async () => {
  platform = await startEmbeddedServices(
    [
      { manifest: orderManifest, appModule: OrderAppModule },
      { manifest: riskManifest, appModule: RiskAppModule },
      { manifest: brokerManifest, appModule: BrokerAppModule },
      { manifest, appModule: AppModule },
    ],
    { ports: 'ephemeral', env: {} },
  );
  bus = platform.infrastructure.bus!;
});

afterAll(async () => {
  await platform?.close();
});

describe('/metrics', () => {
  it('serves Prometheus text with the process metrics on every service', async () => {
    for (const service of ['order', 'risk', 'broker', 'portfolio']) {
      const { contentType, samples } = await scrape(service);
      expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(value(samples, 'process_cpu_user_seconds_total', { service })).toBeGreaterThan(0);
      expect(value(samples, 'nodejs_heap_size_used_bytes', { service })).toBeGreaterThan(0);
    }
  });

  it('counts a placed and filled order and samples its order-to-fill latency', async () => {
    const before = (await scrape('order')).samples;
    expect(value(before, 'tradeforge_orders_total', { status: 'INITIALIZED' }) ?? 0).toBe(0);
    expect(value(before, 'tradeforge_order_to_fill_seconds_count', { order_type: 'MARKET' }) ?? 0).toBe(0);

    await bar(64_000);
    // Risk needs a price before it approves a market order: it has one once its group caught up.
    await eventually(async () => {
      const lag = (await scrape('risk')).samples.filter((s) => s.name === 'tradeforge_consumer_lag_messages');
      return lag.length > 0 && lag.every((s) => s.value === 0) ? true : undefined;
    }, 'risk to consume the first bar');
    await placeOrder({ clientOrderId: 'metrics-1', instrumentId: 'BTCUSDT.paper' });
    await eventually(async () => ((await orderStatus('metrics-1')) === 'SUBMITTED' ? true : undefined), 'SUBMITTED');
    await eventually(async () => {
      await bar(64_050);
      return (await orderStatus('metrics-1')) === 'FILLED' ? true : undefined;
    }, 'FILLED');

    // The order service counts the fill when its own consumer has handled it.
    const after = await eventually(async () => {
      const { samples } = await scrape('order');
      return value(samples, 'tradeforge_orders_total', { status: 'FILLED' }) === 1 ? samples : undefined;
    }, 'the FILLED count');
    expect(value(after, 'tradeforge_orders_total', { service: 'order', status: 'INITIALIZED' })).toBe(1);
    expect(value(after, 'tradeforge_orders_total', { status: 'SUBMITTED' })).toBe(1);
    expect(value(after, 'tradeforge_orders_total', { status: 'ACCEPTED' })).toBe(1);
    expect(value(after, 'tradeforge_order_to_fill_seconds_count', { order_type: 'MARKET' })).toBe(1);
    expect(value(after, 'tradeforge_order_to_fill_seconds_sum', { order_type: 'MARKET' })).toBeGreaterThan(0);
    expect(value(after, 'tradeforge_order_to_fill_seconds_bucket', { order_type: 'MARKET', le: '+Inf' })).toBe(1);
    // Lag is reported for each topic the order service's group reads.
    expect(
      after
        .filter((s) => s.name === 'tradeforge_consumer_lag_messages' && s.labels.group === 'order')
        .map((s) => s.labels.topic)
        .sort(),
    ).toEqual([PLATFORM_TOPICS.orderEvents.name, PLATFORM_TOPICS.riskDecisions.name].sort());
    // Order-flow counters belong to the order role only.
    expect(value((await scrape('portfolio')).samples, 'tradeforge_orders_total')).toBeUndefined();
  });

  it('counts a risk denial under its code', async () => {
    const code = 'UNKNOWN_INSTRUMENT';
    expect(value((await scrape('risk')).samples, 'tradeforge_risk_denials_total', { code }) ?? 0).toBe(0);
    await placeOrder({ clientOrderId: 'metrics-denied', instrumentId: 'NOSUCH.paper' });
    await eventually(async () => ((await orderStatus('metrics-denied')) === 'DENIED' ? true : undefined), 'DENIED');

    const risk = (await scrape('risk')).samples;
    expect(value(risk, 'tradeforge_risk_denials_total', { service: 'risk', code })).toBe(1);
    const order = await eventually(async () => {
      const { samples } = await scrape('order');
      return value(samples, 'tradeforge_orders_total', { status: 'DENIED' }) === 1 ? samples : undefined;
    }, 'the DENIED count');
    expect(value(order, 'tradeforge_orders_total', { status: 'INITIALIZED' })).toBe(2);
  });
});
