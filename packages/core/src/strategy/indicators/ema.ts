import { requirePeriod } from './indicator.js';
import type { Indicator } from './indicator.js';

/** Exponential moving average, α = 2 / (period + 1), seeded with the SMA of the first `period` values. */
export class Ema implements Indicator {
  readonly period: number;
  private readonly alpha: number;
  private count = 0;
  private seedSum = 0;
  value = Number.NaN;

  constructor(period: number) {
    this.period = requirePeriod('EMA', period);
    this.alpha = 2 / (period + 1);
  }

  get ready(): boolean {
    return this.count >= this.period;
  }

  update(x: number): number {
    this.count += 1;
    if (this.count < this.period) {
      this.seedSum += x;
    } else if (this.count === this.period) {
      this.value = (this.seedSum + x) / this.period;
    } else {
      this.value += this.alpha * (x - this.value);
    }
    return this.value;
  }

  reset(): void {
    this.count = 0;
    this.seedSum = 0;
    this.value = Number.NaN;
  }
}
