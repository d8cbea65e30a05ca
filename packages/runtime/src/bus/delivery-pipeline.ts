import { parseMessage } from '@tradeforge/core';
import type { Message } from '@tradeforge/core';
import { traceDelivery } from '../observability/bus-tracing.js';
import type { DeliveredMessage, MessageHandler, RawRecord } from './event-bus.js';
import { BUS_HEADERS, DEAD_LETTER_HEADERS } from './message-headers.js';
import type { DeadLetterKind } from './message-headers.js';
import type { ProcessedMessageStore } from './processed-message-store.js';
import type { TopicSpec } from './topic-catalogue.js';

/** Where the bus writes its own diagnostics (a NestJS `ConsoleLogger` fits). */
export interface BusLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const stderrBusLogger: BusLogger = {
  log: (m) => process.stderr.write(`[bus] ${m}\n`),
  warn: (m) => process.stderr.write(`[bus] WARN ${m}\n`),
  error: (m) => process.stderr.write(`[bus] ERROR ${m}\n`),
};

/** What the bus reports about deliveries: hook metrics and logs here. */
export interface BusObserver {
  /** A handler finished a message. */
  delivered?(delivery: DeliveredMessage, groupId: string): void;
  /** A message went to a dead-letter topic. */
  deadLettered?(record: RawRecord, event: DeadLetterEvent): void;
  /** A message id this group already processed arrived again and was skipped. */
  duplicate?(record: RawRecord, groupId: string, messageId: string): void;
  /** A handler threw; it is retried unless this was the last attempt. */
  handlerFailed?(record: RawRecord, groupId: string, attempt: number, error: unknown): void;
}

export interface DeadLetterEvent {
  readonly groupId: string;
  readonly deadLetterTopic: string;
  readonly kind: DeadLetterKind;
  readonly reason: string;
  readonly attempts: number;
}

/** How an adapter writes a dead-lettered record (the original value, key and headers, plus the reason). */
export type DeadLetterWriter = (
  topic: string,
  record: { key: string | undefined; value: string | undefined; headers: Record<string, string> },
) => Promise<void>;

export interface DeliveryPipelineOptions {
  /** The adapter (`kafka`, `in-memory`): named on the consumer spans. */
  readonly system: string;
  readonly groupId: string;
  readonly handler: MessageHandler;
  readonly maxAttempts: number;
  /** Wait before retry n is `retryBackoffMs * 2^(n-1)`, at most 5 s. */
  readonly retryBackoffMs: number;
  readonly store: ProcessedMessageStore;
  readonly writeDeadLetter: DeadLetterWriter;
  readonly observer?: BusObserver;
  /** Every dead letter is logged as a warning with its reason. */
  readonly logger?: BusLogger;
  /** Message ids being processed right now, shared by the bus's pipelines, keyed by group and id. */
  readonly inFlight: Map<string, Promise<void>>;
}

/**
 * What every adapter does with a record it consumed, so the adapters cannot differ in it:
 * skip an id the group already processed; decode and validate against the core contracts and
 * the topic; run the handler (in the publisher's trace context), retrying a throwing handler up
 * to `maxAttempts`; dead-letter whatever cannot be processed, with the reason. Never throws for
 * bad input or a failing handler — only when the dead-letter write itself fails, so the adapter
 * does not commit the offset and the record is delivered again: nothing is lost.
 */
export class DeliveryPipeline {
  constructor(private readonly options: DeliveryPipelineOptions) {}

  async process(record: RawRecord, topic: TopicSpec): Promise<void> {
    const { groupId, inFlight } = this.options;
    const messageId = record.headers[BUS_HEADERS.messageId] ?? `${record.topic}/${record.partition}/${record.offset}`;
    const slot = `${groupId}\u0000${messageId}`;
    // The same id on two partitions at once (published twice with different keys): one at a time.
    for (let running = inFlight.get(slot); running; running = inFlight.get(slot)) await running.catch(() => {});
    const work = this.processOnce(record, topic, messageId);
    inFlight.set(slot, work);
    try {
      await work;
    } finally {
      inFlight.delete(slot);
    }
  }

