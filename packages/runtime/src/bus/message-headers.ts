/**
 * Header names the bus writes. Everything else in a record's headers (W3C `traceparent`,
 * `tracestate`, `baggage`, your own) is carried through untouched, also into dead-letter topics.
 */
export const BUS_HEADERS = {
  /** Unique id of the message; consumers deduplicate by it. */
  messageId: 'message-id',
  /** `<type>@v<version>`, e.g. `order.submit@v1`: readable without parsing the value. */
  messageType: 'message-type',
} as const;

/** Headers added to a dead-lettered record; its value, key and other headers are the original ones. */
export const DEAD_LETTER_HEADERS = {
  /** One line: why the message could not be processed. */
  reason: 'dlq-reason',
  /** `malformed` (not JSON, failed its schema, unknown type or version), `wrong-topic`, or `handler-failed`. */
  kind: 'dlq-kind',
  sourceTopic: 'dlq-source-topic',
  sourcePartition: 'dlq-source-partition',
  sourceOffset: 'dlq-source-offset',
  /** The consumer group that gave up on it. */
  consumerGroup: 'dlq-consumer-group',
  /** Handler attempts made (0 when the message never reached a handler). */
  attempts: 'dlq-attempts',
  /** ISO-8601 time of dead-lettering. */
  failedAt: 'dlq-failed-at',
} as const;

export type DeadLetterKind = 'malformed' | 'wrong-topic' | 'handler-failed';
