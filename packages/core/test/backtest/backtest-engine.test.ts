import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/backtest/backtest-engine.js';
import { computeMetrics, drawdownSeries } from '../../src/backtest/metrics.js';
import { generateSyntheticBars } from '../../src/backtest/synthetic-data.js';
import { TradeLog } from '../../src/backtest/trade-log.js';
import type { Bar, Tick } from '../../src/model/market-data.js';
import { Sma } from '../../src/strategy/indicators/sma.js';
import type { Strategy, StrategyContext } from '../../src/strategy/strategy.js';
import { orderTargetPosition } from '../../src/strategy/target-position.js';
import { BTC, fill } from '../support/fixtures.js';

/** A small trend follower that trades often enough to exercise every part of the kernel. */
function trender(period: number): Strategy {
  const sma = new Sma(period);
  return {
    id: 'trender',
    onBar(bar: Bar, ctx: StrategyContext) {
      const mean = sma.update(bar.close);
      if (!sma.ready) return;
      orderTargetPosition(ctx, bar.instrumentId, bar.close > mean ? 1 : -0.5);
    },
  };
}

function backtest(seed: number, dataSeed: number, period: number) {
  const bars = generateSyntheticBars({
    instrumentId: BTC.id,
    bars: 400,
    seed: dataSeed,
    startPrice: 50_000,
    volatility: 0.004,
  });
  return runBacktest({
    instrument: BTC,
    data: { kind: 'bars', bars },
    strategy: trender(period),
    seed,
    venue: { randomSlippageBps: 5, latencyJitterMs: 30_000 },
  });
}

describe('runBacktest', () => {
  it('property: the same seed gives the same result', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 2, max: 20 }),
        (seed, dataSeed, period) => {
          const a = backtest(seed, dataSeed, period);
          const b = backtest(seed, dataSeed, period);
          expect(b.fills).toEqual(a.fills);
          expect([...b.equity]).toEqual([...a.equity]);
          expect(b.metrics).toEqual(a.metrics);
        },
      ),
      { numRuns: 15 },
    );
  });

  it('a different venue seed changes random slippage', () => {
    const a = backtest(1, 5, 5);
    const b = backtest(2, 5, 5);
    expect(a.fills.length).toBeGreaterThan(10);
    expect(b.fills.map((f) => f.price)).not.toEqual(a.fills.map((f) => f.price));
  });

  it('property: at the end, equity is cash + position value and PnL adds up', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 2, max: 15 }), (dataSeed, period) => {
        const result = backtest(1, dataSeed, period);
        const account = result.finalAccount;
        const value = account.positions.reduce((sum, p) => sum + p.quantity * p.markPrice, 0);
        expect(account.cash + value).toBeCloseTo(account.equity, 6);
        expect(account.equity - 100_000).toBeCloseTo(account.realizedPnl + account.unrealizedPnl - account.fees, 6);
        expect(result.metrics.finalEquity).toBeCloseTo(account.equity, 6);
        const signed = result.fills.reduce((sum, f) => sum + (f.side === 'BUY' ? f.quantity : -f.quantity), 0);
        expect(account.positions[0]!.quantity).toBeCloseTo(signed, 9);
        expect(result.anomalies).toEqual([]);
      }),
      { numRuns: 20 },
    );
  });

  it('reports progress and order outcomes', () => {
    const bars = generateSyntheticBars({ instrumentId: BTC.id, bars: 1000, seed: 1, startPrice: 50_000 });
    const progress: number[] = [];
    const result = runBacktest({
      instrument: BTC,
      data: { kind: 'bars', bars },
      strategy: trender(10),
      progressEvery: 300,
      onProgress: (done) => progress.push(done),
    });
    expect(progress).toEqual([300, 600, 900, 1000]);
    expect(result.events).toBe(1000);
    expect(result.orders.submitted).toBeGreaterThan(0);
    expect(result.orders.filled).toBeLessThanOrEqual(result.orders.submitted);
    expect(result.metrics.exposure).toBeGreaterThan(0);
    expect(result.metrics.roundTrips).toBe(result.roundTrips.length);
  });

  it('replays ticks, building bars on the fly for onBar', () => {
    const ticks: Tick[] = [];
    for (let i = 0; i < 600; i++)
      ticks.push({ instrumentId: BTC.id, ts: 1_000 + i * 10_000, price: 50_000 + ((i * 37) % 200), size: 0.5 });
    const seen = { bars: 0, ticks: 0 };
    const strategy: Strategy = {
      id: 'ticker',
      onBar: () => void (seen.bars += 1),
      onTick(tick, ctx) {
        seen.ticks += 1;
        if (seen.ticks === 10)
          ctx.submitOrder({ instrumentId: tick.instrumentId, side: 'BUY', type: 'MARKET', quantity: 0.1 });
      },
    };
    const result = runBacktest({ instrument: BTC, data: { kind: 'ticks', ticks, barIntervalMs: 60_000 }, strategy });
    expect(seen.ticks).toBe(600);
    expect(seen.bars).toBe(99); // the last, incomplete minute is never dispatched
    expect(result.fills).toHaveLength(1);
    expect(result.finalAccount.positions[0]!.quantity).toBe(0.1);
  });
});

describe('metrics', () => {
  it('computes return, drawdown, win rate and exposure', () => {
    const equity = Float64Array.from([100, 110, 99, 120, 108]);
    const timestamps = Float64Array.from([1, 2, 3, 4, 5].map((d) => d * 86_400_000));
    const metrics = computeMetrics({
      initialEquity: 100,
      equity,
      timestamps,
      exposedBars: 2,
      roundTrips: 0,
      winningTrips: 0,
      fills: 0,
      fees: 0,
    });
    expect(metrics.totalReturn).toBeCloseTo(0.08, 12);
    expect(metrics.maxDrawdown).toBeCloseTo(0.1, 12);
    expect(metrics.maxDrawdownAmount).toBe(12);
    expect(metrics.exposure).toBe(0.4);
    expect(metrics.winRate).toBeNaN();
    expect(metrics.sharpe).toBeGreaterThan(0);
    expect([...drawdownSeries(equity)].map((d) => Number(d.toFixed(2)))).toEqual([0, 0, -0.1, 0, -0.1]);
  });

  it('splits round trips when a fill flips the position', () => {
    const log = new TradeLog();
    log.record(fill('BUY', 10, 100, { fee: 1, ts: 1 }), { quantityBefore: 0, quantityAfter: 10, realized: 0 });
    log.record(fill('SELL', 20, 110, { fee: 2, ts: 2 }), { quantityBefore: 10, quantityAfter: -10, realized: 100 });
    log.record(fill('BUY', 10, 105, { fee: 1, ts: 3 }), { quantityBefore: -10, quantityAfter: 0, realized: 50 });
    expect(log.roundTrips).toEqual([
      { instrumentId: 'UNIT.SIM', direction: 'LONG', entryTs: 1, exitTs: 2, maxQuantity: 10, netPnl: 98, fees: 2 },
      { instrumentId: 'UNIT.SIM', direction: 'SHORT', entryTs: 2, exitTs: 3, maxQuantity: 10, netPnl: 48, fees: 2 },
    ]);
  });
});
