import { Kafka, logLevel } from 'kafkajs';
import type { Consumer } from 'kafkajs';
import { inject } from 'vitest';

/** A message as it was on the topic: the parsed JSON value and its headers. */
export interface TopicRecord {
  readonly topic: string;
  readonly key: string | undefined;
  readonly value: { type: string; clientOrderId?: string; [field: string]: unknown };
  readonly messageId: string | undefined;
}

/**
 * Reads platform topics from the beginning with kafkajs, as an outside consumer on the host
 * would (Kafka's host listener), into memory for the suites to inspect.
 */
export class TopicReader {
  readonly records: TopicRecord[] = [];

  private constructor(private readonly consumer: Consumer) {}

  static async start(topics: readonly string[]): Promise<TopicReader> {
    const kafka = new Kafka({
      clientId: 'integration-suite',
      brokers: [inject('integrationStack').kafkaBrokers],
      logLevel: logLevel.NOTHING,
    });
    const consumer = kafka.consumer({
      groupId: `integration-suite-${Date.now()}-${Math.random().toString(36).slice(2)}`,
    });
    const reader = new TopicReader(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        reader.records.push({
          topic,
          key: message.key?.toString(),
          value: JSON.parse(message.value?.toString() ?? 'null') as TopicRecord['value'],
          messageId: message.headers?.['message-id']?.toString(),
        });
      },
    });
    return reader;
  }

  /** Records about one order (by the message's clientOrderId), in arrival order. */
  forOrder(clientOrderId: string): TopicRecord[] {
    return this.records.filter((r) => r.value?.clientOrderId === clientOrderId);
  }

  /** Resolves once `done` holds for the records read so far; throws after `timeoutMs`. */
  async waitFor(done: (records: readonly TopicRecord[]) => boolean, what: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done(this.records)) {
      if (Date.now() > deadline) throw new Error(`Kafka: ${what} not seen within ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  stop(): Promise<void> {
    return this.consumer.disconnect();
  }
}
