/**
 * A venue's limit as the venue enforces it: weight per fixed window (aligned to the epoch, like
 * Binance's minute), counted when a request arrives. Every request over the limit is a
 * violation; tests assert that an adapter under load causes none.
 */
export class FixedWindowCounter {
  private windowStart = -1;
  private used = 0;
  /** Requests that arrived when the window was already full. */
  violations = 0;
  /** The most weight ever counted in one window (at most `limit` when there was no violation). */
  maxUsed = 0;

  constructor(
    readonly name: string,
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Counts a request; false if it exceeded the limit. */
  add(weight: number, now: number): boolean {
    this.roll(now);
    this.used += weight;
    this.maxUsed = Math.max(this.maxUsed, this.used);
    if (this.used > this.limit) {
      this.violations += 1;
      return false;
    }
    return true;
  }

  usedAt(now: number): number {
    this.roll(now);
    return this.used;
  }

  /** What remains in the current window (Upbit's `Remaining-Req`). */
  remainingAt(now: number): number {
    return Math.max(0, this.limit - this.usedAt(now));
  }

  /** Ms until the current window ends. */
  resetInMs(now: number): number {
    return this.windowMs - (now % this.windowMs);
  }

  private roll(now: number): void {
    const start = now - (now % this.windowMs);
    if (start !== this.windowStart) {
      this.windowStart = start;
      this.used = 0;
    }
  }
}
