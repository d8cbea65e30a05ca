import { describe, expect, it } from 'vitest';
import { Breakout, breakout } from '../src/breakout.js';
import { INSTRUMENT, backtest, ramp } from './support.js';

const params = {
  ...breakout.defaults,
  entryPeriod: 10,
  exitPeriod: 5,
  atrPeriod: 5,
  stopAtr: 2,
  instrumentId: INSTRUMENT.id,
};
const range = Array.from({ length: 20 }, (_, i) => 100 + (i % 3) * 0.3);

describe('breakout', () => {
  it('buys the break of the channel high and protects it with a reduce-only stop', () => {
    const result = backtest(new Breakout(params), [...range, 102, 103, 104, 105]);
    expect(result.fills.map((f) => f.side)).toEqual(['BUY']);
    expect(result.orders.submitted).toBe(2); // entry + protective stop, still working
  });

  it('the protective stop closes the position on a crash', () => {
    const result = backtest(new Breakout(params), [...range, 102, 103, 90, 89, 88]);
    expect(result.fills.map((f) => f.side)).toEqual(['BUY', 'SELL']);
    expect(result.finalAccount.positions[0]!.quantity).toBe(0);
    expect(result.roundTrips[0]!.netPnl).toBeLessThan(0);
  });

  it('exits below the trailing channel low and cancels the stop', () => {
    const result = backtest(new Breakout(params), [...range, 102, ...ramp(102, 110, 10), ...ramp(110, 106, 8)]);
    expect(result.fills.map((f) => f.side)).toEqual(['BUY', 'SELL']);
    expect(result.orders.canceled).toBe(1);
    expect(result.anomalies).toEqual([]);
  });

  it('does nothing inside the range', () => {
    expect(backtest(new Breakout(params), range).fills).toEqual([]);
  });
});
