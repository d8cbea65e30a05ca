import type { LimiterClock } from './rate-limiter.js';

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Failures in a row that open the circuit. @default 5 */
  readonly failureThreshold?: number;
  /** How long it stays open before one trial call is let through. @default 10000 */
  readonly resetAfterMs?: number;
}

/**
 * A call the breaker let through, to report its outcome with exactly once (`recordSuccess`,
 * `recordFailure` or `recordNeutral`).
 */
export interface CircuitTicket {
  /** The breaker's generation when the call was sent: it changes with every state change. */
  readonly generation: number;
  /** The one trial call of a half-open circuit. */
  readonly trial: boolean;
}

/**
 * One per venue: after `failureThreshold` unhealthy answers in a row (timeouts, 5xx, connection
 * failures — not business rejections) calls fail fast without being sent, so a sick venue is
 * not hammered and orders are refused at once instead of piling up as UNKNOWN. After
 * `resetAfterMs` one trial call goes through (half-open): success closes the circuit, failure
 * opens it again. The clock is injected so tests need no waiting. (opossum does the same around
 * a single function with its own timers; this one is driven by the caller's outcomes and the
 * injected clock, which the rate limiter and tests share.)
 *
 * Only outcomes of calls sent in the current generation count. A call sent before the circuit
 * opened can time out long after it (it may have waited behind a long queue, or the machine is
 * slow); counting it would reopen a half-open circuit — and free its trial while the trial is
 * still out — or open a freshly closed one, however healthy the venue's current answers are.
 */
export class CircuitBreaker {
  private current: CircuitState = 'closed';
  private generation = 0;
  private failures = 0;
  private openedAt = 0;
  private trialInFlight = false;
  private readonly failureThreshold: number;
  private readonly resetAfterMs: number;
  private readonly listeners: ((state: CircuitState) => void)[] = [];

  constructor(
    options: CircuitBreakerOptions = {},
    private readonly clock: LimiterClock = { now: () => Date.now() },
  ) {
    this.failureThreshold = options.failureThreshold ?? 5;
    this.resetAfterMs = options.resetAfterMs ?? 10_000;
  }

  get state(): CircuitState {
    if (this.current === 'open' && this.clock.now() - this.openedAt >= this.resetAfterMs) this.move('half-open');
    return this.current;
  }

  /**
   * Whether `admit` would let a call through now, without taking the half-open trial: a caller
   * checks it before queueing for the rate limiter so that calls fail fast while the circuit is open.
   */
  get accepting(): boolean {
    const state = this.state;
    return state === 'closed' || (state === 'half-open' && !this.trialInFlight);
  }

  /** Called on every state change (metrics, logs, readiness). */
  onStateChange(listener: (state: CircuitState) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Lets one call be sent now, or refuses it (undefined); in half-open only one trial at a time.
   * Ask right before sending, not before waiting for anything: the ticket says which generation
   * the call belongs to.
   */
  admit(): CircuitTicket | undefined {
    const state = this.state;
    if (state === 'closed') return { generation: this.generation, trial: false };
    if (state === 'open' || this.trialInFlight) return undefined;
    this.trialInFlight = true;
    return { generation: this.generation, trial: true };
  }

  /** The venue answered healthily: closes the circuit (if the call belongs to this generation). */
  recordSuccess(ticket: CircuitTicket): void {
    if (!this.settle(ticket)) return;
    this.failures = 0;
    if (this.current !== 'closed') this.move('closed');
  }

  /** An unhealthy outcome: opens the circuit after a failed trial or enough failures in a row. */
  recordFailure(ticket: CircuitTicket): void {
    if (!this.settle(ticket)) return;
    this.failures += 1;
    if (ticket.trial || this.failures >= this.failureThreshold) {
      this.openedAt = this.clock.now();
      this.move('open');
    }
  }

  /** A call that ended neither healthy nor unhealthy (a 429, or not sent after all): frees the trial. */
  recordNeutral(ticket: CircuitTicket): void {
    this.settle(ticket);
  }

  /** Ends a ticket's call; true when its outcome counts, i.e. it was sent in this generation. */
  private settle(ticket: CircuitTicket): boolean {
    if (ticket.generation !== this.generation) return false;
    if (ticket.trial) this.trialInFlight = false;
    return true;
  }

  private move(state: CircuitState): void {
    this.current = state;
    this.generation += 1;
    this.failures = 0;
    // A trial is only ever out in half-open, and any move ends that generation.
    this.trialInFlight = false;
    for (const listener of this.listeners) listener(state);
  }
}
