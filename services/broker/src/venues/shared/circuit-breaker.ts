import type { LimiterClock } from './rate-limiter.js';

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Failures in a row that open the circuit. @default 5 */
  readonly failureThreshold?: number;
  /** How long it stays open before one trial call is let through. @default 10000 */
  readonly resetAfterMs?: number;
}

/**
 * One per venue: after `failureThreshold` unhealthy answers in a row (timeouts, 5xx, connection
 * failures — not business rejections) calls fail fast without being sent, so a sick venue is
 * not hammered and orders are refused at once instead of piling up as UNKNOWN. After
 * `resetAfterMs` one trial call goes through (half-open): success closes the circuit, failure
 * opens it again. The clock is injected so tests need no waiting. (opossum does the same around
 * a single function with its own timers; this one is driven by the caller's outcomes and the
 * injected clock, which the rate limiter and tests share.)
 */
export class CircuitBreaker {
  private current: CircuitState = 'closed';
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

  /** Called on every state change (metrics, logs, readiness). */
  onStateChange(listener: (state: CircuitState) => void): void {
    this.listeners.push(listener);
  }

  /** Whether a call may be sent now; in half-open only one trial at a time. */
  allowRequest(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  recordSuccess(): void {
    this.trialInFlight = false;
    this.failures = 0;
    if (this.current !== 'closed') this.move('closed');
  }

  recordFailure(): void {
    this.trialInFlight = false;
    this.failures += 1;
    if (this.current === 'half-open' || (this.current === 'closed' && this.failures >= this.failureThreshold)) {
      this.openedAt = this.clock.now();
      this.move('open');
    }
  }

  /** A call that was let through but ended neither healthy nor unhealthy (e.g. a 429). */
  recordNeutral(): void {
    this.trialInFlight = false;
  }

  private move(state: CircuitState): void {
    this.current = state;
    for (const listener of this.listeners) listener(state);
  }
}
