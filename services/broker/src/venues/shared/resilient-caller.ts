import { backoffDelay, sleep } from './backoff.js';
import type { BackoffOptions } from './backoff.js';
import { CircuitBreaker } from './circuit-breaker.js';
import type { CircuitTicket } from './circuit-breaker.js';
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
  /**
   * Requests in flight at once; more wait (untimed) until one settles. A weight budget alone can
   * let hundreds of cheap requests out together, more connections than a busy host accepts before
   * the timeout. @default unlimited
   */
  readonly maxInFlight?: number;
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
 * sick), an optional cap on requests in flight, the shared rate limiter (wait for room), the
 * breaker again (a call is admitted when it is sent, not when it started waiting), a timeout, and
 * — for idempotent calls only — retries with exponential backoff and jitter. A 429/418 blocks the
 * whole venue's limiter for `Retry-After`.
 */
export class ResilientCaller {
  readonly breaker: CircuitBreaker;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly rateLimitedBackoffMs: number;
  private readonly random: () => number;
  private readonly slots: InFlightSlots;

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
    this.slots = new InFlightSlots(options.maxInFlight ?? Infinity);
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
    // Fail fast while the circuit is open, before queueing for the limiter.
    if (!this.breaker.accepting) throw this.circuitOpen(call);
    await this.slots.take();
    try {
      return await this.limitedAndTimed(call, attempt);
    } finally {
      this.slots.give();
    }
  }

  private async limitedAndTimed<T>(call: VenueCall, attempt: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const permit = await this.limiter.acquire(call.cost);
    // Admitted when it goes out, not when it queued: a call that waited for the limiter while the
    // circuit opened is not sent to the sick venue, and the half-open trial is the call that is
    // actually sent instead of one stuck behind a queue that formed while the circuit was closed.
    const ticket = this.breaker.admit();
    if (ticket === undefined) {
      permit.release();
      throw this.circuitOpen(call);
    }
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    let failure: VenueError | undefined;
    try {
      return await attempt(controller.signal);
    } catch (error) {
      failure = asVenueError(this.venue, error);
      throw failure;
    } finally {
      clearTimeout(timer);
      // Every admitted call's outcome is recorded here, whichever way it ended, so no path can
      // leave a half-open trial outstanding.
      this.record(ticket, failure);
      // The venue counts a request when it arrives. One we gave up on may still be in a socket
      // buffer or a proxy and arrive later, so its tokens are held one more timeout.
      permit.release(failure?.outcomeUnknown === true ? Date.now() + this.timeoutMs : undefined);
    }
  }

  private circuitOpen(call: VenueCall): VenueError {
    return new VenueError(this.venue, 'circuit-open', `${call.label}: circuit open after repeated failures; not sent`);
  }

  private record(ticket: CircuitTicket, failure: VenueError | undefined): void {
    if (failure === undefined) this.breaker.recordSuccess(ticket);
    else if (failure.venueUnhealthy) this.breaker.recordFailure(ticket);
    else if (failure.kind === 'rate-limited' || failure.kind === 'banned') this.breaker.recordNeutral(ticket);
    else this.breaker.recordSuccess(ticket); // the venue answered: it is healthy, the request was wrong
    if (failure?.kind === 'rate-limited' || failure?.kind === 'banned') {
      this.limiter.blockFor(failure.retryAfterMs ?? this.rateLimitedBackoffMs);
    }
  }
}

/** A counting semaphore, first come first served: how many requests may be in flight at once. */
class InFlightSlots {
  private used = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {
    if (!(size >= 1)) throw new Error(`maxInFlight must be 1 or more, got ${size}`);
  }

  take(): Promise<void> {
    if (this.used < this.size) {
      this.used += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Hands the slot straight to the next waiter, if any. */
  give(): void {
    const next = this.waiting.shift();
    if (next !== undefined) next();
    else this.used -= 1;
  }
}
