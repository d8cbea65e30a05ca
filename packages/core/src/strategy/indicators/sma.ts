import { requirePeriod } from './indicator.js';
import type { Indicator } from './indicator.js';

/** Simple moving average over the last `period` values: a ring buffer and a running sum. */
export class Sma implements Indicator {
  readonly period: number;
  private readonly window: Float64Array;
  private index = 0;
  private count = 0;
  private sum = 0;
  value = Number.NaN;

  constructor(period: number) {
    this.period = requirePeriod('SMA', period);
    this.window = new Float64Array(period);
  }

  get ready(): boolean {
    return this.count >= this.period;
  }

  update(x: number): number {
    // The steady state (window full) is a few locals and no branches on the count; the warm-up
    // lives in its own method. Small bytecode matters: V8 inlines a strategy's onBar into the
    // replay loop only while everything it would inline fits a budget, and two averages per bar
    // are most of a typical onBar. Same arithmetic in the same order as the warm-up path.
    const period = this.period;
    if (this.count < period) return this.warmUp(x);
    const window = this.window;
    const index = this.index;
    const sum = this.sum - window[index]! + x;
    window[index] = x;
    this.sum = sum;
    this.index = index + 1 === period ? 0 : index + 1;
    return (this.value = sum / period);
  }

  private warmUp(x: number): number {
    const period = this.period;
    this.count += 1;
    this.window[this.index] = x;
    this.sum += x;
    this.index = this.index + 1 === period ? 0 : this.index + 1;
    this.value = this.count >= period ? this.sum / period : Number.NaN;
    return this.value;
  }

  reset(): void {
    this.window.fill(0);
    this.index = 0;
    this.count = 0;
    this.sum = 0;
    this.value = Number.NaN;
  }
}
