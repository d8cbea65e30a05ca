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
    // Written with locals to keep the bytecode small (about half the size of field-by-field
    // updates): V8 inlines a strategy's onBar into the replay loop only while the bytecode it
    // would inline stays under a budget, and two averages per bar are most of that onBar.
    // Same arithmetic in the same order as before.
    const period = this.period;
    const window = this.window;
    const index = this.index;
    let sum = this.sum;
    if (this.count < period) this.count++;
    else sum -= window[index]!;
    window[index] = x;
    this.sum = sum += x;
    this.index = index + 1 === period ? 0 : index + 1;
    return (this.value = this.count >= period ? sum / period : NaN);
  }

  reset(): void {
    this.window.fill(0);
    this.index = 0;
    this.count = 0;
    this.sum = 0;
    this.value = Number.NaN;
  }
}
