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
    const period = this.period;
    if (this.count < period) this.count += 1;
    else this.sum -= this.window[this.index]!;
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
