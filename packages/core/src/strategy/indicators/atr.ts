import { requirePeriod } from './indicator.js';
import type { Indicator } from './indicator.js';

/** Average true range with Wilder's smoothing, seeded with the mean of the first `period` ranges. */
export class Atr implements Indicator {
  readonly period: number;
  private previousClose = Number.NaN;
  private count = 0;
  private seedSum = 0;
  value = Number.NaN;

  constructor(period = 14) {
    this.period = requirePeriod('ATR', period);
  }

  get ready(): boolean {
    return this.count >= this.period;
  }

  update(high: number, low: number, close: number): number {
    const range = Number.isNaN(this.previousClose)
      ? high - low
      : Math.max(high - low, Math.abs(high - this.previousClose), Math.abs(low - this.previousClose));
    this.previousClose = close;
    this.count += 1;
    if (this.count < this.period) {
      this.seedSum += range;
    } else if (this.count === this.period) {
      this.value = (this.seedSum + range) / this.period;
    } else {
      this.value = (this.value * (this.period - 1) + range) / this.period;
    }
    return this.value;
  }

  reset(): void {
    this.previousClose = Number.NaN;
    this.count = 0;
    this.seedSum = 0;
    this.value = Number.NaN;
  }
}
