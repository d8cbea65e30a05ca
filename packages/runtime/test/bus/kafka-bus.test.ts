import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { startKafka } from '@tradeforge/test-infra';
import type { RunningKafka } from '@tradeforge/test-infra';
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import type { Producer } from 'kafkajs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MessageHandler, RawRecord } from '../../src/bus/event-bus.js';
import { KafkaEventBus } from '../../src/bus/kafka-event-bus.js';
import { kafkaReadinessProbe } from '../../src/bus/kafka-readiness-probe.js';
import { DEAD_LETTER_HEADERS } from '../../src/bus/message-headers.js';
import { partitionForKey } from '../../src/bus/partitioner.js';
import { loadServiceEnv } from '../../src/config/service-env.js';
import { dependencyProbes } from '../../src/health/readiness-probes.js';
import { PLATFORM_TOPICS } from '../../src/generated/platform-topics.js';
import { bar, catalogueWithPrefix, eventually, recorder, settings, silent, submitOrder } from './bus-fixtures.js';

const run = promisify(execFile);
const REPO_ROOT = path.resolve(import.meta.dirname, '../../../..');
const CLI = 'packages/runtime/src/bus/dead-letter-cli.ts';

// Rebalances finish within a few heartbeats: short ones keep the suite quick.
const FAST_CONSUMERS = { heartbeatInterval: 300, sessionTimeout: 6_000, maxWaitTimeInMs: 500 };

// One real broker for the whole file; every test gets topics of its own (a fresh prefix).
let kafka: RunningKafka;
let rawProducer: Producer;
const buses: KafkaEventBus[] = [];
let testNumber = 0;

