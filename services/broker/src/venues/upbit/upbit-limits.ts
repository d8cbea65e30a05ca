import type { RateLimitBucket, RequestCost } from '../shared/rate-limiter.js';

/**
 * Upbit's exchange API limits, per second per group (docs "Rate Limits"): order creation 8/s,
 * the other exchange endpoints 30/s, cancel-all once per 2 s. Every response's
 * `Remaining-Req: group=<name>; min=<deprecated>; sec=<remaining>` reports what remains.
 */
export const UPBIT_DEFAULT_LIMITS: readonly RateLimitBucket[] = [
  { name: 'order', limit: 8, windowMs: 1_000 },
  { name: 'default', limit: 30, windowMs: 1_000 },
  { name: 'order-cancel-all', limit: 1, windowMs: 2_000 },
];

/** Which group each call belongs to. */
export const UPBIT_COSTS = {
  newOrder: { order: 1 },
  queryOrder: { default: 1 },
  cancelOrder: { default: 1 },
  openOrders: { default: 1 },
  accounts: { default: 1 },
} as const satisfies Record<string, RequestCost>;

/** `group=default; min=1800; sec=29` → the group and what remains this second. */
export function parseRemainingReq(header: string | null): { group: string; remaining: number } | undefined {
  if (header === null) return undefined;
  const fields = Object.fromEntries(
    header.split(';').map((part) => {
      const [key = '', value = ''] = part.split('=');
      return [key.trim(), value.trim()];
    }),
  );
  const remaining = Number(fields['sec']);
  return fields['group'] && Number.isFinite(remaining) ? { group: fields['group'], remaining } : undefined;
}
