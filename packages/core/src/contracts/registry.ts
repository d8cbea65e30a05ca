import type { z } from 'zod';
import type { OrderEvent } from '../model/order-events.js';
import type { TradingStateChanged } from '../risk/trading-state.js';
import { marketBarSchema, marketTickSchema } from './market-data.js';
import type { MarketBarMessage, MarketTickMessage } from './market-data.js';
import { cancelOrderSchema, submitOrderSchema } from './order-commands.js';
import type { CancelOrderCommand, SubmitOrderCommand } from './order-commands.js';
import {
  orderAcceptedSchema,
  orderCancelRejectedSchema,
  orderCanceledSchema,
  orderDeniedSchema,
  orderExpiredSchema,
  orderFilledSchema,
  orderInitializedSchema,
  orderPendingCancelSchema,
  orderRejectedSchema,
  orderStatusUnknownSchema,
  orderSubmittedSchema,
  orderTriggeredSchema,
} from './order-events.js';
import { accountSnapshotSchema, positionSnapshotSchema } from './portfolio.js';
import type { AccountSnapshotMessage, PositionSnapshotMessage } from './portfolio.js';
import { parseWith } from './parse-result.js';
import type { ParseResult } from './parse-result.js';
import { riskDecisionSchema, tradingStateSchema } from './risk.js';
import type { RiskDecisionMessage } from './risk.js';

/** Every message type on the bus and the TypeScript type it parses to. */
export interface MessageTypes {
  'market.bar': MarketBarMessage;
  'market.tick': MarketTickMessage;
  'order.submit': SubmitOrderCommand;
  'order.cancel': CancelOrderCommand;
  'order.initialized': Extract<OrderEvent, { type: 'order.initialized' }>;
  'order.denied': Extract<OrderEvent, { type: 'order.denied' }>;
  'order.submitted': Extract<OrderEvent, { type: 'order.submitted' }>;
  'order.accepted': Extract<OrderEvent, { type: 'order.accepted' }>;
  'order.rejected': Extract<OrderEvent, { type: 'order.rejected' }>;
  'order.triggered': Extract<OrderEvent, { type: 'order.triggered' }>;
  'order.filled': Extract<OrderEvent, { type: 'order.filled' }>;
  'order.pending-cancel': Extract<OrderEvent, { type: 'order.pending-cancel' }>;
  'order.cancel-rejected': Extract<OrderEvent, { type: 'order.cancel-rejected' }>;
  'order.canceled': Extract<OrderEvent, { type: 'order.canceled' }>;
  'order.expired': Extract<OrderEvent, { type: 'order.expired' }>;
  'order.unknown': Extract<OrderEvent, { type: 'order.unknown' }>;
  'risk.decision': RiskDecisionMessage;
  'risk.trading-state': TradingStateChanged;
  'position.snapshot': PositionSnapshotMessage;
  'account.snapshot': AccountSnapshotMessage;
}
export type MessageType = keyof MessageTypes;
export type Message = MessageTypes[MessageType];

/** Current schema of each message type. Bump a contract's version when its shape changes. */
export const MESSAGE_SCHEMAS: { readonly [K in MessageType]: z.ZodType<MessageTypes[K]> } = {
  'market.bar': marketBarSchema,
  'market.tick': marketTickSchema,
  'order.submit': submitOrderSchema,
  'order.cancel': cancelOrderSchema,
  'order.initialized': orderInitializedSchema,
  'order.denied': orderDeniedSchema,
  'order.submitted': orderSubmittedSchema,
  'order.accepted': orderAcceptedSchema,
  'order.rejected': orderRejectedSchema,
  'order.triggered': orderTriggeredSchema,
  'order.filled': orderFilledSchema,
  'order.pending-cancel': orderPendingCancelSchema,
  'order.cancel-rejected': orderCancelRejectedSchema,
  'order.canceled': orderCanceledSchema,
  'order.expired': orderExpiredSchema,
  'order.unknown': orderStatusUnknownSchema,
  'risk.decision': riskDecisionSchema,
  'risk.trading-state': tradingStateSchema,
  'position.snapshot': positionSnapshotSchema,
  'account.snapshot': accountSnapshotSchema,
};

export const MESSAGE_TYPES = Object.keys(MESSAGE_SCHEMAS) as MessageType[];
export const CURRENT_VERSION = 1;

function isMessageType(value: unknown): value is MessageType {
  return typeof value === 'string' && Object.hasOwn(MESSAGE_SCHEMAS, value);
}

/**
 * Validates any bus message by its `type` and `version`. A consumer rejects (dead-letters)
 * anything that is not `ok`, logging `reason`.
 */
export function parseMessage(data: unknown): ParseResult<Message> {
  if (typeof data !== 'object' || data === null) return { ok: false, reason: 'message must be a JSON object' };
  const { type, version } = data as { type?: unknown; version?: unknown };
  if (!isMessageType(type))
    return {
      ok: false,
      reason: `unknown message type ${JSON.stringify(type)}; expected one of ${MESSAGE_TYPES.join(', ')}`,
    };
  if (version !== CURRENT_VERSION)
    return {
      ok: false,
      reason: `unsupported version ${JSON.stringify(version)} for ${type}; this build reads version ${CURRENT_VERSION}`,
    };
  return parseWith(MESSAGE_SCHEMAS[type] as z.ZodType<Message>, data);
}

/** Validates a message that must be of one known type (e.g. a topic carrying only order commands). */
export function parseMessageOf<K extends MessageType>(type: K, data: unknown): ParseResult<MessageTypes[K]> {
  const result = parseMessage(data);
  if (!result.ok) return result;
  if (result.value.type !== type) return { ok: false, reason: `expected ${type}, got ${result.value.type}` };
  return result as ParseResult<MessageTypes[K]>;
}
