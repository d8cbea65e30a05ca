import { describe, expect, it } from 'vitest';
import { SmaCrossover, smaCrossover } from '../src/sma-crossover.js';
import { INSTRUMENT, backtest, ramp } from './support.js';

const params = { ...smaCrossover.defaults, fast: 3, slow: 8, instrumentId: INSTRUMENT.id };

describe('sma-crossover', () => {
  it('buys after the fast average crosses above the slow one and exits on the cross below', () => {
    const strategy = new SmaCrossover(params);
    const closes = [...ramp(100, 90, 15), ...ramp(90, 110, 20), ...ramp(110, 95, 20)];
    const result = backtest(strategy, closes);
    expect(strategy.signals).toBe(2);
    expect(result.fills.map((f) => f.side)).toEqual(['BUY', 'SELL']);
    const buy = result.fills[0]!;
    // Sized at 95 % of equity, in whole lots.
    expect(buy.quantity).toBe(
      Math.floor((100_000 * 0.95) / closes[closes.findIndex((_, i) => i > 15 && closes[i]! > 92)]!),
    );
    expect(result.finalAccount.positions[0]!.quantity).toBe(0);
    expect(result.roundTrips).toHaveLength(1);
  });

  it('does not trade on the first reading, only on crosses', () => {
    const strategy = new SmaCrossover(params);
    const result = backtest(strategy, ramp(100, 130, 40));
    expect(strategy.signals).toBe(0);
    expect(result.fills).toEqual([]);
  });

  it('goes short on a downward cross when allowed', () => {
    const result = backtest(new SmaCrossover({ ...params, allowShort: true }), [
      ...ramp(100, 110, 15),
      ...ramp(110, 90, 20),
    ]);
    expect(result.finalAccount.positions[0]!.quantity).toBeLessThan(0);
  });

  it('rejects a fast period that is not shorter than the slow one', () => {
    expect(() => new SmaCrossover({ ...params, fast: 8 })).toThrow(/fast \(8\) must be shorter than slow \(8\)/);
  });
});
