import { z } from 'zod';
import type {
  OrderAccepted,
  OrderCancelRejected,
  OrderCanceled,
  OrderDenied,
  OrderExpired,
  OrderFilled,
  OrderInitialized,
  OrderPendingCancel,
  OrderRejected,
  OrderStatusUnknown,
  OrderSubmitted,
  OrderTriggered,
} from '../model/order-events.js';
import {
  amount,
  denialCode,
  header,
  id,
  liquidity,
  orderSide,
  orderType,
  price,
  quantity,
  timeInForce,
  timestamp,
} from './primitives.js';

// One schema per domain order event. The `z.ZodType<DomainEvent>` annotations make the compiler
// prove that what a schema accepts is exactly the domain type, so the two cannot drift apart.

const base = { clientOrderId: id, strategyId: id, instrumentId: id, ts: timestamp };

export const orderInitializedSchema: z.ZodType<OrderInitialized> = z.object({
  ...header('order.initialized'),
  ...base,
  side: orderSide,
  orderType,
  quantity,
  price: price.optional(),
  triggerPrice: price.optional(),
  timeInForce,
  expireAt: timestamp.optional(),
  reduceOnly: z.boolean(),
  tag: z.string().max(64).optional(),
});
export const orderDeniedSchema: z.ZodType<OrderDenied> = z.object({
  ...header('order.denied'),
  ...base,
  code: denialCode,
  reason: z.string(),
});
export const orderSubmittedSchema: z.ZodType<OrderSubmitted> = z.object({
  ...header('order.submitted'),
  ...base,
  venue: id,
});
export const orderAcceptedSchema: z.ZodType<OrderAccepted> = z.object({
  ...header('order.accepted'),
  ...base,
  venueOrderId: id,
});
export const orderRejectedSchema: z.ZodType<OrderRejected> = z.object({
  ...header('order.rejected'),
  ...base,
  reason: z.string(),
});
export const orderTriggeredSchema: z.ZodType<OrderTriggered> = z.object({ ...header('order.triggered'), ...base });
export const orderFilledSchema: z.ZodType<OrderFilled> = z.object({
  ...header('order.filled'),
  ...base,
  venue: id,
  tradeId: id,
  venueOrderId: id,
  side: orderSide,
  quantity,
  price,
  fee: amount,
  liquidity,
});
/** A fill as the portfolio consumes it is the order.filled event. */
export const fillSchema = orderFilledSchema;
export const orderPendingCancelSchema: z.ZodType<OrderPendingCancel> = z.object({
  ...header('order.pending-cancel'),
  ...base,
});
export const orderCancelRejectedSchema: z.ZodType<OrderCancelRejected> = z.object({
  ...header('order.cancel-rejected'),
  ...base,
  reason: z.string(),
});
export const orderCanceledSchema: z.ZodType<OrderCanceled> = z.object({
  ...header('order.canceled'),
  ...base,
  reason: z.string().optional(),
});
export const orderExpiredSchema: z.ZodType<OrderExpired> = z.object({ ...header('order.expired'), ...base });
export const orderStatusUnknownSchema: z.ZodType<OrderStatusUnknown> = z.object({
  ...header('order.unknown'),
  ...base,
  reason: z.string(),
});
