import { BarSeries, createInstrument, runBacktest } from '@tradeforge/core';
import type { BacktestResult, Strategy } from '@tradeforge/core';

export const INSTRUMENT = createInstrument({ symbol: 'TEST', venue: 'SIM', tickSize: 0.01, lotSize: 1 });

/** Bars from closes: open = previous close, a small range around both, steady volume. */
export function barsFromCloses(closes: readonly number[]): BarSeries {
  return BarSeries.fromBars(
    INSTRUMENT.id,
    closes.map((close, i) => {
      const open = i === 0 ? close : closes[i - 1]!;
      return {
        ts: (i + 1) * 60_000,
        open,
        high: Math.max(open, close) + 0.05,
        low: Math.min(open, close) - 0.05,
        close,
        volume: 1_000_000,
      };
    }),
  );
}

export function backtest(strategy: Strategy, closes: readonly number[]): BacktestResult {
  return runBacktest({
    instrument: INSTRUMENT,
    data: { kind: 'bars', bars: barsFromCloses(closes) },
    strategy,
    initialCash: 100_000,
    riskLimits: { priceBandPercent: 50 },
    venue: { slippageBps: 0, randomSlippageBps: 0, latencyMs: 0 },
  });
}

export const ramp = (from: number, to: number, steps: number): number[] =>
  Array.from({ length: steps }, (_, i) => from + ((to - from) * (i + 1)) / steps);
