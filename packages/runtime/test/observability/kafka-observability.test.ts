import { SpanKind, context, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { startKafka } from '@tradeforge/test-infra';
import type { RunningKafka } from '@tradeforge/test-infra';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaEventBus } from '../../src/bus/kafka-event-bus.js';
import { startTracing } from '../../src/observability/telemetry.js';
import { eventually } from '../../src/testing/index.js';
import { bar, catalogueWithPrefix, settings, silent } from '../bus/bus-fixtures.js';

// The Kafka adapter's side of observability, against a real broker: trace context in record
// headers from the publish span to the consumer span, and lag from committed offsets.
const exporter = new InMemorySpanExporter();
let stopTracing: () => Promise<void>;
let kafka: RunningKafka;
const buses: KafkaEventBus[] = [];

beforeAll(async () => {
  stopTracing = startTracing({
    serviceName: 'kafka-observability',
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  kafka = await startKafka();
}, 300_000);

afterAll(async () => {
  await Promise.all(buses.map((b) => b.stop()));
  await kafka?.stop();
  await stopTracing?.();
});

async function startBus(name: string) {
  const topics = catalogueWithPrefix(`obs${process.pid}-${name}`);
  const bus = new KafkaEventBus({
    brokers: kafka.brokers,
    clientId: 'observability-test',
    topics,
    settings,
    retryBackoffMs: 10,
    logger: silent,
    consumerTiming: { heartbeatInterval: 300, sessionTimeout: 6_000, maxWaitTimeInMs: 200 },
  });
  buses.push(bus);
  await bus.start();
  return { bus, topics };
}

describe('observability on Kafka', () => {
  it('handles a record inside a consumer span whose parent is the publish span', async () => {
    const { bus, topics } = await startBus('trace');
    const seen: string[] = [];
    await bus.subscribe({
      groupId: 'trace-consumer',
      topics: [topics.marketBars],
      handler: () => void seen.push(trace.getActiveSpan()?.spanContext().traceId ?? 'none'),
    });
    const request = trace.getTracer('test').startSpan('request');
    await context.with(trace.setSpan(context.active(), request), () =>
      bus.publish(topics.marketBars, bar('BTC-USDT', 1)),
    );
    request.end();
    const traceId = request.spanContext().traceId;
    await eventually(() => (seen.length === 1 ? true : undefined), 'the record handled');
    expect(seen).toEqual([traceId]);

    const spans = await eventually(() => {
      const inTrace = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
      return inTrace.length === 3 ? inTrace : undefined;
    }, 'request, publish and process spans');
    const publish = spans.find((s) => s.kind === SpanKind.PRODUCER)!;
    const processing = spans.find((s) => s.kind === SpanKind.CONSUMER)!;
    expect(publish.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
    expect(processing.parentSpanContext?.spanId).toBe(publish.spanContext().spanId);
    expect(processing.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.destination.name': topics.marketBars.name,
      'messaging.consumer.group.name': 'trace-consumer',
    });
  });

  it('reports the records a group has not committed as its lag, and 0 once it caught up', async () => {
    const { bus, topics } = await startBus('lag');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let handled = 0;
    await bus.subscribe({
      groupId: 'slow-consumer',
      topics: [topics.marketBars],
      handler: async () => {
        await gate;
        handled++;
      },
    });
    for (const ts of [1, 2, 3]) await bus.publish(topics.marketBars, bar('BTC-USDT', ts));
    expect(await bus.consumerLag(['slow-consumer'])).toEqual([
      { groupId: 'slow-consumer', topic: topics.marketBars.name, messages: 3 },
    ]);
    expect(await bus.consumerLag(['a-group-this-bus-does-not-run'])).toEqual([]);

    release();
    await eventually(() => (handled === 3 ? true : undefined), 'three records handled');
    await eventually(
      async () => ((await bus.consumerLag(['slow-consumer']))[0]?.messages === 0 ? true : undefined),
      'lag 0 after the commit',
    );
  });
});
