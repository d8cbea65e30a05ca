import { describe, expect, it } from 'vitest';
import { MeanReversion, meanReversion } from '../src/mean-reversion.js';
import { INSTRUMENT, backtest } from './support.js';

const params = { ...meanReversion.defaults, period: 10, instrumentId: INSTRUMENT.id };
const calm = Array.from({ length: 30 }, (_, i) => 100 + (i % 2 === 0 ? 0.2 : -0.2));

describe('mean-reversion', () => {
  it('buys a close stretched below the band and exits when price reverts', () => {
    const result = backtest(new MeanReversion(params), [...calm, 97, 97.5, 99.5, 100, 100, 100]);
    expect(result.fills.map((f) => [f.side, f.price])).toEqual([
      ['BUY', 97], // next bar's open = the stretched close
      ['SELL', 99.5],
    ]);
    expect(result.roundTrips[0]!.netPnl).toBeGreaterThan(0);
  });

  it('stays out while price moves inside the band', () => {
    expect(backtest(new MeanReversion(params), calm).fills).toEqual([]);
  });

  it('shorts stretches above the mean only when allowed', () => {
    const spike = [...calm, 103, 103, 100, 100];
    expect(backtest(new MeanReversion(params), spike).fills).toEqual([]);
    const result = backtest(new MeanReversion({ ...params, allowShort: true }), spike);
    expect(result.fills.map((f) => f.side)).toEqual(['SELL', 'BUY']);
  });
});
