import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Atr, Bollinger, Ema, RollingExtreme, Rsi, Sma } from '../src/strategy/indicators/index.js';

const prices = fc.array(
  fc.integer({ min: 1, max: 100_000 }).map((cents) => cents / 100),
  { minLength: 1, maxLength: 200 },
);

describe('indicators', () => {
  it('SMA is NaN until ready, then the window mean', () => {
    const sma = new Sma(3);
    expect(sma.update(1)).toBeNaN();
    expect(sma.update(2)).toBeNaN();
    expect(sma.ready).toBe(false);
    expect(sma.update(3)).toBe(2);
    expect(sma.update(10)).toBe(5);
  });

  it('property: SMA and Bollinger match a naive recomputation over the window', () => {
    fc.assert(
      fc.property(prices, fc.integer({ min: 1, max: 30 }), (xs, period) => {
        const sma = new Sma(period);
        const bands = new Bollinger(period, 2);
        xs.forEach((x, i) => {
          sma.update(x);
          bands.update(x);
          if (i + 1 < period) return;
          const window = xs.slice(i + 1 - period, i + 1);
          const mean = window.reduce((a, b) => a + b, 0) / period;
          const sd = Math.sqrt(window.reduce((a, b) => a + (b - mean) ** 2, 0) / period);
          expect(sma.value).toBeCloseTo(mean, 6);
          expect(bands.value).toBeCloseTo(mean, 6);
          expect(bands.stdDev).toBeCloseTo(sd, 4);
          expect(bands.upper).toBeCloseTo(mean + 2 * sd, 4);
        });
      }),
    );
  });

  it('property: RollingExtreme matches Math.max/min of the window', () => {
    fc.assert(
      fc.property(prices, fc.integer({ min: 1, max: 25 }), (xs, period) => {
        const high = new RollingExtreme(period, 'max');
        const low = new RollingExtreme(period, 'min');
        xs.forEach((x, i) => {
          high.update(x);
          low.update(x);
          if (i + 1 < period) {
            expect(high.value).toBeNaN();
            return;
          }
          const window = xs.slice(i + 1 - period, i + 1);
          expect(high.value).toBe(Math.max(...window));
          expect(low.value).toBe(Math.min(...window));
        });
      }),
    );
  });

  it('EMA seeds with the SMA and then smooths with alpha = 2/(n+1)', () => {
    const ema = new Ema(3);
    ema.update(1);
    ema.update(2);
    expect(ema.update(3)).toBe(2);
    expect(ema.update(6)).toBe(4); // 2 + 0.5 * (6 - 2)
  });

  it('RSI is 100 on only gains, 0 on only losses, 50 on no change', () => {
    const up = new Rsi(3);
    const down = new Rsi(3);
    const flat = new Rsi(3);
    for (let i = 0; i < 5; i++) {
      up.update(10 + i);
      down.update(10 - i);
      flat.update(10);
    }
    expect(up.value).toBe(100);
    expect(down.value).toBe(0);
    expect(flat.value).toBe(50);
  });

  it('RSI matches Wilder on a known series', () => {
    const rsi = new Rsi(2);
    [10, 11, 10, 12].forEach((x) => rsi.update(x));
    // seed: gains [1,0] → 0.5, losses [0,1] → 0.5; then +2: gain (0.5+2)/2 = 1.25, loss 0.25
    expect(rsi.value).toBeCloseTo(100 - 100 / (1 + 1.25 / 0.25), 10);
  });

  it('ATR uses the true range including gaps', () => {
    const atr = new Atr(2);
    expect(atr.update(11, 9, 10)).toBeNaN(); // range 2
    expect(atr.update(15, 13, 14)).toBe(3.5); // true range max(2, |15-10|, |13-10|) = 5 → (2+5)/2
    expect(atr.update(14, 13, 13.5)).toBe(2.25); // true range max(1, 0, 1) = 1 → Wilder (3.5 * 1 + 1) / 2
  });

  it('rejects invalid periods with a clear message', () => {
    expect(() => new Sma(0)).toThrow(/SMA period must be a positive integer/);
  });
});
