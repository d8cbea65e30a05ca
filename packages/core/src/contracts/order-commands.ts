import { z } from 'zod';
import type { OrderStatus } from '../model/order-types.js';
import type { OrderView } from '../model/order-view.js';
import { header, id, price, quantity, timeInForce, timestamp, orderSide, orderType } from './primitives.js';

/**
 * Ask the order service to place an order. The client order id is chosen by the sender before the
 * command is published, so a retried command is recognised and has no second effect.
 */
export const submitOrderSchema = z
  .object({
    ...header('order.submit'),
    clientOrderId: id,
    strategyId: id,
    instrumentId: id,
    side: orderSide,
    orderType,
    quantity,
    price: price.optional(),
    triggerPrice: price.optional(),
    timeInForce: timeInForce.default('GTC'),
    expireAt: timestamp.optional(),
    reduceOnly: z.boolean().default(false),
    tag: z.string().max(64).optional(),
    ts: timestamp,
  })
  .superRefine((command, ctx) => {
    if ((command.orderType === 'LIMIT' || command.orderType === 'STOP_LIMIT') && command.price === undefined) {
      ctx.addIssue({ code: 'custom', path: ['price'], message: `${command.orderType} order needs a price` });
    }
    if ((command.orderType === 'STOP' || command.orderType === 'STOP_LIMIT') && command.triggerPrice === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['triggerPrice'],
        message: `${command.orderType} order needs a triggerPrice`,
      });
    }
    if (command.timeInForce === 'GTD' && command.expireAt === undefined) {
      ctx.addIssue({ code: 'custom', path: ['expireAt'], message: 'GTD order needs expireAt' });
    }
  });
export type SubmitOrderCommand = z.infer<typeof submitOrderSchema>;

export const cancelOrderSchema = z.object({
  ...header('order.cancel'),
  clientOrderId: id,
  strategyId: id,
  instrumentId: id,
  ts: timestamp,
});
export type CancelOrderCommand = z.infer<typeof cancelOrderSchema>;

/**
 * The read-only view of a new order, built from the command that asked for it: what the risk
 * engine checks and what a venue adapter submits, before any venue event has arrived.
 */
export function orderViewOfSubmit(command: SubmitOrderCommand, status: OrderStatus = 'INITIALIZED'): OrderView {
  return {
    clientOrderId: command.clientOrderId,
    strategyId: command.strategyId,
    instrumentId: command.instrumentId,
    side: command.side,
    type: command.orderType,
    quantity: command.quantity,
    price: command.price,
    triggerPrice: command.triggerPrice,
    timeInForce: command.timeInForce,
    expireAt: command.expireAt,
    reduceOnly: command.reduceOnly,
    tag: command.tag,
    createdAt: command.ts,
    status,
    filledQuantity: 0,
    leavesQuantity: command.quantity,
    averageFillPrice: 0,
    venueOrderId: undefined,
    triggered: false,
    isOpen: true,
  };
}
