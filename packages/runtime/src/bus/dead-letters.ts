import type { Message } from '@tradeforge/core';
import type { EventBus, PublishedMessage, RawRecord } from './event-bus.js';
import { BUS_HEADERS, DEAD_LETTER_HEADERS } from './message-headers.js';
import type { TopicSpec } from './topic-catalogue.js';

/** A dead-lettered record with its reason and origin read out of the headers. */
export interface DeadLetter {
  readonly record: RawRecord;
  readonly reason: string;
  readonly kind: string;
  readonly sourceTopic: string;
  readonly sourcePartition: number;
  readonly sourceOffset: string;
  readonly consumerGroup: string;
  readonly attempts: number;
  readonly failedAt: string;
  readonly messageId: string | undefined;
}

export function toDeadLetter(record: RawRecord): DeadLetter {
  const h = record.headers;
  return {
    record,
    reason: h[DEAD_LETTER_HEADERS.reason] ?? '(no reason header)',
    kind: h[DEAD_LETTER_HEADERS.kind] ?? 'unknown',
    sourceTopic: h[DEAD_LETTER_HEADERS.sourceTopic] ?? '',
    sourcePartition: Number(h[DEAD_LETTER_HEADERS.sourcePartition] ?? -1),
    sourceOffset: h[DEAD_LETTER_HEADERS.sourceOffset] ?? '',
    consumerGroup: h[DEAD_LETTER_HEADERS.consumerGroup] ?? '',
    attempts: Number(h[DEAD_LETTER_HEADERS.attempts] ?? 0),
    failedAt: h[DEAD_LETTER_HEADERS.failedAt] ?? '',
    messageId: h[BUS_HEADERS.messageId],
  };
}

export interface ReadDeadLettersOptions {
  /** Stop reading once no record arrived for this long. @default 3_000 */
  readonly idleMs?: number;
  /** @default 1_000 */
  readonly limit?: number;
}

/**
 * Reads a dead-letter topic from its beginning, without consuming it for anyone else (a
 * throwaway consumer group), until it has been quiet for `idleMs` or `limit` records were read.
 */
export async function readDeadLetters(
  bus: EventBus,
  topic: TopicSpec,
  options: ReadDeadLettersOptions = {},
): Promise<DeadLetter[]> {
  const idleMs = options.idleMs ?? 3_000;
  const limit = options.limit ?? 1_000;
  const letters: DeadLetter[] = [];
  let lastArrival = 0;
  const subscription = await bus.subscribeRaw({
    groupId: `dead-letter-reader-${process.pid}-${Date.now()}`,
    topics: [topic.deadLetterTopic],
    handler: (record) => {
      lastArrival = Date.now();
      if (letters.length < limit) letters.push(toDeadLetter(record));
    },
  });
  // Quiet time counts from when the reader consumes (Kafka: joined its group).
  lastArrival = Math.max(lastArrival, Date.now());
  while (Date.now() - lastArrival < idleMs && letters.length < limit) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await subscription.stop();
  return letters.sort(
    (a, b) => a.record.partition - b.record.partition || Number(a.record.offset) - Number(b.record.offset),
  );
}

/**
 * Publishes a dead-lettered message again on its source topic, validated like any publish (a
 * message that is still malformed is refused with the reason and stays in the dead-letter topic).
 * It keeps its message id and trace headers: groups that processed it before skip it, the group
 * that gave up processes it now.
 */
export async function replayDeadLetter(bus: EventBus, letter: DeadLetter): Promise<PublishedMessage> {
  if (letter.record.value === undefined) throw new Error('a record without a value cannot be replayed');
  let message: Message;
  try {
    message = JSON.parse(letter.record.value) as Message;
  } catch (error) {
    throw new Error(`cannot replay: the value is not JSON (${(error as Error).message}); fix the producer instead`, {
      cause: error,
    });
  }
  const headers = Object.fromEntries(
    Object.entries(letter.record.headers).filter(
      ([name]) =>
        !Object.values<string>(DEAD_LETTER_HEADERS).includes(name) &&
        !Object.values<string>(BUS_HEADERS).includes(name),
    ),
  );
  return bus.publish(letter.sourceTopic, message, {
    key: letter.record.key,
    headers,
    messageId: letter.messageId,
  });
}
