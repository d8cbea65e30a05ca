import type { RateLimitBucket, RequestCost } from '../shared/rate-limiter.js';
import { CREON_BRIDGE_HEADERS } from './creon-bridge-contract.js';

/** Creon's request window: its counters reset every 15 seconds. */
export const CREON_WINDOW_MS = 15_000;

/**
 * Creon Plus's request limits, as `CpUtil.CpCybos.GetLimitRemainCount` reports them: 20 order
 * requests (type 0, `LT_TRADE_REQUEST`) and 60 inquiries (type 1, `LT_NONTRADE_REQUEST`) per
 * 15 s. Real-time subscriptions (type 2) are counted apart; the adapter subscribes to none.
 */
export const CREON_DEFAULT_LIMITS: readonly RateLimitBucket[] = [
  { name: 'order', limit: 20, windowMs: CREON_WINDOW_MS },
  { name: 'query', limit: 60, windowMs: CREON_WINDOW_MS },
];

/**
 * Which Creon counter each bridge endpoint spends: orders and cancels are order requests
 * (`CpTd0311`, `CpTd0314`); order, fill and balance lookups are inquiries (`CpTd5341`, `CpTd5339`,
 * `CpTd6033`). `/health` and `/session` read `CpCybos` properties and spend nothing.
 */
export const CREON_COSTS = {
  none: {},
  submit: { order: 1 },
  cancel: { order: 1 },
  queryOrder: { query: 1 },
  openOrders: { query: 1 },
  fills: { query: 1 },
  balances: { query: 1 },
} as const satisfies Record<string, RequestCost>;

/** Response headers that report what Creon has left, by the bucket they update. */
export const CREON_REMAIN_HEADERS: Readonly<Record<string, string>> = {
  [CREON_BRIDGE_HEADERS.remainOrder]: 'order',
  [CREON_BRIDGE_HEADERS.remainQuery]: 'query',
};
