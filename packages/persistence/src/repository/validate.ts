import { InvalidRecordError } from './errors.js';
import type {
  FillInput,
  NewOrder,
  OrderChanges,
  OrderEventInput,
  OutboxMessageInput,
  PositionRecord,
} from './records.js';

// DECIMAL(38,18) holds 20 integer digits.
const MAX_DECIMAL = 1e20;

export function requireText(field: string, value: unknown): void {
  if (typeof value !== 'string' || value.trim() === '')
    throw new InvalidRecordError(field, 'must be a non-empty string');
}

export function requireNumber(field: string, value: unknown, rule: 'positive' | 'non-negative' | 'any'): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) >= MAX_DECIMAL) {
    throw new InvalidRecordError(field, `must be a finite number below 1e20, got ${String(value)}`);
  }
  if (rule === 'positive' && !(value > 0)) throw new InvalidRecordError(field, `must be > 0, got ${value}`);
  if (rule === 'non-negative' && value < 0) throw new InvalidRecordError(field, `must be >= 0, got ${value}`);
}

export function requireTime(field: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new InvalidRecordError(field, `must be epoch milliseconds, got ${String(value)}`);
  }
}

export function validateNewOrder(order: NewOrder): void {
  for (const field of ['clientOrderId', 'accountId', 'strategyId', 'instrumentId', 'venue', 'side'] as const) {
    requireText(`order.${field}`, order[field]);
  }
  for (const field of ['orderType', 'timeInForce', 'status'] as const) requireText(`order.${field}`, order[field]);
  requireNumber('order.quantity', order.quantity, 'positive');
  if (order.price !== undefined) requireNumber('order.price', order.price, 'positive');
  if (order.triggerPrice !== undefined) requireNumber('order.triggerPrice', order.triggerPrice, 'positive');
  requireTime('order.createdAt', order.createdAt);
}

export function validateChanges(changes: OrderChanges): void {
  if (changes.status !== undefined) requireText('changes.status', changes.status);
  if (changes.filledQuantity !== undefined) {
    requireNumber('changes.filledQuantity', changes.filledQuantity, 'non-negative');
  }
  if (changes.averagePrice !== undefined) requireNumber('changes.averagePrice', changes.averagePrice, 'non-negative');
  if (changes.venueOrderId !== undefined) requireText('changes.venueOrderId', changes.venueOrderId);
}

export function validateEvent(event: OrderEventInput): void {
  requireText('event.eventId', event.eventId);
  requireText('event.type', event.type);
  requireTime('event.occurredAt', event.occurredAt);
  if (event.payload === undefined || event.payload === null)
    throw new InvalidRecordError('event.payload', 'is required (JSON)');
}

export function validateFill(fill: FillInput): void {
  for (const field of ['venue', 'tradeId', 'clientOrderId', 'accountId', 'instrumentId', 'side'] as const) {
    requireText(`fill.${field}`, fill[field]);
  }
  requireNumber('fill.quantity', fill.quantity, 'positive');
  requireNumber('fill.price', fill.price, 'non-negative');
  if (fill.fee !== undefined) requireNumber('fill.fee', fill.fee, 'any');
  requireTime('fill.occurredAt', fill.occurredAt);
}

export function validatePosition(position: Omit<PositionRecord, 'updatedAt'>): void {
  requireText('position.accountId', position.accountId);
  requireText('position.instrumentId', position.instrumentId);
  requireNumber('position.quantity', position.quantity, 'any');
  requireNumber('position.averagePrice', position.averagePrice, 'non-negative');
  requireNumber('position.realizedPnl', position.realizedPnl, 'any');
}

export function validateMessages(messages: readonly OutboxMessageInput[]): void {
  messages.forEach((m, i) => {
    requireText(`messages[${i}].topic`, m.topic);
    if (typeof m.key !== 'string') throw new InvalidRecordError(`messages[${i}].key`, 'must be a string');
    if (m.message === undefined || m.message === null)
      throw new InvalidRecordError(`messages[${i}].message`, 'is required (JSON)');
    if (m.messageId !== undefined) requireText(`messages[${i}].messageId`, m.messageId);
    for (const [name, value] of Object.entries(m.headers ?? {})) {
      if (typeof value !== 'string') throw new InvalidRecordError(`messages[${i}].headers.${name}`, 'must be a string');
    }
  });
}
