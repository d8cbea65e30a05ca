import type { Bar } from '../model/market-data.js';

/**
 * Bars for one instrument stored column-wise in typed arrays: a million bars take 48 MB instead
 * of several hundred as objects, and the replay loop reads them without chasing pointers.
 * Timestamps are bar close times in epoch ms, strictly increasing.
 */
export class BarSeries {
  readonly instrumentId: string;
  readonly ts: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;

  constructor(
    instrumentId: string,
    columns: {
      ts: Float64Array;
      open: Float64Array;
      high: Float64Array;
      low: Float64Array;
      close: Float64Array;
      volume: Float64Array;
    },
  ) {
    const length = columns.ts.length;
    for (const name of ['open', 'high', 'low', 'close', 'volume'] as const) {
      if (columns[name].length !== length)
        throw new Error(`BarSeries: column ${name} has ${columns[name].length} values, ts has ${length}`);
    }
    this.instrumentId = instrumentId;
    this.ts = columns.ts;
    this.open = columns.open;
    this.high = columns.high;
    this.low = columns.low;
    this.close = columns.close;
    this.volume = columns.volume;
  }

  get length(): number {
    return this.ts.length;
  }

  static empty(instrumentId: string, length: number): BarSeries {
    return new BarSeries(instrumentId, {
      ts: new Float64Array(length),
      open: new Float64Array(length),
      high: new Float64Array(length),
      low: new Float64Array(length),
      close: new Float64Array(length),
      volume: new Float64Array(length),
    });
  }

  static fromBars(instrumentId: string, bars: readonly Omit<Bar, 'instrumentId'>[]): BarSeries {
    const series = BarSeries.empty(instrumentId, bars.length);
    bars.forEach((bar, i) => series.set(i, bar));
    return series;
  }

  set(i: number, bar: Omit<Bar, 'instrumentId'>): void {
    this.ts[i] = bar.ts;
    this.open[i] = bar.open;
    this.high[i] = bar.high;
    this.low[i] = bar.low;
    this.close[i] = bar.close;
    this.volume[i] = bar.volume;
  }

  bar(i: number): Bar {
    if (i < 0 || i >= this.length) throw new RangeError(`bar index ${i} outside 0..${this.length - 1}`);
    return {
      instrumentId: this.instrumentId,
      ts: this.ts[i]!,
      open: this.open[i]!,
      high: this.high[i]!,
      low: this.low[i]!,
      close: this.close[i]!,
      volume: this.volume[i]!,
    };
  }

  /** Bars [start, end) as a view over the same memory (no copy). */
  slice(start: number, end: number): BarSeries {
    return new BarSeries(this.instrumentId, {
      ts: this.ts.subarray(start, end),
      open: this.open.subarray(start, end),
      high: this.high.subarray(start, end),
      low: this.low.subarray(start, end),
      close: this.close.subarray(start, end),
      volume: this.volume.subarray(start, end),
    });
  }
}
