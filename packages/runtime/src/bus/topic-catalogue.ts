import type { MessageType } from '@tradeforge/core';

/** Message fields a topic can be keyed by. */
export type TopicKeyField = 'instrumentId' | 'clientOrderId' | 'accountId';

/** One topic of the bus, as generated from the platform config into `generated/platform-topics.ts`. */
export interface TopicSpec {
  /** Full topic name, `<prefix>.<suffix>`. */
  readonly name: string;
  readonly partitions: number;
  /**
   * Field of each message whose value is the partition key, so every message about one
   * instrument, order or account stays in order; `null`: one partition, one global order.
   */
  readonly key: TopicKeyField | null;
  /** Contract types the topic carries; anything else is refused on publish and dead-lettered on consume. */
  readonly messageTypes: readonly MessageType[];
  /** Where messages that cannot be processed go, unchanged, with the reason in headers. */
  readonly deadLetterTopic: string;
}

/** Topics by id (`orderCommands`, `fills`, …). */
export type TopicCatalogue = Readonly<Record<string, TopicSpec>>;

/** Delivery settings from the platform config. */
export interface BusSettings {
  readonly topicPrefix: string;
  /** Deliveries to a throwing handler before the message is dead-lettered. */
  readonly maxDeliveryAttempts: number;
  /** Message ids remembered per consumer group by the in-memory deduplication store. */
  readonly deduplicationWindow: number;
}
