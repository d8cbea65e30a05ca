import type { RateLimitSettings } from '../config/gateway-config.js';
import { takeToken } from './token-bucket.js';
import type { Bucket, RateLimitVerdict } from './token-bucket.js';

/** Injection token of the gateway's `RateLimiter`. */
export const RATE_LIMITER = Symbol('RATE_LIMITER');

/** Per-client request budget: one call per request, keyed by the token's `sub`. */
export interface RateLimiter {
  take(client: string): Promise<RateLimitVerdict>;
}

/** Counters in this process: embedded mode, one gateway. */
export class InMemoryRateLimiter implements RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly settings: RateLimitSettings,
    private readonly now: () => number = Date.now,
  ) {}

  async take(client: string): Promise<RateLimitVerdict> {
    const { bucket, verdict } = takeToken(this.buckets.get(client), this.now(), this.settings);
    this.buckets.set(client, bucket);
    return verdict;
  }
}