  private async processOnce(record: RawRecord, topic: TopicSpec, messageId: string): Promise<void> {
    const { groupId, store, observer } = this.options;
    if (await store.has(groupId, messageId)) {
      observer?.duplicate?.(record, groupId, messageId);
      return;
    }
    const decoded = decode(record, topic);
    if (!decoded.ok) return this.deadLetter(record, topic, decoded.kind, decoded.reason, 0);

    const delivery = (attempt: number): DeliveredMessage => ({
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      key: record.key,
      messageId,
      headers: record.headers,
      message: decoded.message,
      attempt,
    });
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.options.maxAttempts; attempt++) {
      try {
        const current = delivery(attempt);
        const facts = { ...record, system: this.options.system, groupId, messageId, attempt };
        await traceDelivery(facts, record.headers, () => this.options.handler(current));
        await store.add(groupId, messageId);
        observer?.delivered?.(current, groupId);
        return;
      } catch (error) {
        lastError = error;
        observer?.handlerFailed?.(record, groupId, attempt, error);
        if (attempt < this.options.maxAttempts)
          await sleep(Math.min(5_000, this.options.retryBackoffMs * 2 ** (attempt - 1)));
      }
    }
    const attempts = this.options.maxAttempts;
    await this.deadLetter(
      record,
      topic,
      'handler-failed',
      `handler failed ${attempts} time${attempts === 1 ? '' : 's'}: ${describe(lastError)}`,
      attempts,
    );
  }

  private async deadLetter(
    record: RawRecord,
    topic: TopicSpec,
    kind: DeadLetterKind,
    reason: string,
    attempts: number,
  ): Promise<void> {
    const { groupId } = this.options;
    await this.options.writeDeadLetter(topic.deadLetterTopic, {
      key: record.key,
      value: record.value,
      headers: {
        ...record.headers,
        [DEAD_LETTER_HEADERS.reason]: reason,
        [DEAD_LETTER_HEADERS.kind]: kind,
        [DEAD_LETTER_HEADERS.sourceTopic]: record.topic,
        [DEAD_LETTER_HEADERS.sourcePartition]: String(record.partition),
        [DEAD_LETTER_HEADERS.sourceOffset]: record.offset,
        [DEAD_LETTER_HEADERS.consumerGroup]: groupId,
        [DEAD_LETTER_HEADERS.attempts]: String(attempts),
        [DEAD_LETTER_HEADERS.failedAt]: new Date().toISOString(),
      },
    });
    this.options.logger?.warn(
      `dead-lettered ${record.topic} partition ${record.partition} offset ${record.offset} ` +
        `(consumer group ${groupId}) to ${topic.deadLetterTopic}: ${reason}`,
    );
    this.options.observer?.deadLettered?.(record, {
      groupId,
      deadLetterTopic: topic.deadLetterTopic,
      kind,
      reason,
      attempts,
    });
  }
}

type Decoded = { ok: true; message: Message } | { ok: false; kind: DeadLetterKind; reason: string };

function decode(record: RawRecord, topic: TopicSpec): Decoded {
  if (record.value === undefined) return { ok: false, kind: 'malformed', reason: 'record has no value' };
  let data: unknown;
  try {
    data = JSON.parse(record.value);
  } catch (error) {
    return { ok: false, kind: 'malformed', reason: `value is not JSON: ${describe(error)}` };
  }
  const parsed = parseMessage(data);
  if (!parsed.ok) return { ok: false, kind: 'malformed', reason: parsed.reason };
  if (!topic.messageTypes.includes(parsed.value.type)) {
    return {
      ok: false,
      kind: 'wrong-topic',
      reason: `${parsed.value.type} does not belong on ${topic.name}; it carries ${topic.messageTypes.join(', ')}`,
    };
  }
  return { ok: true, message: parsed.value };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
