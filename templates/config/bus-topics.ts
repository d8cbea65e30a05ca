/**
 * The platform's event streams: one Kafka topic (or in-memory log) each, named
 * `<bus.topicPrefix>.<suffix>`. The key field is read from each message, so every message about
 * one instrument, order or account lands on the same partition and stays in order; a topic
 * without a key field has one partition and is totally ordered. `messageTypes` are the contract
 * types of `@tradeforge/core` the topic carries; the bus refuses any other type on publish and
 * dead-letters it on consume.
 */
export const BUS_TOPICS = {
  marketBars: {
    suffix: 'market.bars',
    key: 'instrumentId',
    messageTypes: ['market.bar'],
    description: 'OHLCV bars, market-data → strategy, broker (paper fills), portfolio (marks)',
  },
  marketTicks: {
    suffix: 'market.ticks',
    key: 'instrumentId',
    messageTypes: ['market.tick'],
    description: 'Trades and quotes, market-data → strategy, broker',
  },
  orderCommands: {
    suffix: 'orders.commands',
    key: 'clientOrderId',
    messageTypes: ['order.submit', 'order.cancel'],
    description: 'Submit and cancel commands, order (through its outbox) → risk, broker',
  },
  orderEvents: {
    suffix: 'orders.events',
    key: 'clientOrderId',
    messageTypes: [
      'order.initialized',
      'order.denied',
      'order.submitted',
      'order.accepted',
      'order.rejected',
      'order.triggered',
      'order.filled',
      'order.pending-cancel',
      'order.cancel-rejected',
      'order.canceled',
      'order.expired',
      'order.unknown',
    ],
    description: 'Every order state transition, order and broker → order, gateway, strategy, risk',
  },
  riskDecisions: {
    suffix: 'risk.decisions',
    key: 'clientOrderId',
    messageTypes: ['risk.decision'],
    description: 'Approve or deny (with a denial code) per new order, risk → order, broker',
  },
  fills: {
    suffix: 'orders.fills',
    key: 'instrumentId',
    messageTypes: ['order.filled'],
    description: 'Executions, broker → portfolio, gateway, risk',
  },
  positions: {
    suffix: 'portfolio.positions',
    key: 'accountId',
    messageTypes: ['position.snapshot', 'account.snapshot'],
    description: 'Position and account snapshots, portfolio → gateway, risk',
  },
  tradingState: {
    suffix: 'risk.trading-state',
    key: null,
    messageTypes: ['risk.trading-state'],
    description: 'ACTIVE / REDUCING / HALTED, risk → every service (one partition: one global order)',
  },
} as const satisfies Record<string, BusTopicDefinition>;

export interface BusTopicDefinition {
  /** Appended to the topic prefix: `<prefix>.<suffix>`. */
  readonly suffix: string;
  /** Message field whose value is the partition key; `null` for a single-partition topic. */
  readonly key: 'instrumentId' | 'clientOrderId' | 'accountId' | null;
  readonly messageTypes: readonly string[];
  readonly description: string;
}

export type BusTopicId = keyof typeof BUS_TOPICS;
export const BUS_TOPIC_IDS = Object.keys(BUS_TOPICS) as BusTopicId[];

/** Settings of one topic in `bus.topics`. */
export interface BusTopicConfig {
  /**
   * Partitions of this topic (1–256); a topic keyed by nothing (`tradingState`) must have 1.
   * @default `bus.partitions` (1 for `tradingState`)
   */
  readonly partitions?: number;
}
