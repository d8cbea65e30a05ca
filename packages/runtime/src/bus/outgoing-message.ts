import { randomUUID } from 'node:crypto';
import { context, propagation } from '@opentelemetry/api';
import { parseMessage } from '@tradeforge/core';
import type { Message } from '@tradeforge/core';
import { InvalidMessageError, UnknownTopicError } from './event-bus.js';
import type { MessageHeaders, PublishOptions, TopicRef } from './event-bus.js';
import { BUS_HEADERS } from './message-headers.js';
import type { TopicCatalogue, TopicSpec } from './topic-catalogue.js';

/** A validated message ready for any adapter to write. */
export interface OutgoingRecord {
  readonly topic: TopicSpec;
  readonly key: string | undefined;
  readonly value: string;
  readonly headers: Record<string, string>;
  readonly messageId: string;
}

/** Finds topics of a catalogue by name or spec; a name outside the catalogue is an error. */
export class TopicDirectory {
  private readonly byName: ReadonlyMap<string, TopicSpec>;

  constructor(readonly catalogue: TopicCatalogue) {
    this.byName = new Map(Object.values(catalogue).map((spec) => [spec.name, spec]));
  }

  get(ref: TopicRef): TopicSpec {
    const name = typeof ref === 'string' ? ref : ref.name;
    const spec = this.byName.get(name);
    if (spec === undefined) throw new UnknownTopicError(name, [...this.byName.keys()]);
    return spec;
  }

  all(): TopicSpec[] {
    return [...this.byName.values()];
  }
}

/**
 * Validates `message` against its contract and the topic, and encodes it: JSON value, key from
 * the topic's key field, headers with the message id, its type and the active trace context.
 * Throws `InvalidMessageError` with the reason: nothing malformed leaves this process.
 */
export function encodeOutgoing(topic: TopicSpec, message: Message, options: PublishOptions = {}): OutgoingRecord {
  const parsed = parseMessage(message);
  if (!parsed.ok) throw new InvalidMessageError(topic.name, parsed.reason);
  const value = parsed.value;
  if (!topic.messageTypes.includes(value.type)) {
    throw new InvalidMessageError(
      topic.name,
      `${value.type} does not belong on this topic; it carries ${topic.messageTypes.join(', ')}`,
    );
  }
  const key = options.key ?? keyOf(topic, value);
  const messageId = options.messageId ?? randomUUID();
  const headers: Record<string, string> = {};
  // The caller's trace headers win; otherwise the active OpenTelemetry context (a no-op without an SDK).
  propagation.inject(context.active(), headers);
  Object.assign(headers, options.headers);
  headers[BUS_HEADERS.messageId] = messageId;
  headers[BUS_HEADERS.messageType] = `${value.type}@v${value.version}`;
  return { topic, key, value: JSON.stringify(value), headers, messageId };
}

function keyOf(topic: TopicSpec, message: Message): string | undefined {
  if (topic.key === null) return undefined;
  const key = (message as unknown as Record<string, unknown>)[topic.key];
  if (typeof key !== 'string' || key === '') {
    throw new InvalidMessageError(topic.name, `${message.type} has no ${topic.key}, the key of this topic`);
  }
  return key;
}

/** Header values as strings, whatever the client handed over (Kafka: Buffers, arrays). */
export function headersToStrings(headers: Record<string, unknown> | undefined): MessageHeaders {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first === undefined || first === null) continue;
    out[name] = Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
  }
  return out;
}
