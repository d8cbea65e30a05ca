import type { RateLimitBucket, RequestCost } from '../shared/rate-limiter.js';

/**
 * Binance spot's published limits (GET /api/v3/exchangeInfo `rateLimits`): request weight per
 * minute per IP, orders per 10 s and per day per account.
 */
export const BINANCE_DEFAULT_LIMITS: readonly RateLimitBucket[] = [
  { name: 'REQUEST_WEIGHT', limit: 6_000, windowMs: 60_000 },
  { name: 'ORDERS_10S', limit: 50, windowMs: 10_000 },
  { name: 'ORDERS_1D', limit: 160_000, windowMs: 86_400_000 },
];

/** Weight of each endpoint the adapter calls (Binance's API docs list them per endpoint). */
export const BINANCE_COSTS = {
  time: { REQUEST_WEIGHT: 1 },
  newOrder: { REQUEST_WEIGHT: 1, ORDERS_10S: 1, ORDERS_1D: 1 },
  queryOrder: { REQUEST_WEIGHT: 4 },
  cancelOrder: { REQUEST_WEIGHT: 1 },
  openOrdersOneSymbol: { REQUEST_WEIGHT: 6 },
  myTradesByOrder: { REQUEST_WEIGHT: 5 },
  account: { REQUEST_WEIGHT: 20 },
} as const satisfies Record<string, RequestCost>;

/** Response headers that report the venue's own count, by the bucket they update. */
export const BINANCE_USAGE_HEADERS: Readonly<Record<string, string>> = {
  'x-mbx-used-weight-1m': 'REQUEST_WEIGHT',
  'x-mbx-order-count-10s': 'ORDERS_10S',
  'x-mbx-order-count-1d': 'ORDERS_1D',
};

/**
 * Requests the adapter keeps in flight at once. The weight budget would let thousands of one-weight
 * cancels out together, far more new connections than a busy host (ours or a proxy) accepts before
 * the request timeout: the rest then time out unsent and open the circuit.
 */
export const BINANCE_MAX_IN_FLIGHT = 32;
