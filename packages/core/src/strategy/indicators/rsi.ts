import { requirePeriod } from './indicator.js';
import type { Indicator } from './indicator.js';

/** Relative strength index with Wilder's smoothing, 0–100. Needs `period + 1` values. */
export class Rsi implements Indicator {
  readonly period: number;
  private previous = Number.NaN;
  private changes = 0;
  private avgGain = 0;
  private avgLoss = 0;
  value = Number.NaN;

  constructor(period = 14) {
    this.period = requirePeriod('RSI', period);
  }

  get ready(): boolean {
    return this.changes >= this.period;
  }

  update(x: number): number {
    if (Number.isNaN(this.previous)) {
      this.previous = x;
      return this.value;
    }
    const change = x - this.previous;
    this.previous = x;
    const gain = change > 0 ? change : 0;
    const loss = change < 0 ? -change : 0;
    this.changes += 1;
    if (this.changes <= this.period) {
      // Seed with plain averages of the first `period` changes.
      this.avgGain += gain / this.period;
      this.avgLoss += loss / this.period;
      if (this.changes < this.period) return this.value;
    } else {
      this.avgGain = (this.avgGain * (this.period - 1) + gain) / this.period;
      this.avgLoss = (this.avgLoss * (this.period - 1) + loss) / this.period;
    }
    this.value = this.avgLoss === 0 ? (this.avgGain === 0 ? 50 : 100) : 100 - 100 / (1 + this.avgGain / this.avgLoss);
    return this.value;
  }

  reset(): void {
    this.previous = Number.NaN;
    this.changes = 0;
    this.avgGain = 0;
    this.avgLoss = 0;
    this.value = Number.NaN;
  }
}
