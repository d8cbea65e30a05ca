import type { Prisma } from '../generated/prisma/client.js';
import type {
  AuditEntryRecord,
  FillRecord,
  JsonValue,
  OrderEventRecord,
  OrderRecord,
  PositionRecord,
  TradingStateRecord,
  TradingStateValue,
} from './records.js';

type Row<M extends Prisma.ModelName> = Prisma.TypeMap['model'][M]['payload']['scalars'];

const num = (value: Prisma.Decimal): number => Number(value.toString());
const optionalNum = (value: Prisma.Decimal | null): number | undefined => (value === null ? undefined : num(value));
const optional = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

export function toOrderRecord(row: Row<'Order'>): OrderRecord {
  return withoutUndefined({
    clientOrderId: row.clientOrderId,
    accountId: row.accountId,
    strategyId: row.strategyId,
    instrumentId: row.instrumentId,
    venue: row.venue,
    side: row.side,
    orderType: row.orderType,
    timeInForce: row.timeInForce,
    quantity: num(row.quantity),
    price: optionalNum(row.price),
    triggerPrice: optionalNum(row.triggerPrice),
    status: row.status,
    filledQuantity: num(row.filledQuantity),
    averagePrice: optionalNum(row.averagePrice),
    venueOrderId: optional(row.venueOrderId),
    version: row.version,
    createdAt: row.createdAt.getTime(),
    updatedAt: row.updatedAt.getTime(),
  });
}

export function toOrderEventRecord(row: Row<'OrderEvent'>): OrderEventRecord {
  return {
    sequence: row.sequence,
    eventId: row.eventId,
    clientOrderId: row.clientOrderId,
    version: row.version,
    type: row.type,
    payload: row.payload as JsonValue,
    occurredAt: row.occurredAt.getTime(),
  };
}

export function toFillRecord(row: Row<'Fill'>): FillRecord {
  return withoutUndefined({
    id: row.id,
    venue: row.venue,
    tradeId: row.tradeId,
    clientOrderId: row.clientOrderId,
    accountId: row.accountId,
    instrumentId: row.instrumentId,
    side: row.side,
    quantity: num(row.quantity),
    price: num(row.price),
    fee: num(row.fee),
    feeCurrency: optional(row.feeCurrency),
    occurredAt: row.occurredAt.getTime(),
  });
}

export function toPositionRecord(row: Row<'Position'>): PositionRecord {
  return {
    accountId: row.accountId,
    instrumentId: row.instrumentId,
    quantity: num(row.quantity),
    averagePrice: num(row.averagePrice),
    realizedPnl: num(row.realizedPnl),
    updatedAt: row.updatedAt.getTime(),
  };
}

export function toTradingStateRecord(row: Row<'TradingState'>): TradingStateRecord {
  return withoutUndefined({
    scope: row.scope,
    state: row.state as TradingStateValue,
    reason: optional(row.reason),
    changedBy: row.changedBy,
    updatedAt: row.updatedAt.getTime(),
  });
}

export function toAuditEntryRecord(row: Row<'AuditLog'>): AuditEntryRecord {
  return {
    id: row.id,
    occurredAt: row.occurredAt.getTime(),
    actor: row.actor,
    action: row.action,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    details: row.details as JsonValue,
  };
}

/** Optional fields are absent rather than `undefined`, so records compare with toEqual cleanly. */
function withoutUndefined<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}
