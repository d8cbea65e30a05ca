import { afterEach, describe, expect, it } from 'vitest';
import { readDeadLetters, replayDeadLetter } from '../../src/bus/dead-letters.js';
import { InvalidMessageError } from '../../src/bus/event-bus.js';
import { InMemoryEventBus } from '../../src/bus/in-memory-event-bus.js';
import { PLATFORM_TOPICS } from '../../src/generated/platform-topics.js';
import { eventually, settings, submitOrder } from './bus-fixtures.js';

const { orderCommands } = PLATFORM_TOPICS;
let bus: InMemoryEventBus;
afterEach(async () => bus?.stop());

describe('dead letters: inspect and replay', () => {
  it('logs each dead letter, lists it with its reason, and replays it once the handler is fixed', async () => {
    const warnings: string[] = [];
    bus = new InMemoryEventBus({
      topics: PLATFORM_TOPICS,
      settings: { ...settings, maxDeliveryAttempts: 1 },
      logger: { log: () => {}, warn: (m) => void warnings.push(m), error: () => {} },
    });
    await bus.start();
    let fixed = false;
    const processed: string[] = [];
    await bus.subscribe({
      groupId: 'order',
      topics: [orderCommands],
      handler: (d) => {
        if (!fixed) throw new Error('instrument BTC-USDT not loaded');
        processed.push(d.messageId);
      },
    });
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const sent = await bus.publish(orderCommands, submitOrder('o-1'), { headers: { traceparent } });
    await eventually(() => warnings.length === 1, 'the dead letter is logged');
    expect(warnings[0]).toBe(
      `dead-lettered ${orderCommands.name} partition ${bus.records(orderCommands.name)[0]!.partition} offset 0 ` +
        `(consumer group order) to ${orderCommands.deadLetterTopic}: handler failed 1 time: Error: instrument BTC-USDT not loaded`,
    );

    const [letter, ...others] = await readDeadLetters(bus, orderCommands, { idleMs: 200 });
    expect(others).toEqual([]);
    expect(letter).toMatchObject({
      kind: 'handler-failed',
      sourceTopic: orderCommands.name,
      consumerGroup: 'order',
      attempts: 1,
      messageId: sent.messageId,
    });

    fixed = true;
    const replayed = await replayDeadLetter(bus, letter!);
    expect(replayed.messageId).toBe(sent.messageId);
    await eventually(() => processed.length === 1, 'the replayed command is processed');
    const again = bus.records(orderCommands.name)[1]!;
    expect(again.headers).toMatchObject({ traceparent, 'message-id': sent.messageId });
    expect(Object.keys(again.headers).filter((h) => h.startsWith('dlq-'))).toEqual([]);
  });

  it('refuses to replay a message that is still malformed, leaving it in the dead-letter topic', async () => {
    bus = new InMemoryEventBus({ topics: PLATFORM_TOPICS, settings, logger: { log() {}, warn() {}, error() {} } });
    await bus.start();
    await bus.subscribe({ groupId: 'order', topics: [orderCommands], handler: () => {} });
    bus.appendRaw(orderCommands.name, { key: 'o-1', value: JSON.stringify({ ...submitOrder('o-1'), quantity: 0 }) });
    await eventually(() => bus.records(orderCommands.deadLetterTopic).length === 1, 'dead-lettered');
    const [letter] = await readDeadLetters(bus, orderCommands, { idleMs: 200 });
    await expect(replayDeadLetter(bus, letter!)).rejects.toThrow(InvalidMessageError);
    expect(bus.records(orderCommands.deadLetterTopic)).toHaveLength(1);
  });
});
