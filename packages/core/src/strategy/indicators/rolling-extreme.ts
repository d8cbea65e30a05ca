import { requirePeriod } from './indicator.js';
import type { Indicator } from './indicator.js';

/**
 * Highest (or lowest) of the last `period` values — the Donchian channel edge a breakout strategy
 * watches. A monotonic deque keeps each update amortized O(1).
 */
export class RollingExtreme implements Indicator {
  readonly period: number;
  readonly kind: 'max' | 'min';
  // Deque of (sequence, value) in ring buffers; values are monotonic from head to tail.
  private readonly seqs: Float64Array;
  private readonly vals: Float64Array;
  private head = 0;
  private size = 0;
  private seq = 0;
  value = Number.NaN;

  constructor(period: number, kind: 'max' | 'min') {
    this.period = requirePeriod('RollingExtreme', period);
    this.kind = kind;
    this.seqs = new Float64Array(period + 1);
    this.vals = new Float64Array(period + 1);
  }

  get ready(): boolean {
    return this.seq >= this.period;
  }

  update(x: number): number {
    const capacity = this.vals.length;
    const isMax = this.kind === 'max';
    // Drop values from the tail that can never be the extreme again.
    while (this.size > 0) {
      const tail = (this.head + this.size - 1) % capacity;
      const v = this.vals[tail]!;
      if (isMax ? v <= x : v >= x) this.size -= 1;
      else break;
    }
    const slot = (this.head + this.size) % capacity;
    this.vals[slot] = x;
    this.seqs[slot] = this.seq;
    this.size += 1;
    this.seq += 1;
    // Drop the head once it falls out of the window.
    if (this.seqs[this.head]! <= this.seq - 1 - this.period) {
      this.head = (this.head + 1) % capacity;
      this.size -= 1;
    }
    this.value = this.seq >= this.period ? this.vals[this.head]! : Number.NaN;
    return this.value;
  }

  reset(): void {
    this.head = 0;
    this.size = 0;
    this.seq = 0;
    this.value = Number.NaN;
  }
}
