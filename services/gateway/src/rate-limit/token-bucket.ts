import type { RateLimitSettings } from '../config/gateway-config.js';

/** One client's bucket: tokens left as of `updatedAt` (ms). */
export interface Bucket {
  readonly tokens: number;
  readonly updatedAt: number;
}

export interface RateLimitVerdict {
  readonly allowed: boolean;
  /** Whole seconds until a token is back (0 when allowed): the Retry-After header. */
  readonly retryAfterSeconds: number;
}

/**
 * Takes one token at `now`: the bucket holds up to `burst` tokens and refills continuously at
 * `perMinute`. The Redis limiter runs the same arithmetic in a Lua script
 * (redis-rate-limiter.ts); keep the two in step.
 */
export function takeToken(
  bucket: Bucket | undefined,
  now: number,
  { burst, perMinute }: RateLimitSettings,
): { bucket: Bucket; verdict: RateLimitVerdict } {
  const refillPerMs = perMinute / 60_000;
  const elapsed = bucket ? Math.max(0, now - bucket.updatedAt) : 0;
  const tokens = bucket ? Math.min(burst, bucket.tokens + elapsed * refillPerMs) : burst;
  if (tokens >= 1)
    return { bucket: { tokens: tokens - 1, updatedAt: now }, verdict: { allowed: true, retryAfterSeconds: 0 } };
  const retryAfterSeconds = Math.max(1, Math.ceil((1 - tokens) / refillPerMs / 1000));
  return { bucket: { tokens, updatedAt: now }, verdict: { allowed: false, retryAfterSeconds } };
}
