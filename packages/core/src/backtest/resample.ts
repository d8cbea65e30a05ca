import type { Bar, Tick } from '../model/market-data.js';

/**
 * Builds time bars from trade ticks as they arrive. A bar covers (end - interval, end] and is
 * emitted when the first tick of a later bucket arrives (or on `flush`), stamped with its end
 * time, so it never contains information from after its timestamp. Empty buckets emit nothing.
 */
export class TickBarAggregator {
  readonly intervalMs: number;
  private readonly instrumentId: string;
  private bucketEnd = Number.NaN;
  private open = 0;
  private high = 0;
  private low = 0;
  private close = 0;
  private volume = 0;

  constructor(instrumentId: string, intervalMs: number) {
    if (!(intervalMs > 0)) throw new Error(`interval must be > 0 ms, got ${intervalMs}`);
    this.instrumentId = instrumentId;
    this.intervalMs = intervalMs;
  }

  /** Adds a tick; returns the bar it completed, if any. Ticks must come in time order. */
  update(tick: Tick): Bar | undefined {
    const end = Math.ceil(tick.ts / this.intervalMs) * this.intervalMs;
    let completed: Bar | undefined;
    if (!Number.isNaN(this.bucketEnd)) {
      if (end < this.bucketEnd)
        throw new Error(`tick at ${tick.ts} is older than the current bar ending ${this.bucketEnd}`);
      if (end === this.bucketEnd) {
        if (tick.price > this.high) this.high = tick.price;
        if (tick.price < this.low) this.low = tick.price;
        this.close = tick.price;
        this.volume += tick.size;
        return undefined;
      }
      completed = this.flush();
    }
    this.bucketEnd = end;
    this.open = this.high = this.low = this.close = tick.price;
    this.volume = tick.size;
    return completed;
  }

  /** Emits the bar in progress (e.g. at the end of the data). */
  flush(): Bar | undefined {
    if (Number.isNaN(this.bucketEnd)) return undefined;
    const bar: Bar = {
      instrumentId: this.instrumentId,
      ts: this.bucketEnd,
      open: this.open,
      high: this.high,
      low: this.low,
      close: this.close,
      volume: this.volume,
    };
    this.bucketEnd = Number.NaN;
    return bar;
  }
}

/** Resamples a time-ordered list of ticks into bars of `intervalMs`. */
export function resampleTicks(ticks: readonly Tick[], intervalMs: number): Bar[] {
  const first = ticks[0];
  if (first === undefined) return [];
  const aggregator = new TickBarAggregator(first.instrumentId, intervalMs);
  const bars: Bar[] = [];
  for (const tick of ticks) {
    const bar = aggregator.update(tick);
    if (bar !== undefined) bars.push(bar);
  }
  const last = aggregator.flush();
  if (last !== undefined) bars.push(last);
  return bars;
}
