import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/backtest/backtest-engine.js';
import { computeMetrics } from '../../src/backtest/metrics.js';
import { SeededRandom } from '../../src/backtest/random.js';
import { generateSyntheticBars } from '../../src/backtest/synthetic-data.js';
import type { Bar } from '../../src/model/market-data.js';
import { Portfolio } from '../../src/portfolio/portfolio.js';
import { Sma } from '../../src/strategy/indicators/sma.js';
import type { Strategy, StrategyContext } from '../../src/strategy/strategy.js';
import { orderTargetPosition } from '../../src/strategy/target-position.js';
import { BTC } from '../support/fixtures.js';

// The replay loop and the metrics scan work in chunks of a few thousand values; these runs are
// long enough to cross many chunk boundaries and are checked value by value against plain loops.
const LENGTH = 12_345;

describe('long runs (across the replay and metrics chunks)', () => {
  it('every bar is replayed once, in order: equity is cash + position value after that bar', () => {
    const bars = generateSyntheticBars({ instrumentId: BTC.id, bars: LENGTH, seed: 7, startPrice: 50_000 });
    const sma = new Sma(20);
    const seen: number[] = [];
    const strategy: Strategy = {
      id: 'long-trender',
      onBar(bar: Bar, ctx: StrategyContext) {
        seen.push(bar.ts);
        const mean = sma.update(bar.close);
        if (sma.ready) orderTargetPosition(ctx, bar.instrumentId, bar.close > mean ? 1 : 0);
      },
    };
    const result = runBacktest({ instrument: BTC, data: { kind: 'bars', bars }, strategy, progressEvery: 1_000 });
    expect(seen).toEqual([...bars.ts]);
    expect(result.fills.length).toBeGreaterThan(100);

    // Rebuild the equity curve from the fills: a fill is applied before the equity of its bar.
    const portfolio = new Portfolio(100_000, BTC.quoteCurrency);
    const position = portfolio.position(BTC);
    let next = 0;
    let exposed = 0;
    for (let i = 0; i < LENGTH; i++) {
      while (next < result.fills.length && result.fills[next]!.ts <= bars.ts[i]!)
        portfolio.applyFill(result.fills[next++]!, BTC);
      portfolio.mark(BTC.id, bars.close[i]!);
      expect(result.equity[i]).toBe(portfolio.equity());
      if (position.quantity !== 0) exposed++;
    }
    expect(next).toBe(result.fills.length);
    expect(result.metrics.exposure).toBe(exposed / LENGTH);
  });

  it('metrics over a long curve with flat stretches equal a plain loop', () => {
    const random = new SeededRandom(3);
    const equity = new Float64Array(LENGTH);
    let value = 1_000;
    for (let i = 0; i < LENGTH; i++) {
      // Flat for long stretches (no position), moving otherwise.
      if (Math.floor(i / 500) % 2 === 1) value *= 1 + (random.next() - 0.5) * 0.01;
      equity[i] = value;
    }
    const timestamps = Float64Array.from({ length: LENGTH }, (_, i) => i * 60_000);
    const metrics = computeMetrics({
      initialEquity: 1_000,
      equity,
      timestamps,
      exposedBars: 0,
      roundTrips: 0,
      winningTrips: 0,
      fills: 0,
      fees: 0,
    });

    let peak = 1_000;
    let maxDrawdown = 0;
    let maxDrawdownAmount = 0;
    let previous = 1_000;
    let sum = 0;
    let sumSquares = 0;
    for (let i = 0; i < LENGTH; i++) {
      const v = equity[i]!;
      if (v > peak) peak = v;
      const fall = peak - v;
      if (fall > maxDrawdownAmount) maxDrawdownAmount = fall;
      if (peak > 0 && fall / peak > maxDrawdown) maxDrawdown = fall / peak;
      const r = previous !== 0 ? v / previous - 1 : 0;
      sum += r;
      sumSquares += r * r;
      previous = v;
    }
    const mean = sum / LENGTH;
    const variance = Math.max(0, (sumSquares - LENGTH * mean * mean) / (LENGTH - 1));
    const periodsPerYear = (365.25 * 24 * 3600 * 1000) / 60_000;
    expect(metrics.maxDrawdown).toBe(maxDrawdown);
    expect(metrics.maxDrawdownAmount).toBe(maxDrawdownAmount);
    expect(metrics.sharpe).toBe((mean / Math.sqrt(variance)) * Math.sqrt(periodsPerYear));
    expect(metrics.finalEquity).toBe(equity[LENGTH - 1]);
  });
});
