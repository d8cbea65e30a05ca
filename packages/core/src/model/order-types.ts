// Vocabulary of orders as `as const` objects: erasable TypeScript, usable as values and as types.

export const OrderSide = { Buy: 'BUY', Sell: 'SELL' } as const;
export type OrderSide = (typeof OrderSide)[keyof typeof OrderSide];

export const OrderType = {
  Market: 'MARKET',
  Limit: 'LIMIT',
  Stop: 'STOP',
  StopLimit: 'STOP_LIMIT',
} as const;
export type OrderType = (typeof OrderType)[keyof typeof OrderType];

/**
 * GTC rests until filled or canceled; IOC fills what it can on arrival and cancels the rest; FOK
 * fills completely on arrival or not at all; GTD rests until `expireAt`.
 */
export const TimeInForce = { GTC: 'GTC', IOC: 'IOC', FOK: 'FOK', GTD: 'GTD' } as const;
export type TimeInForce = (typeof TimeInForce)[keyof typeof TimeInForce];

export const OrderStatus = {
  Initialized: 'INITIALIZED',
  Denied: 'DENIED',
  Submitted: 'SUBMITTED',
  Accepted: 'ACCEPTED',
  Rejected: 'REJECTED',
  PartiallyFilled: 'PARTIALLY_FILLED',
  Filled: 'FILLED',
  PendingCancel: 'PENDING_CANCEL',
  Canceled: 'CANCELED',
  Expired: 'EXPIRED',
  /** The venue did not answer (timeout, 5xx): resolved by querying the venue, never by resending. */
  Unknown: 'UNKNOWN',
} as const;
export type OrderStatus = (typeof OrderStatus)[keyof typeof OrderStatus];

/** +1 for buys, -1 for sells: multiply a quantity by it to get a signed position change. */
export function sideSign(side: OrderSide): 1 | -1 {
  return side === OrderSide.Buy ? 1 : -1;
}

export function oppositeSide(side: OrderSide): OrderSide {
  return side === OrderSide.Buy ? OrderSide.Sell : OrderSide.Buy;
}
