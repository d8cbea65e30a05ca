/**
 * Counts events in a rolling window (e.g. orders per second) with a ring of timestamps: O(1) per
 * check, no allocation after construction.
 */
export class RollingWindowLimiter {
  private readonly stamps: Float64Array;
  private head = 0;
  private count = 0;
  private readonly windowMs: number;

  constructor(maxEvents: number, windowMs: number) {
    this.stamps = new Float64Array(Math.max(1, Math.floor(maxEvents)));
    this.windowMs = windowMs;
  }

  /** True if one more event at `now` stays within the limit (does not record it). */
  allows(now: number): boolean {
    this.evict(now);
    return this.count < this.stamps.length;
  }

  record(now: number): void {
    this.evict(now);
    const capacity = this.stamps.length;
    // Wrap with a compare rather than a modulo (an integer division): this runs on every order.
    const tail = this.head + this.count;
    this.stamps[tail >= capacity ? tail - capacity : tail] = now;
    if (this.count < capacity) this.count += 1;
    else this.head = this.head + 1 === capacity ? 0 : this.head + 1;
  }

  private evict(now: number): void {
    const capacity = this.stamps.length;
    while (this.count > 0 && now - this.stamps[this.head]! >= this.windowMs) {
      this.head = this.head + 1 === capacity ? 0 : this.head + 1;
      this.count -= 1;
    }
  }
}
