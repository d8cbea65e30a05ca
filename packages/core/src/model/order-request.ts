import type { OrderSide, OrderType, TimeInForce } from './order-types.js';

/**
 * What a strategy asks for. The execution engine turns it into an Order with a client order id
 * before anything leaves the process.
 */
export interface OrderRequest {
  readonly instrumentId: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly quantity: number;
  /** Limit price: required for LIMIT and STOP_LIMIT. */
  readonly price?: number;
  /** Trigger price: required for STOP and STOP_LIMIT. */
  readonly triggerPrice?: number;
  /** @default 'GTC' */
  readonly timeInForce?: TimeInForce;
  /** Expiry (epoch ms) for GTD orders. */
  readonly expireAt?: number;
  /** The order may only shrink the position, never open or flip it. */
  readonly reduceOnly?: boolean;
  /** Supply your own id for idempotent resubmission; otherwise one is generated locally. */
  readonly clientOrderId?: string;
  /** Free-form label carried on events (e.g. "entry", "stop-loss"). */
  readonly tag?: string;
}
