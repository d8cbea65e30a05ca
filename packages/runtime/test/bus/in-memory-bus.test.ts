import { contracts } from '@tradeforge/core';
import { afterEach, describe, expect, it } from 'vitest';
import { BusNotRunningError, InvalidMessageError, UnknownTopicError } from '../../src/bus/event-bus.js';
import type { DeliveredMessage, MessageHandler } from '../../src/bus/event-bus.js';
import { InMemoryEventBus } from '../../src/bus/in-memory-event-bus.js';
import type { InMemoryEventBusOptions } from '../../src/bus/in-memory-event-bus.js';
import { DEAD_LETTER_HEADERS } from '../../src/bus/message-headers.js';
import { partitionForKey } from '../../src/bus/partitioner.js';
import { InMemoryProcessedMessageStore } from '../../src/bus/processed-message-store.js';
import { PLATFORM_TOPICS } from '../../src/generated/platform-topics.js';
import { bar, eventually, recorder, settings, silent, submitOrder } from './bus-fixtures.js';

const { marketBars, orderCommands, tradingState } = PLATFORM_TOPICS;
let bus: InMemoryEventBus;

async function startBus(options: Partial<InMemoryEventBusOptions> = {}): Promise<InMemoryEventBus> {
  bus = new InMemoryEventBus({ topics: PLATFORM_TOPICS, settings, retryBackoffMs: 1, logger: silent, ...options });
  await bus.start();
  return bus;
}

afterEach(async () => bus?.stop());