beforeAll(async () => {
  // Fails (not skips) when Kafka cannot start: the error says why (no Java, no Maven, …).
  kafka = await startKafka();
  rawProducer = new Kafka({ brokers: kafka.brokers, logLevel: logLevel.NOTHING }).producer({
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await rawProducer.connect();
}, 300_000);

afterAll(async () => {
  await rawProducer?.disconnect();
  await kafka?.stop();
});

afterEach(async () => {
  await Promise.all(buses.splice(0).map((b) => b.stop()));
});

async function startBus() {
  const topics = catalogueWithPrefix(`t${process.pid}-${++testNumber}`);
  const bus = new KafkaEventBus({
    brokers: kafka.brokers,
    clientId: 'bus-test',
    topics,
    settings,
    retryBackoffMs: 10,
    logger: silent,
    consumerTiming: FAST_CONSUMERS,
  });
  buses.push(bus);
  await bus.start();
  return { bus, topics };
}

/** Every record of a dead-letter topic, read with a raw subscription. */
async function deadLetters(bus: KafkaEventBus, topic: string): Promise<RawRecord[]> {
  const records: RawRecord[] = [];
  await bus.subscribeRaw({ groupId: `inspect-${topic}`, topics: [topic], handler: (r) => void records.push(r) });
  return records;
}

describe('kafka bus against a real broker', () => {
  it('creates every topic and dead-letter topic with the configured partitions, and reports ready', async () => {
    const { bus, topics } = await startBus();
    const admin = new Kafka({ brokers: kafka.brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const names = Object.values(topics).flatMap((t) => [t.name, t.deadLetterTopic]);
      const metadata = await admin.fetchTopicMetadata({ topics: names });
      const partitions = Object.fromEntries(metadata.topics.map((t) => [t.name, t.partitions.length]));
      for (const spec of Object.values(topics)) {
        expect(partitions[spec.name], spec.name).toBe(spec.partitions);
        expect(partitions[spec.deadLetterTopic], spec.deadLetterTopic).toBe(spec.partitions);
      }
    } finally {
      await admin.disconnect();
    }
    expect(await bus.probe()).toMatchObject({ status: 'up' });
  });

  it('delivers each key in publish order, on the partition the in-memory bus uses too', async () => {
    const { bus, topics } = await startBus();
    const seen = recorder();
    await bus.subscribe({ groupId: 'strategy', topics: [topics.marketBars], handler: seen.handler });
    const instruments = ['BTC-USDT', 'ETH-USDT', 'SOL-USDT', 'AAPL', '005930'];
    for (let ts = 1; ts <= 20; ts++) {
      await Promise.all(instruments.map((id) => bus.publish(topics.marketBars, bar(id, ts))));
    }
    await eventually(() => seen.deliveries.length === 100, 'all 100 bars arrive');
    for (const id of instruments) {
      const mine = seen.deliveries.filter((d) => d.key === id);
      expect(mine.map((d) => (d.message as { ts: number }).ts)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(new Set(mine.map((d) => d.partition))).toEqual(
        new Set([partitionForKey(id, topics.marketBars.partitions)]),
      );
    }
  });

  it('shares partitions between the members of a group and gives another group everything', async () => {
    const { bus, topics } = await startBus();
    const [riskA, riskB, portfolio] = [recorder(), recorder(), recorder()];
    await Promise.all([
      bus.subscribe({ groupId: 'risk', topics: [topics.fills], handler: riskA.handler }),
      bus.subscribe({ groupId: 'risk', topics: [topics.fills], handler: riskB.handler }),
      bus.subscribe({ groupId: 'portfolio', topics: [topics.fills], handler: portfolio.handler }),
    ]);
    const fill = (instrumentId: string, n: number) => ({
      type: 'order.filled' as const,
      version: 1 as const,
      clientOrderId: `o-${instrumentId}-${n}`,
      strategyId: 's',
      instrumentId,
      ts: n,
      venue: 'paper',
      tradeId: `t-${instrumentId}-${n}`,
      venueOrderId: `v-${n}`,
      side: 'BUY' as const,
      quantity: 1,
      price: 100,
      fee: 0.1,
      liquidity: 'TAKER' as const,
    });
    for (let i = 0; i < 30; i++) await bus.publish(topics.fills, fill(`INST-${i}`, i));
    await eventually(() => portfolio.deliveries.length === 30, 'portfolio sees all 30 fills');
    await eventually(() => riskA.deliveries.length + riskB.deliveries.length === 30, 'risk sees all 30 once');
    const ids = [...riskA.deliveries, ...riskB.deliveries].map((d) => d.messageId);
    expect(new Set(ids).size).toBe(30);
    expect(riskA.deliveries.length * riskB.deliveries.length).toBeGreaterThan(0);
  });

  it('dead-letters malformed records with the reason and keeps consuming', async () => {
    const { bus, topics } = await startBus();
    const seen = recorder();
    await bus.subscribe({ groupId: 'order', topics: [topics.orderCommands], handler: seen.handler });
    const bad = [
      ['not json at all', 'value is not JSON'],
      [JSON.stringify({ ...submitOrder('o-1'), side: 'SIDEWAYS' }), 'side: Invalid option'],
      [JSON.stringify({ type: 'order.teleport', version: 1 }), 'unknown message type "order.teleport"'],
      [JSON.stringify({ ...submitOrder('o-1'), version: 7 }), 'unsupported version 7 for order.submit'],
    ] as const;
    // A foreign producer writing straight to the topic, same key so the records stay in order.
    for (const [value] of bad) {
      await rawProducer.send({
        topic: topics.orderCommands.name,
        messages: [{ key: 'o-1', value, headers: { traceparent: '00-aa-bb-01' } }],
      });
    }
    await bus.publish(topics.orderCommands, submitOrder('o-1'));

    await eventually(() => seen.deliveries.length === 1, 'the valid command after four bad ones arrives');
    const dead = await deadLetters(bus, topics.orderCommands.deadLetterTopic);
    await eventually(() => dead.length === 4, 'four dead letters');
    bad.forEach(([value, reason], i) => {
      expect(dead[i]!.value).toBe(value);
      expect(dead[i]!.key).toBe('o-1');
      expect(dead[i]!.headers[DEAD_LETTER_HEADERS.reason]).toContain(reason);
      expect(dead[i]!.headers).toMatchObject({
        [DEAD_LETTER_HEADERS.kind]: 'malformed',
        [DEAD_LETTER_HEADERS.sourceTopic]: topics.orderCommands.name,
        [DEAD_LETTER_HEADERS.consumerGroup]: 'order',
        traceparent: '00-aa-bb-01',
      });
    });
  });

  it('retries a failing handler, dead-letters the message, and processes the next', async () => {
    const { bus, topics } = await startBus();
    const attempts: number[] = [];
    const done: string[] = [];
    const handler: MessageHandler = (d) => {
      const id = (d.message as { clientOrderId: string }).clientOrderId;
      if (id === 'poison') {
        attempts.push(d.attempt);
        throw new TypeError('cannot read properties of undefined');
      }
      done.push(id);
    };
    await bus.subscribe({ groupId: 'order', topics: [topics.orderCommands], handler });
    // Same partition as the poison message: the next one waits behind it, then goes through.
    await bus.publish(topics.orderCommands, submitOrder('poison'));
    await bus.publish(topics.orderCommands, submitOrder('after'), { key: 'poison' });
    await eventually(() => done.length === 1, 'the message after the poison one is processed');
    expect(attempts).toEqual([1, 2, 3]);
    const dead = await deadLetters(bus, topics.orderCommands.deadLetterTopic);
    await eventually(() => dead.length === 1, 'one dead letter');
    expect(dead[0]!.headers).toMatchObject({
      [DEAD_LETTER_HEADERS.kind]: 'handler-failed',
      [DEAD_LETTER_HEADERS.reason]: 'handler failed 3 times: TypeError: cannot read properties of undefined',
      [DEAD_LETTER_HEADERS.attempts]: '3',
    });
  });

  it('processes a redelivered message once and keeps trace headers end to end', async () => {
    const { bus, topics } = await startBus();
    const seen = recorder();
    await bus.subscribe({ groupId: 'portfolio', topics: [topics.orderCommands], handler: seen.handler });
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const headers = { traceparent, tracestate: 'tf=1' };
    await bus.publish(topics.orderCommands, submitOrder('o-1'), { messageId: 'outbox-1', headers });
    await bus.publish(topics.orderCommands, submitOrder('o-1'), { messageId: 'outbox-1', headers });
    await bus.publish(topics.orderCommands, submitOrder('o-1'), { messageId: 'outbox-2', headers });
    await eventually(() => seen.deliveries.some((d) => d.messageId === 'outbox-2'), 'the last message arrives');
    expect(seen.deliveries.map((d) => d.messageId)).toEqual(['outbox-1', 'outbox-2']);
    expect(seen.deliveries[0]!.headers).toMatchObject({ ...headers, 'message-id': 'outbox-1' });
  });
});

describe('dead-letter command line against a real broker', () => {
  const cli = (...args: string[]) =>
    run(path.join(REPO_ROOT, 'node_modules/.bin/tsx'), ['--conditions=source', CLI, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, KAFKA_BROKERS: kafka.brokers.join(',') },
    });

  it('lists dead letters with their reason and replays them to the source topic', async () => {
    // The command works on the generated catalogue (tradeforge.*): this broker has no other user of it.
    const bus = new KafkaEventBus({
      brokers: kafka.brokers,
      clientId: 'cli-test',
      topics: PLATFORM_TOPICS,
      settings: { ...settings, maxDeliveryAttempts: 1 },
      logger: silent,
      consumerTiming: FAST_CONSUMERS,
    });
    buses.push(bus);
    await bus.start();
    let fixed = false;
    const processed: string[] = [];
    await bus.subscribe({
      groupId: 'order',
      topics: [PLATFORM_TOPICS.orderCommands],
      handler: (d) => {
        if (!fixed) throw new Error('risk limits not loaded');
        processed.push(d.messageId);
      },
    });
    const sent = await bus.publish(PLATFORM_TOPICS.orderCommands, submitOrder('o-cli'));
    const dead = await deadLetters(bus, PLATFORM_TOPICS.orderCommands.deadLetterTopic);
    await eventually(() => dead.length === 1, 'dead-lettered');

    const listed = await cli('list', 'orderCommands');
    const [line] = listed.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(line).toMatchObject({
      reason: 'handler failed 1 time: Error: risk limits not loaded',
      sourceTopic: PLATFORM_TOPICS.orderCommands.name,
      messageId: sent.messageId,
      key: 'o-cli',
    });
    expect(listed.stderr).toContain(`1 dead letter(s) in ${PLATFORM_TOPICS.orderCommands.deadLetterTopic}`);

    fixed = true;
    const replayed = await cli('replay', PLATFORM_TOPICS.orderCommands.deadLetterTopic, '--all');
    expect(replayed.stdout).toContain(`to ${PLATFORM_TOPICS.orderCommands.name} as message ${sent.messageId}`);
    await eventually(() => processed.length === 1, 'the replayed command is processed');
    expect(processed).toEqual([sent.messageId]);
  }, 120_000);
});

describe('kafka readiness and partitioning', () => {
  it('probes with a Kafka metadata call: up against the broker, down with the reason otherwise', async () => {
    expect(await kafkaReadinessProbe({ brokers: kafka.brokers })()).toMatchObject({
      status: 'up',
      detail: expect.stringMatching(/^kafka cluster \S+: 1 broker\(s\)/),
    });
    // What /ready uses for the bus in distributed mode.
    const env = loadServiceEnv(
      { platform: 'acme', name: 'risk', role: 'risk', port: 3003, dependsOn: ['bus'] },
      { PLATFORM_MODE: 'distributed', KAFKA_BROKERS: kafka.brokers.join(',') },
    );
    const { bus } = dependencyProbes(
      { platform: 'acme', name: 'risk', role: 'risk', port: 3003, dependsOn: ['bus'] },
      env,
    );
    expect((await bus!()).detail).toMatch(/^kafka cluster /);
    const down = await kafkaReadinessProbe({ brokers: ['127.0.0.1:1'], timeoutMs: 500 })();
    expect(down.status).toBe('down');
    expect(down.detail).toMatch(/^kafka metadata request failed: /);
  });

  it("maps keys to partitions exactly as kafkajs' default partitioner does", () => {
    const partitioner = Partitioners.DefaultPartitioner();
    for (const partitions of [1, 3, 7, 12]) {
      const partitionMetadata = Array.from({ length: partitions }, (_, i) => ({
        partitionId: i,
        leader: 0,
        partitionErrorCode: 0,
        replicas: [0],
        isr: [0],
      }));
      for (const key of ['BTC-USDT', 'o-1', '', '005930', 'ünïcødé', 'a-much-longer-client-order-id-0001']) {
        const expected = partitioner({ topic: 't', partitionMetadata, message: { key, value: null } });
        expect(partitionForKey(key, partitions), `${key} over ${partitions}`).toBe(expected);
      }
    }
  });
});
