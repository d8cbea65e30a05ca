/**
 * Why our risk engine refused an order or cancel. Stable strings: services log them, dashboards
 * count them, and clients may branch on them.
 */
export const DenialCode = {
  TradingHalted: 'TRADING_HALTED',
  ReducingOnly: 'TRADING_REDUCING',
  UnknownInstrument: 'UNKNOWN_INSTRUMENT',
  InvalidOrder: 'INVALID_ORDER',
  InvalidQuantity: 'INVALID_QUANTITY',
  InvalidPrice: 'INVALID_PRICE',
  BelowMinNotional: 'BELOW_MIN_NOTIONAL',
  NoMarketPrice: 'NO_MARKET_PRICE',
  PriceBandExceeded: 'PRICE_BAND_EXCEEDED',
  MaxOrderNotionalExceeded: 'MAX_ORDER_NOTIONAL_EXCEEDED',
  MaxPositionExceeded: 'MAX_POSITION_EXCEEDED',
  MaxOpenOrdersExceeded: 'MAX_OPEN_ORDERS_EXCEEDED',
  OrderRateExceeded: 'ORDER_RATE_EXCEEDED',
  CancelRateExceeded: 'CANCEL_RATE_EXCEEDED',
  DuplicateOrder: 'DUPLICATE_ORDER',
  ReduceOnlyViolation: 'REDUCE_ONLY_VIOLATION',
  InsufficientBuyingPower: 'INSUFFICIENT_BUYING_POWER',
  DailyLossLimit: 'DAILY_LOSS_LIMIT',
  OrderNotFound: 'ORDER_NOT_FOUND',
  OrderNotCancelable: 'ORDER_NOT_CANCELABLE',
} as const;
export type DenialCode = (typeof DenialCode)[keyof typeof DenialCode];

/** One line per code, for documentation and error messages. */
export const DENIAL_DESCRIPTIONS: Readonly<Record<DenialCode, string>> = {
  TRADING_HALTED: 'trading state is HALTED: only cancels pass',
  TRADING_REDUCING: 'trading state is REDUCING: only orders that shrink a position pass',
  UNKNOWN_INSTRUMENT: 'the instrument is not configured',
  INVALID_ORDER: 'the order is malformed (missing price, trigger or expiry for its type)',
  INVALID_QUANTITY: 'quantity is not positive, not a multiple of the lot size or below the minimum',
  INVALID_PRICE: 'price is not positive or not a multiple of the tick size',
  BELOW_MIN_NOTIONAL: "notional is below the instrument's minimum",
  NO_MARKET_PRICE: 'no last price yet to value a market or stop order',
  PRICE_BAND_EXCEEDED: 'price strays from the last price by more than the allowed band',
  MAX_ORDER_NOTIONAL_EXCEEDED: 'notional of an order that grows exposure is above the per-order limit',
  MAX_POSITION_EXCEEDED: 'resulting position notional would exceed the per-instrument limit',
  MAX_OPEN_ORDERS_EXCEEDED: 'too many working orders',
  ORDER_RATE_EXCEEDED: 'too many new orders in the last second',
  CANCEL_RATE_EXCEEDED: 'too many cancels in the last second',
  DUPLICATE_ORDER: 'an identical order is already working',
  REDUCE_ONLY_VIOLATION: 'a reduce-only order would open or grow a position',
  INSUFFICIENT_BUYING_POWER: 'not enough cash / buying power for the order',
  DAILY_LOSS_LIMIT: 'the daily loss limit was reached; trading is halted',
  ORDER_NOT_FOUND: 'no order with that client order id',
  ORDER_NOT_CANCELABLE: 'the order is already in a terminal state',
};