describe('in-memory bus: delivery', () => {
  it('delivers after publish returns, never inside it', async () => {
    await startBus();
    const seen = recorder();
    await bus.subscribe({ groupId: 'strategy', topics: [marketBars], handler: seen.handler });
    await bus.publish(marketBars, bar('BTC-USDT', 1));
    expect(seen.deliveries).toHaveLength(0);
    await eventually(() => seen.deliveries.length === 1, 'the bar is delivered');
    expect(seen.deliveries[0]).toMatchObject({
      topic: marketBars.name,
      key: 'BTC-USDT',
      partition: partitionForKey('BTC-USDT', marketBars.partitions),
      offset: '0',
      attempt: 1,
      message: bar('BTC-USDT', 1),
    });
  });

  it('keeps per-key order and puts a key on the partition Kafka would', async () => {
    await startBus();
    const seen = recorder();
    await bus.subscribe({ groupId: 'strategy', topics: [marketBars], handler: seen.handler });
    const instruments = ['BTC-USDT', 'ETH-USDT', 'SOL-USDT', 'AAPL', '005930'];
    for (let ts = 1; ts <= 40; ts++) for (const id of instruments) await bus.publish(marketBars, bar(id, ts));
    await eventually(() => seen.deliveries.length === 200, 'all 200 bars arrive');
    for (const id of instruments) {
      const mine = seen.deliveries.filter((d) => d.key === id);
      expect(mine.map((d) => (d.message as { ts: number }).ts)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      expect(new Set(mine.map((d) => d.partition))).toEqual(new Set([partitionForKey(id, marketBars.partitions)]));
    }
  });

  it('gives every group every message, and splits partitions between the members of one group', async () => {
    await startBus();
    const portfolio = recorder();
    const [riskA, riskB] = [recorder(), recorder()];
    await bus.subscribe({ groupId: 'portfolio', topics: [marketBars], handler: portfolio.handler });
    await bus.subscribe({ groupId: 'risk', topics: [marketBars], handler: riskA.handler });
    await bus.subscribe({ groupId: 'risk', topics: [marketBars], handler: riskB.handler });
    const ids = Array.from({ length: 30 }, (_, i) => `INST-${i}`);
    for (const id of ids) await bus.publish(marketBars, bar(id, 1));
    await eventually(() => portfolio.deliveries.length === 30, 'portfolio sees all 30');
    await eventually(() => riskA.deliveries.length + riskB.deliveries.length === 30, 'risk sees all 30');
    expect(riskA.deliveries.length).toBeGreaterThan(0);
    expect(riskB.deliveries.length).toBeGreaterThan(0);
    const partitionsOf = (r: { deliveries: DeliveredMessage[] }) => new Set(r.deliveries.map((d) => d.partition));
    expect([...partitionsOf(riskA)].filter((p) => partitionsOf(riskB).has(p))).toEqual([]);
  });

  it("hands a leaving member's partitions to the rest of its group without losing a message", async () => {
    await startBus();
    const [first, second] = [recorder(), recorder()];
    const leaving = await bus.subscribe({ groupId: 'order', topics: [orderCommands], handler: first.handler });
    await bus.subscribe({ groupId: 'order', topics: [orderCommands], handler: second.handler });
    await leaving.stop();
    for (let i = 0; i < 20; i++) await bus.publish(orderCommands, submitOrder(`o-${i}`));
    await eventually(() => second.deliveries.length === 20, 'the remaining member gets all 20');
    expect(first.deliveries).toHaveLength(0);
  });

  it('starts a new group at the oldest retained message, or at the end when asked', async () => {
    await startBus();
    await bus.publish(tradingState, {
      type: 'risk.trading-state',
      version: 1,
      state: 'HALTED',
      reason: 'kill switch',
      ts: 1,
    });
    const [fromStart, fromNow] = [recorder(), recorder()];
    await bus.subscribe({ groupId: 'late-joiner', topics: [tradingState], handler: fromStart.handler });
    await bus.subscribe({
      groupId: 'live-only',
      topics: [tradingState],
      handler: fromNow.handler,
      startFrom: 'latest',
    });
    await bus.publish(tradingState, {
      type: 'risk.trading-state',
      version: 1,
      state: 'ACTIVE',
      reason: 'resumed',
      ts: 2,
    });
    await eventually(
      () => fromStart.deliveries.length === 2 && fromNow.deliveries.length === 1,
      'both groups caught up',
    );
    expect(fromNow.messages).toMatchObject([{ state: 'ACTIVE' }]);
  });

  it('starts consuming on start() when subscribed before it', async () => {
    bus = new InMemoryEventBus({ topics: PLATFORM_TOPICS, settings });
    const seen = recorder();
    await bus.subscribe({ groupId: 'g', topics: [marketBars], handler: seen.handler });
    await expect(bus.publish(marketBars, bar('X', 1))).rejects.toThrow(BusNotRunningError);
    await bus.start();
    await bus.publish(marketBars, bar('X', 1));
    await eventually(() => seen.deliveries.length === 1, 'delivered after start');
  });

  it('lets the message in progress finish on stop, then refuses to publish', async () => {
    await startBus();
    let release!: () => void;
    const finished: string[] = [];
    await bus.subscribe({
      groupId: 'slow',
      topics: [orderCommands],
      handler: async (d) => {
        await new Promise<void>((resolve) => (release = resolve));
        finished.push(d.messageId);
      },
    });
    const { messageId } = await bus.publish(orderCommands, submitOrder('o-1'));
    await eventually(() => release !== undefined, 'the handler started');
    const stopping = bus.stop();
    release();
    await stopping;
    expect(finished).toEqual([messageId]);
    await expect(bus.publish(orderCommands, submitOrder('o-2'))).rejects.toThrow(
      'cannot publish: the event bus is stopped',
    );
  });
});

describe('in-memory bus: validation at the boundary', () => {
  it('refuses to publish a message that breaks its contract, with the reason', async () => {
    await startBus();
    const noPrice = { ...submitOrder('o-1'), price: undefined };
    await expect(bus.publish(orderCommands, noPrice)).rejects.toThrow(
      new InvalidMessageError(orderCommands.name, 'price: LIMIT order needs a price'),
    );
  });

  it('refuses a message type the topic does not carry, and a topic outside the catalogue', async () => {
    await startBus();
    await expect(bus.publish(marketBars, submitOrder('o-1'))).rejects.toThrow(
      `refusing to publish to tradeforge.market.bars: order.submit does not belong on this topic; it carries market.bar`,
    );
    await expect(bus.publish('tradeforge.orders', submitOrder('o-1'))).rejects.toThrow(UnknownTopicError);
  });

  it('dead-letters malformed records with the reason and keeps consuming', async () => {
    await startBus();
    const seen = recorder();
    await bus.subscribe({ groupId: 'order', topics: [orderCommands], handler: seen.handler });
    const bad = [
      ['{"type": "order.submit", ', 'value is not JSON: SyntaxError'],
      [JSON.stringify({ ...submitOrder('o-1'), quantity: -1 }), 'quantity: Too small'],
      [JSON.stringify({ type: 'order.teleport', version: 1 }), 'unknown message type "order.teleport"'],
      [JSON.stringify({ ...submitOrder('o-1'), version: 2 }), 'unsupported version 2 for order.submit'],
    ] as const;
    for (const [value] of bad) bus.appendRaw(orderCommands.name, { key: 'o-1', value, headers: { traceparent: 'tp' } });
    bus.appendRaw(orderCommands.name, { key: 'o-1', value: JSON.stringify(bar('X', 1)) });
    await bus.publish(orderCommands, submitOrder('o-2'));

    await eventually(() => seen.deliveries.length === 1, 'the valid command after the bad ones arrives');
    expect(seen.messages).toMatchObject([{ clientOrderId: 'o-2' }]);
    await eventually(() => bus.records(orderCommands.deadLetterTopic).length === 5, 'five dead letters');
    const dead = bus.records(orderCommands.deadLetterTopic);
    bad.forEach(([value, reason], i) => {
      expect(dead[i]!.value).toBe(value);
      expect(dead[i]!.headers[DEAD_LETTER_HEADERS.reason]).toContain(reason);
      expect(dead[i]!.headers).toMatchObject({
        [DEAD_LETTER_HEADERS.kind]: 'malformed',
        [DEAD_LETTER_HEADERS.sourceTopic]: orderCommands.name,
        [DEAD_LETTER_HEADERS.consumerGroup]: 'order',
        [DEAD_LETTER_HEADERS.attempts]: '0',
        traceparent: 'tp',
      });
    });
    expect(dead[4]!.headers).toMatchObject({
      [DEAD_LETTER_HEADERS.kind]: 'wrong-topic',
      [DEAD_LETTER_HEADERS.reason]: `market.bar does not belong on ${orderCommands.name}; it carries order.submit, order.cancel`,
    });
  });
});

describe('in-memory bus: failing handlers and duplicates', () => {
  it('retries a throwing handler, then dead-letters the message and goes on to the next', async () => {
    await startBus();
    const attempts: number[] = [];
    const done: string[] = [];
    const handler: MessageHandler = (d) => {
      const id = (d.message as { clientOrderId: string }).clientOrderId;
      if (id === 'poison') {
        attempts.push(d.attempt);
        throw new Error('venue adapter exploded');
      }
      done.push(id);
    };
    await bus.subscribe({ groupId: 'order', topics: [orderCommands], handler });
    await bus.publish(orderCommands, submitOrder('poison'), { headers: { traceparent: '00-abc-def-01' } });
    await bus.publish(orderCommands, submitOrder('poison-2'));
    await eventually(() => done.length === 1, 'the next message is processed');
    expect(attempts).toEqual([1, 2, 3]);
    const [dead] = bus.records(orderCommands.deadLetterTopic);
    expect(dead!.headers).toMatchObject({
      [DEAD_LETTER_HEADERS.kind]: 'handler-failed',
      [DEAD_LETTER_HEADERS.reason]: 'handler failed 3 times: Error: venue adapter exploded',
      [DEAD_LETTER_HEADERS.attempts]: '3',
      traceparent: '00-abc-def-01',
    });
    expect(JSON.parse(dead!.value!)).toMatchObject({ clientOrderId: 'poison' });
  });

  it('delivers again after a transient failure, marking the attempt', async () => {
    await startBus();
    const seen: DeliveredMessage[] = [];
    await bus.subscribe({
      groupId: 'order',
      topics: [orderCommands],
      handler: (d) => {
        seen.push(d);
        if (d.attempt === 1) throw new Error('database busy');
      },
    });
    await bus.publish(orderCommands, submitOrder('o-1'));
    await eventually(() => seen.length === 2, 'second attempt');
    expect(seen.map((d) => d.attempt)).toEqual([1, 2]);
    expect(bus.records(orderCommands.deadLetterTopic)).toEqual([]);
  });

  it('processes a message id once per group, however often it is delivered', async () => {
    const store = new InMemoryProcessedMessageStore(1_000);
    await startBus({ processedStore: store });
    const [order, audit] = [recorder(), recorder()];
    await bus.subscribe({ groupId: 'order', topics: [orderCommands], handler: order.handler });
    await bus.subscribe({ groupId: 'audit', topics: [orderCommands], handler: audit.handler });
    // An outbox relay that crashed after sending, and sent again on restart.
    await bus.publish(orderCommands, submitOrder('o-1'), { messageId: 'outbox-42' });
    await bus.publish(orderCommands, submitOrder('o-1'), { messageId: 'outbox-42' });
    await bus.publish(orderCommands, submitOrder('o-2'), { messageId: 'outbox-43' });
    await eventually(() => order.deliveries.length === 2 && audit.deliveries.length === 2, 'both groups done');
    await new Promise((resolve) => setImmediate(resolve));
    expect(order.deliveries.map((d) => d.messageId)).toEqual(['outbox-42', 'outbox-43']);
    expect(store.size('order')).toBe(2);
  });

  it('carries trace context headers from publisher to handler', async () => {
    await startBus();
    const seen = recorder();
    await bus.subscribe({ groupId: 'risk', topics: [orderCommands], handler: seen.handler });
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    await bus.publish(orderCommands, submitOrder('o-1'), { headers: { traceparent, tracestate: 'tf=1' } });
    await eventually(() => seen.deliveries.length === 1, 'delivered');
    expect(seen.deliveries[0]!.headers).toMatchObject({
      traceparent,
      tracestate: 'tf=1',
      'message-type': 'order.submit@v1',
    });
  });
});

describe('processed-message store', () => {
  it('forgets the oldest ids beyond its capacity, per group', async () => {
    const store = new InMemoryProcessedMessageStore(2);
    for (const id of ['a', 'b', 'c']) await store.add('g', id);
    await store.add('other', 'a');
    expect([await store.has('g', 'a'), await store.has('g', 'b'), await store.has('g', 'c')]).toEqual([
      false,
      true,
      true,
    ]);
    expect(await store.has('other', 'a')).toBe(true);
  });
});

describe('topic catalogue', () => {
  it('gives every message type of the core contracts a topic', () => {
    const carried = new Set(Object.values(PLATFORM_TOPICS).flatMap((t) => t.messageTypes));
    expect(contracts.MESSAGE_TYPES.filter((type) => !carried.has(type))).toEqual([]);
  });
});
