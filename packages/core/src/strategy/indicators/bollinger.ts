import { requirePeriod } from './indicator.js';
import type { Indicator } from './indicator.js';

/**
 * Bollinger bands: rolling mean ± k population standard deviations. The rolling variance uses a
 * Welford-style window update (not Σx² − (Σx)²/n, which loses all precision on prices like 50,000
 * with small moves). `zScore(x)` is the mean-reversion signal.
 */
export class Bollinger implements Indicator {
  readonly period: number;
  readonly k: number;
  private readonly window: Float64Array;
  private index = 0;
  private count = 0;
  private mean = 0;
  private m2 = 0;
  value = Number.NaN;
  upper = Number.NaN;
  lower = Number.NaN;
  stdDev = Number.NaN;

  constructor(period: number, k = 2) {
    this.period = requirePeriod('Bollinger', period);
    this.k = k;
    this.window = new Float64Array(period);
  }

  get ready(): boolean {
    return this.count >= this.period;
  }

  update(x: number): number {
    if (this.count < this.period) {
      this.count += 1;
      const delta = x - this.mean;
      this.mean += delta / this.count;
      this.m2 += delta * (x - this.mean);
    } else {
      const old = this.window[this.index]!;
      const previousMean = this.mean;
      this.mean += (x - old) / this.period;
      this.m2 += (x - old) * (x - this.mean + old - previousMean);
      if (this.m2 < 0) this.m2 = 0;
    }
    this.window[this.index] = x;
    this.index = this.index + 1 === this.period ? 0 : this.index + 1;
    if (this.count >= this.period) {
      this.stdDev = Math.sqrt(this.m2 / this.period);
      this.value = this.mean;
      this.upper = this.mean + this.k * this.stdDev;
      this.lower = this.mean - this.k * this.stdDev;
    }
    return this.value;
  }

  /** How many standard deviations `x` is from the mean (0 when the window is flat). */
  zScore(x: number): number {
    if (!this.ready) return Number.NaN;
    return this.stdDev === 0 ? 0 : (x - this.mean) / this.stdDev;
  }

  reset(): void {
    this.window.fill(0);
    this.index = 0;
    this.count = 0;
    this.mean = 0;
    this.m2 = 0;
    this.value = this.upper = this.lower = this.stdDev = Number.NaN;
  }
}
