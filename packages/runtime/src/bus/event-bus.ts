import type { Message } from '@tradeforge/core';
import type { ProbeResult } from '../health/readiness-probes.js';
import type { TopicCatalogue, TopicSpec } from './topic-catalogue.js';

/** Message headers: plain strings, so W3C trace context (`traceparent`, `tracestate`) travels as is. */
export type MessageHeaders = Readonly<Record<string, string>>;

/** A topic by name (`tradeforge.orders.commands`) or by its catalogue entry (`PLATFORM_TOPICS.orderCommands`). */
export type TopicRef = string | TopicSpec;

export interface PublishOptions {
  /** Partition key. @default the value of the topic's key field in the message */
  readonly key?: string;
  /** Extra headers, e.g. `traceparent`; the active OpenTelemetry context is added when absent. */
  readonly headers?: MessageHeaders;
  /**
   * Unique id of this message: consumers process one id once. Pass a stable id (an outbox row
   * id) when the same fact may be published again.
   * @default a random UUID
   */
  readonly messageId?: string;
}

export interface PublishedMessage {
  readonly topic: string;
  readonly messageId: string;
  readonly key: string | undefined;
}

/** One message as a handler receives it: validated, typed, delivered once per consumer group. */
export interface DeliveredMessage<T extends Message = Message> {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | undefined;
  readonly messageId: string;
  readonly headers: MessageHeaders;
  readonly message: T;
  /** 1 on the first delivery to the handler; higher when a throwing handler is retried. */
  readonly attempt: number;
}

export type MessageHandler = (delivery: DeliveredMessage) => Promise<void> | void;

export interface SubscribeOptions {
  /**
   * Consumer group: each message of the topics goes to one member of the group; every group
   * gets every message. Name it after the service (`risk`), not the process.
   */
  readonly groupId: string;
  readonly topics: readonly TopicRef[];
  readonly handler: MessageHandler;
  /**
   * Deliveries to a throwing handler before the message is dead-lettered.
   * @default the config's `bus.maxDeliveryAttempts`
   */
  readonly maxAttempts?: number;
  /**
   * Where a group with no committed position starts: the oldest retained message, or only
   * messages published after it joined.
   * @default 'earliest'
   */
  readonly startFrom?: 'earliest' | 'latest';
}

export interface Subscription {
  readonly groupId: string;
  readonly topics: readonly string[];
  /** Leaves the group after the message in progress; the group's other members take over. */
  stop(): Promise<void>;
}

/** How far a consumer group is behind on one topic. */
export interface ConsumerLag {
  readonly groupId: string;
  readonly topic: string;
  /** Records on the topic the group has not processed yet, over all partitions. */
  readonly messages: number;
}

/** A record as stored on a topic, before validation: what dead-letter tools read and replay. */
export interface RawRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | undefined;
  /** The message as sent, normally JSON; `undefined` for a record without a value. */
  readonly value: string | undefined;
  readonly headers: MessageHeaders;
  /** Milliseconds since the epoch, when the record was appended. */
  readonly timestamp: number;
}

export interface RawSubscribeOptions {
  readonly groupId: string;
  /** Any topic names, dead-letter topics included. */
  readonly topics: readonly string[];
  readonly handler: (record: RawRecord) => Promise<void> | void;
  /** @default 'earliest' */
  readonly startFrom?: 'earliest' | 'latest';
}

/**
 * The platform's message bus. Services publish and subscribe through this interface only, so the
 * in-memory bus (one process) and Kafka (distributed) are interchangeable, and another Kafka
 * client is one more implementation of it.
 *
 * Guarantees of both implementations: messages are validated against the core contracts on
 * publish (an invalid one throws `InvalidMessageError`) and on consume; per key (partition)
 * delivery is in publish order; each consumer group processes a message id once; a message that
 * is malformed, of a type its topic does not carry, or whose handler keeps throwing goes to the
 * topic's dead-letter topic with the reason in its headers, and the consumer carries on.
 */
export interface EventBus {
  readonly kind: 'in-memory' | 'kafka';
  readonly topics: TopicCatalogue;
  /** Connects (Kafka: creates missing topics with the configured partitions) and starts subscriptions. */
  start(): Promise<void>;
  /** Stops every subscription after its message in progress, then disconnects. */
  stop(): Promise<void>;
  publish(topic: TopicRef, message: Message, options?: PublishOptions): Promise<PublishedMessage>;
  /** Resolves once the subscription consumes (at once when the bus has not started: it begins on start). */
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /** Reads records without validation or deduplication: for dead-letter topics and tools. */
  subscribeRaw(options: RawSubscribeOptions): Promise<Subscription>;
  /** Readiness: can this bus publish and consume right now? */
  probe(): Promise<ProbeResult>;
  /** Lag of the given consumer groups (those this bus consumes for), per topic: the `/metrics` gauge. */
  consumerLag?(groupIds: readonly string[]): Promise<ConsumerLag[]>;
}

/** A message that does not satisfy its contract, or does not belong on the topic: refused on publish. */
export class InvalidMessageError extends Error {
  constructor(
    readonly topic: string,
    readonly reason: string,
  ) {
    super(`refusing to publish to ${topic}: ${reason}`);
    this.name = 'InvalidMessageError';
  }
}

/** A topic name that is not in the catalogue (a typo, or a catalogue from another config). */
export class UnknownTopicError extends Error {
  constructor(
    readonly topic: string,
    known: readonly string[],
  ) {
    super(`unknown topic "${topic}"; the catalogue has ${known.join(', ')}`);
    this.name = 'UnknownTopicError';
  }
}

/** Publishing or subscribing on a bus that was not started, or was stopped. */
export class BusNotRunningError extends Error {
  constructor(what: string, state: 'not started' | 'stopped') {
    super(`cannot ${what}: the event bus is ${state}${state === 'not started' ? '; call start() first' : ''}`);
    this.name = 'BusNotRunningError';
  }
}
