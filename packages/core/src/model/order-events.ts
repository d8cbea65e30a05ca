import type { DenialCode } from '../risk/denial-codes.js';
import type { OrderSide, OrderType, TimeInForce } from './order-types.js';

/**
 * Every change to an order is one of these immutable events; the order's state is the fold of its
 * events through the state machine. They are also the messages the services exchange, so each
 * carries its schema `version` (see contracts/order-events.ts).
 */
interface OrderEventBase {
  readonly version: 1;
  readonly clientOrderId: string;
  readonly strategyId: string;
  readonly instrumentId: string;
  /** When the event happened (epoch ms, from the injected clock or the venue). */
  readonly ts: number;
}

export interface OrderInitialized extends OrderEventBase {
  readonly type: 'order.initialized';
  readonly side: OrderSide;
  readonly orderType: OrderType;
  readonly quantity: number;
  readonly price?: number;
  readonly triggerPrice?: number;
  readonly timeInForce: TimeInForce;
  readonly expireAt?: number;
  readonly reduceOnly: boolean;
  readonly tag?: string;
}

/** Refused by our own risk engine: the order never left the process. */
export interface OrderDenied extends OrderEventBase {
  readonly type: 'order.denied';
  readonly code: DenialCode;
  readonly reason: string;
}

/** Handed to the venue client. */
export interface OrderSubmitted extends OrderEventBase {
  readonly type: 'order.submitted';
  readonly venue: string;
}

export interface OrderAccepted extends OrderEventBase {
  readonly type: 'order.accepted';
  readonly venueOrderId: string;
}

/** Refused by the venue (unlike Denied, which is our own risk engine). */
export interface OrderRejected extends OrderEventBase {
  readonly type: 'order.rejected';
  readonly reason: string;
}

/** A stop or stop-limit order's trigger price was reached; it now works as market or limit. */
export interface OrderTriggered extends OrderEventBase {
  readonly type: 'order.triggered';
}

export const Liquidity = { Maker: 'MAKER', Taker: 'TAKER' } as const;
export type Liquidity = (typeof Liquidity)[keyof typeof Liquidity];

/** One execution. `quantity` is this fill's quantity, not the cumulative one. */
export interface OrderFilled extends OrderEventBase {
  readonly type: 'order.filled';
  readonly venue: string;
  /** The venue's id for this execution: (venue, tradeId) identifies a fill exactly once. */
  readonly tradeId: string;
  readonly venueOrderId: string;
  readonly side: OrderSide;
  readonly quantity: number;
  readonly price: number;
  /** Fee in quote currency; negative for a rebate. */
  readonly fee: number;
  readonly liquidity: Liquidity;
}

/** A fill is an OrderFilled event: the portfolio and the order react to the same fact. */
export type Fill = OrderFilled;

export interface OrderPendingCancel extends OrderEventBase {
  readonly type: 'order.pending-cancel';
}

export interface OrderCancelRejected extends OrderEventBase {
  readonly type: 'order.cancel-rejected';
  readonly reason: string;
}

export interface OrderCanceled extends OrderEventBase {
  readonly type: 'order.canceled';
  readonly reason?: string;
}

export interface OrderExpired extends OrderEventBase {
  readonly type: 'order.expired';
}

/**
 * The venue did not answer a submit or cancel (timeout, 5xx). The order's fate is unknown until a
 * venue query resolves it; resending could double the position.
 */
export interface OrderStatusUnknown extends OrderEventBase {
  readonly type: 'order.unknown';
  readonly reason: string;
}

export type OrderEvent =
  | OrderInitialized
  | OrderDenied
  | OrderSubmitted
  | OrderAccepted
  | OrderRejected
  | OrderTriggered
  | OrderFilled
  | OrderPendingCancel
  | OrderCancelRejected
  | OrderCanceled
  | OrderExpired
  | OrderStatusUnknown;

export type OrderEventType = OrderEvent['type'];
