/**
 * Why a venue call failed, in the words the broker acts on:
 * - `timeout`, `network`, `server`: the request may have reached the venue; for a submit the
 *   order's fate is UNKNOWN until a query says otherwise.
 * - `unreachable`, `circuit-open`: nothing was sent.
 * - `rate-limited` (HTTP 429), `banned` (HTTP 418): the venue refused to process the request.
 * - `auth`, `clock-skew`, `rejected`, `not-found`: the venue answered and refused.
 */
export type VenueErrorKind =
  | 'timeout'
  | 'network'
  | 'server'
  | 'unreachable'
  | 'circuit-open'
  | 'rate-limited'
  | 'banned'
  | 'auth'
  | 'clock-skew'
  | 'rejected'
  | 'not-found';

/** A failed venue call, with the venue's own error code where it sent one. */
export class VenueError extends Error {
  override readonly name = 'VenueError';

  constructor(
    readonly venue: string,
    readonly kind: VenueErrorKind,
    message: string,
    /** The venue's error code (Binance `-2010`, Upbit `insufficient_funds`), or the HTTP status. */
    readonly code: string = kind,
    /** HTTP status, when the venue answered. */
    readonly httpStatus: number | undefined = undefined,
    /** From a `Retry-After` header (429/418), in ms. */
    readonly retryAfterMs: number | undefined = undefined,
  ) {
    super(`${venue}: ${message}`);
  }

  /** True when the request may have been processed although we got no answer. */
  get outcomeUnknown(): boolean {
    return this.kind === 'timeout' || this.kind === 'network' || this.kind === 'server';
  }

  /** True when an idempotent call may be retried after a backoff. */
  get retryable(): boolean {
    return this.outcomeUnknown || this.kind === 'unreachable' || this.kind === 'rate-limited';
  }

  /** True when the failure says the venue is unhealthy (counts towards opening the breaker). */
  get venueUnhealthy(): boolean {
    return this.outcomeUnknown || this.kind === 'unreachable';
  }
}

/** Any thrown value as a VenueError (unexpected ones count as network failures: outcome unknown). */
export function asVenueError(venue: string, error: unknown): VenueError {
  if (error instanceof VenueError) return error;
  return new VenueError(venue, 'network', error instanceof Error ? error.message : String(error));
}
