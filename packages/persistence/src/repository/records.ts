/**
 * What the repositories read and write: plain data in the units of `@tradeforge/core` (numbers
 * for quantities and prices, epoch milliseconds for times). Quantities and prices are stored as
 * DECIMAL(38,18): Prisma writes a number with its shortest decimal form up to 15 significant
 * digits, so float noise such as 0.1 + 0.2 = 0.30000000000000004 is stored, and read, as 0.3.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A message to publish once the transaction that writes it commits (an outbox row). */
export interface OutboxMessageInput {
  readonly topic: string;
  /** Partition key: messages with one key are published in the order they were written. */
  readonly key: string;
  readonly message: JsonValue;
  readonly headers?: Readonly<Record<string, string>>;
  /** The id consumers deduplicate by. @default a random UUID */
  readonly messageId?: string;
}

export interface NewOrder {
  readonly clientOrderId: string;
  readonly accountId: string;
  readonly strategyId: string;
  readonly instrumentId: string;
  readonly venue: string;
  readonly side: string;
  readonly orderType: string;
  readonly timeInForce: string;
  readonly quantity: number;
  readonly price?: number;
  readonly triggerPrice?: number;
  readonly status: string;
  readonly createdAt: number;
}

export interface OrderRecord extends NewOrder {
  readonly filledQuantity: number;
  readonly averagePrice?: number;
  readonly venueOrderId?: string;
  /** Events applied so far; name it as `expectedVersion` in the next transition. */
  readonly version: number;
  readonly updatedAt: number;
}

/** What a transition may change on an order. */
export interface OrderChanges {
  readonly status?: string;
  readonly filledQuantity?: number;
  readonly averagePrice?: number;
  readonly venueOrderId?: string;
}

export interface OrderEventInput {
  /** Unique; a re-delivered event with a known id is refused by the database. */
  readonly eventId: string;
  readonly type: string;
  readonly payload: JsonValue;
  readonly occurredAt: number;
}

export interface OrderEventRecord extends OrderEventInput {
  readonly clientOrderId: string;
  /** The order's version after this event. */
  readonly version: number;
  /** Global append order. */
  readonly sequence: bigint;
}

export interface FillInput {
  readonly venue: string;
  readonly tradeId: string;
  readonly clientOrderId: string;
  readonly accountId: string;
  readonly instrumentId: string;
  readonly side: string;
  readonly quantity: number;
  readonly price: number;
  readonly fee?: number;
  readonly feeCurrency?: string;
  readonly occurredAt: number;
}

export interface FillRecord extends FillInput {
  readonly id: string;
  readonly fee: number;
}

export interface PositionRecord {
  readonly accountId: string;
  readonly instrumentId: string;
  /** Signed: negative is short. */
  readonly quantity: number;
  readonly averagePrice: number;
  readonly realizedPnl: number;
  readonly updatedAt: number;
}

export type TradingStateValue = 'ACTIVE' | 'REDUCING' | 'HALTED';

export interface TradingStateRecord {
  /** "global" or an account id. */
  readonly scope: string;
  readonly state: TradingStateValue;
  readonly reason?: string;
  readonly changedBy: string;
  readonly updatedAt: number;
}

export interface AuditEntryInput {
  readonly actor: string;
  readonly action: string;
  readonly subjectType: string;
  readonly subjectId: string;
  readonly details?: JsonValue;
}

export interface AuditEntryRecord extends Required<AuditEntryInput> {
  readonly id: bigint;
  readonly occurredAt: number;
}

export interface InstrumentRecord {
  readonly id: string;
  readonly symbol: string;
  readonly venue: string;
  readonly quoteCurrency: string;
  readonly tickSize: number;
  readonly lotSize: number;
  readonly minQuantity: number;
  readonly minNotional: number;
}

export interface AccountRecord {
  readonly id: string;
  readonly name: string;
  readonly baseCurrency: string;
}
