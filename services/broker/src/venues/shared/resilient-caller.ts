import { backoffDelay, sleep } from './backoff.js';
import type { BackoffOptions } from './backoff.js';
import { CircuitBreaker } from './circuit-breaker.js';
import type { RequestCost, WeightedRateLimiter } from './rate-limiter.js';
import { VenueError, asVenueError } from './venue-error.js';

export interface ResilienceOptions {
  /** Abandon a call after this long (its outcome is then unknown). @default 5000 */
  readonly timeoutMs?: number;
  /** Attempts for idempotent calls, the first included. @default 4 */
  readonly maxAttempts?: number;
  readonly backoff?: BackoffOptions;
  /** Wait after a 429 without `Retry-After`. @default 1000 */
  readonly rateLimitedBackoffMs?: number;
  /** Random source for jitter (tests make it deterministic). */
  readonly random?: () => number;
}

export interface VenueCall {
  /** e.g. `POST /api/v3/order`, for error messages. */
  readonly label: string;
  readonly cost: RequestCost;
  /**
   * Only idempotent calls are retried (queries, cancels by client id). A submit is never
   * retried: when it goes unanswered the caller marks the order UNKNOWN and queries.
   */
  readonly idempotent: boolean;
}

/**
 * Every request to one venue goes through here: the circuit breaker (fail fast while the venue is
 * sick), the shared rate limiter (wait for room), a timeout, and — for idempotent calls only —
 * retries with exponential backoff and jitter. A 429/418 blocks the whole venue's limiter for
 * `Retry-After`.
 */
export class ResilientCaller {
  readonly breaker: CircuitBreaker;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly rateLimitedBackoffMs: number;
  private readonly random: () => number;

  constructor(
    readonly venue: string,
    readonly limiter: WeightedRateLimiter,
    breaker: CircuitBreaker | undefined,
    private readonly options: ResilienceOptions = {},
  ) {
    this.breaker = breaker ?? new CircuitBreaker();
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 4);
    this.rateLimitedBackoffMs = options.rateLimitedBackoffMs ?? 1_000;
    this.random = options.random ?? Math.random;
  }

  async call<T>(call: VenueCall, attempt: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const attempts = call.idempotent ? this.maxAttempts : 1;
    for (let n = 0; ; n++) {
      try {
        return await this.once(call, attempt);
      } catch (error) {
        const failure = asVenueError(this.venue, error);
        if (n + 1 >= attempts || !failure.retryable) throw failure;
        // 429s already blocked the limiter for Retry-After; the jitter still spreads the retries.
        await sleep(backoffDelay(n, this.options.backoff, this.random));
      }
    }
  }

  private async once<T>(call: VenueCall, attempt: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (!this.breaker.allowRequest()) {
      throw new VenueError(this.venue, 'circuit-open', `${call.label}: circuit open after repeated failures; not sent`);
    }
    const permit = await this.limiter.acquire(call.cost);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    let unanswered = false;
    try {
      const result = await attempt(controller.signal);
      this.breaker.recordSuccess();
      return result;
    } catch (error) {
      const failure = asVenueError(this.venue, error);
      unanswered = failure.outcomeUnknown;
      this.recordFailure(failure);
      throw failure;
    } finally {
      clearTimeout(timer);
      // The venue counts a request when it arrives. One we gave up on may still be in a socket
      // buffer or a proxy and arrive later, so its tokens are held one more timeout.
      permit.release(unanswered ? Date.now() + this.timeoutMs : undefined);
    }
  }

  private recordFailure(failure: VenueError): void {
    if (failure.venueUnhealthy) this.breaker.recordFailure();
    else if (failure.kind === 'rate-limited' || failure.kind === 'banned') this.breaker.recordNeutral();
    else this.breaker.recordSuccess(); // the venue answered: it is healthy, the request was wrong
    if (failure.kind === 'rate-limited' || failure.kind === 'banned') {
      this.limiter.blockFor(failure.retryAfterMs ?? this.rateLimitedBackoffMs);
    }
  }
}
