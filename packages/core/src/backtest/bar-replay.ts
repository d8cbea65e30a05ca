import type { ReplayClock } from '../clock.js';
import type { Bar } from '../model/market-data.js';
import type { Position } from '../model/position.js';
import type { Portfolio } from '../portfolio/portfolio.js';
import type { RiskEngine } from '../risk/risk-engine.js';
import type { StrategyHost } from '../strategy/strategy-host.js';
import type { Strategy } from '../strategy/strategy.js';
import type { BarSeries } from './bar-series.js';
import type { SimulatedVenue } from './simulated-venue.js';

/** What the bar loop touches, resolved once before the run. */
export interface BarReplayParts {
  readonly clock: ReplayClock;
  readonly venue: SimulatedVenue;
  readonly portfolio: Portfolio;
  /** The backtest's one position: the single holder of the mark price. */
  readonly position: Position;
  readonly risk: RiskEngine;
  readonly strategy: Strategy;
  readonly host: StrategyHost;
}

// Bars per call of the loop function. A million-iteration loop entered once per run is compiled
// by on-stack replacement each run, and runs unoptimised (boxing every number) until then; a loop
// function called hundreds of times per run is optimised once like any hot function and keeps
// that code from run to run.
const CHUNK = 2048;

/**
 * Replays a bar series through the kernel: venue matching, mark, equity, the risk engine's
 * daily-loss watch, then the strategy. Fills `equity` (one value per bar) and reports progress
 * every `progressEvery` bars.
 */
export function replayBars(
  series: BarSeries,
  equity: Float64Array,
  parts: BarReplayParts,
  progressEvery: number,
  onProgress: ((processed: number, total: number) => void) | undefined,
): { exposedBars: number } {
  const loop = new BarLoop(series, equity, parts);
  const n = series.length;
  let nextProgress = progressEvery;
  for (let start = 0; start < n;) {
    // Chunks end on progress points, so progress is reported after exactly the same bars. The
    // first chunk is one bar, so every line of run has executed before V8 compiles its loop on
    // the stack; code compiled while the lines after the loop had never run deoptimized at the
    // end of each later chunk.
    const end = Math.min(start + (start === 0 ? 1 : CHUNK), nextProgress, n);
    loop.run(start, end);
    if (end === nextProgress) {
      onProgress?.(end, n);
      nextProgress += progressEvery;
    }
    start = end;
  }
  return { exposedBars: loop.exposedBars };
}

class BarLoop {
  exposedBars = 0;
  private readonly series: BarSeries;
  private readonly equity: Float64Array;
  private readonly parts: BarReplayParts;

  constructor(series: BarSeries, equity: Float64Array, parts: BarReplayParts) {
    this.series = series;
    this.equity = equity;
    this.parts = parts;
  }

  /** Bars [from, to). Everything is read into locals first: the loop then loads no fields. */
  run(from: number, to: number): void {
    const { clock, venue, portfolio, position, risk, strategy, host } = this.parts;
    const { instrumentId, ts, open, high, low, close, volume } = this.series;
    const equity = this.equity;
    // Called as a method on the strategy, not through a bound function: a new strategy per run
    // would make a bound call site megamorphic, and a method call can be inlined.
    const hasOnBar = strategy.onBar !== undefined;
    let exposed = 0;
    for (let i = from; i < to; i++) {
      const t = ts[i]!;
      const price = close[i]!;
      clock.advanceTo(t);
      if (venue.hasWork) venue.onBarPrices(instrumentId, t, open[i]!, high[i]!, low[i]!, volume[i]!);
      position.markPrice = price;
      const value = portfolio.equity();
      risk.observeEquity(t, value);
      if (hasOnBar) {
        // A fresh Bar per event (strategies may keep the bars they are given); only the strategy
        // sees it, so when its onBar is inlined and keeps nothing the JIT need not build it.
        const bar: Bar = {
          instrumentId,
          ts: t,
          open: open[i]!,
          high: high[i]!,
          low: low[i]!,
          close: price,
          volume: volume[i]!,
        };
        strategy.onBar!(bar, host);
      }
      equity[i] = value;
      if (position.quantity !== 0) exposed++;
    }
    this.exposedBars += exposed;
  }
}
