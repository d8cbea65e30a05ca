import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { CLIENT_ORDER_ID_ATTRIBUTE, PLATFORM_TOPICS, SERVICE_ATTRIBUTE, startTracing } from '@tradeforge/runtime';
import type { EventBus } from '@tradeforge/runtime';
import { eventually, publishBar, startEmbeddedServices } from '@tradeforge/runtime/testing';
import type { EmbeddedPlatform } from '@tradeforge/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// One order's trace through the embedded platform: gateway → order → risk → broker → portfolio.
import { signToken } from '../../gateway/src/auth/token-signer.js';
import { AppModule as GatewayAppModule } from '../../gateway/src/app.module.js';
import { manifest as gatewayManifest } from '../../gateway/src/generated/service-manifest.js';
import { AppModule as BrokerAppModule } from '../../broker/src/app.module.js';
import { manifest as brokerManifest } from '../../broker/src/generated/service-manifest.js';
import { AppModule as OrderAppModule } from '../../order/src/app.module.js';
import { manifest as orderManifest } from '../../order/src/generated/service-manifest.js';
import { AppModule as RiskAppModule } from '../../risk/src/app.module.js';
import { manifest as riskManifest } from '../../risk/src/generated/service-manifest.js';
import { AppModule } from '../src/app.module.js';
import { manifest } from '../src/generated/service-manifest.js';

const JWT_SECRET = 'order-trace-test-secret-0123456789abcdef';
const exporter = new InMemorySpanExporter();
let stopTracing: () => Promise<void>;
let platform: EmbeddedPlatform;
let bus: EventBus;

const bar = (close: number) => publishBar(bus, close, 'BTCUSDT.paper');

const serviceOf = (span: ReadableSpan) => span.attributes[SERVICE_ATTRIBUTE];
const spansOf = (traceId: string) => exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);

beforeAll(async () => {
  // The runtime's own SDK setup (context manager, W3C propagator), with spans kept in memory.
  stopTracing = startTracing({
    serviceName: 'tradeforge-embedded',
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  platform = await startEmbeddedServices(
    [
      { manifest: orderManifest, appModule: OrderAppModule },
      { manifest: riskManifest, appModule: RiskAppModule },
      { manifest: brokerManifest, appModule: BrokerAppModule },
      { manifest, appModule: AppModule },
      { manifest: gatewayManifest, appModule: GatewayAppModule },
    ],
    { ports: 'ephemeral', env: { GATEWAY_JWT_SECRET: JWT_SECRET } },
  );
  bus = platform.infrastructure.bus!;
});

afterAll(async () => {
  await platform?.close();
  await stopTracing?.();
});

describe('one order is one trace', () => {
  it('continues the caller traceparent through gateway, order, risk, broker and portfolio as one parent chain', async () => {
    await bar(64_000);
    // A market order needs risk to have seen a price: wait for risk's span of that bar.
    await eventually(
      () =>
        exporter
          .getFinishedSpans()
          .find((s) => serviceOf(s) === 'risk' && s.name === `process ${PLATFORM_TOPICS.marketBars.name}`),
      "risk's span for the first bar",
    );

    const traceId = randomBytes(16).toString('hex');
    const callerSpanId = randomBytes(8).toString('hex');
    const token = await signToken(new TextEncoder().encode(JWT_SECRET), {
      sub: 'trace-desk',
      scope: 'orders:write orders:read',
      ttl: '1h',
    });
    const placed = await fetch(`${platform.service('gateway').url}/api/orders`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        traceparent: `00-${traceId}-${callerSpanId}-01`,
      },
      body: JSON.stringify({
        clientOrderId: 'trace-1',
        instrumentId: 'BTCUSDT.paper',
        side: 'BUY',
        type: 'MARKET',
        quantity: 0.1,
      }),
    });
    expect(placed.status).toBe(201);

    // The paper venue fills on the next bar; the portfolio's handling of that fill ends the path.
    const portfolioFill = await eventually(async () => {
      await bar(64_050);
      return spansOf(traceId).find(
        (s) => serviceOf(s) === 'portfolio' && s.name === `process ${PLATFORM_TOPICS.fills.name}`,
      );
    }, "the portfolio's span for the fill, in the order's trace");

    const spans = spansOf(traceId);
    expect(new Set(spans.map(serviceOf))).toEqual(new Set(['gateway', 'order', 'risk', 'broker', 'portfolio']));

    // One tree: every span's parent is a span of this trace, except the root, whose parent is the caller.
    const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
    const roots = spans.filter((s) => !byId.has(s.parentSpanContext?.spanId ?? ''));
    expect(roots.map((s) => [s.name, s.parentSpanContext?.spanId])).toEqual([['POST /api/orders', callerSpanId]]);

    // The fill's path back to the request crosses every hop, in order.
    const path: ReadableSpan[] = [];
    for (let s: ReadableSpan | undefined = portfolioFill; s; s = byId.get(s.parentSpanContext?.spanId ?? ''))
      path.unshift(s);
    const hops = path.map(serviceOf).filter((service, i, all) => service !== all[i - 1]);
    expect(hops).toEqual(['gateway', 'order', 'risk', 'broker', 'portfolio']);
    expect(path[0]!.name).toBe('POST /api/orders');

    // The bar that filled the order is in another trace, linked from the broker's publish of the fill.
    const fillPublish = path.find((s) => s.name === `publish ${PLATFORM_TOPICS.fills.name}`)!;
    expect(serviceOf(fillPublish)).toBe('broker');
    expect(fillPublish.links.map((l) => l.context.traceId)).not.toContain(traceId);
    expect(fillPublish.links).toHaveLength(1);

    // Every bus span of a message about the order names it: search a trace backend by the client order id.
    const orderTopics = [
      PLATFORM_TOPICS.orderCommands,
      PLATFORM_TOPICS.riskDecisions,
      PLATFORM_TOPICS.orderEvents,
      PLATFORM_TOPICS.fills,
    ].map((t) => t.name);
    const orderSpans = spans.filter((s) => orderTopics.some((topic) => s.name.endsWith(` ${topic}`)));
    expect(orderSpans.length).toBeGreaterThanOrEqual(8);
    expect(orderSpans.filter((s) => s.attributes[CLIENT_ORDER_ID_ATTRIBUTE] !== 'trace-1').map((s) => s.name)).toEqual(
      [],
    );
  });
});
