import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Portfolio } from '../src/portfolio/portfolio.js';
import { BTC, UNITS, fill } from './support/fixtures.js';

describe('Portfolio', () => {
  it('deduplicates fills by (venue, trade id)', () => {
    const portfolio = new Portfolio(10_000);
    const first = fill('BUY', 10, 100, { tradeId: 'T1' });
    expect(portfolio.applyFill(first, UNITS).applied).toBe(true);
    expect(portfolio.applyFill({ ...first }, UNITS)).toEqual({ applied: false, reason: 'duplicate' });
    expect(portfolio.quantityOf(UNITS.id)).toBe(10);
    expect(portfolio.cash).toBe(9_000);
    // The same trade id at another venue is a different fill.
    expect(portfolio.applyFill({ ...first, venue: 'OTHER' }, UNITS).applied).toBe(true);
    expect(portfolio.quantityOf(UNITS.id)).toBe(20);
  });

  it('charges fees to cash and reports them in the snapshot', () => {
    const portfolio = new Portfolio(1_000);
    portfolio.applyFill(fill('BUY', 1, 100, { fee: 0.5 }), UNITS);
    portfolio.mark(UNITS.id, 110);
    const snapshot = portfolio.snapshot(42);
    expect(snapshot).toMatchObject({
      ts: 42,
      cash: 899.5,
      equity: 1009.5,
      fees: 0.5,
      unrealizedPnl: 10,
      grossExposure: 110,
    });
    expect(snapshot.positions).toEqual([
      expect.objectContaining({ instrumentId: UNITS.id, quantity: 1, averagePrice: 100, markPrice: 110 }),
    ]);
  });

  it('property: cash + position value equals equity, and equity - initial = realized + unrealized - fees', () => {
    const fillArb = fc.record({
      instrument: fc.constantFrom(UNITS, BTC),
      side: fc.constantFrom('BUY' as const, 'SELL' as const),
      lots: fc.integer({ min: 1, max: 2_000 }),
      price: fc.integer({ min: 1_000, max: 200_000 }).map((cents) => cents / 100),
      fee: fc.integer({ min: 0, max: 500 }).map((cents) => cents / 100),
    });
    fc.assert(
      fc.property(fc.array(fillArb, { maxLength: 50 }), fc.integer({ min: 1, max: 3000 }), (fills, mark) => {
        const initial = 1_000_000;
        const portfolio = new Portfolio(initial);
        for (const f of fills) {
          portfolio.applyFill(
            fill(f.side, f.lots * f.instrument.lotSize, f.price, { fee: f.fee, instrumentId: f.instrument.id }),
            f.instrument,
          );
        }
        portfolio.mark(UNITS.id, mark);
        portfolio.mark(BTC.id, mark / 10);
        const snapshot = portfolio.snapshot(0);
        const positionValue = snapshot.positions.reduce((sum, p) => sum + p.quantity * p.markPrice, 0);
        expect(snapshot.cash + positionValue).toBeCloseTo(snapshot.equity, 6);
        expect(snapshot.equity - initial).toBeCloseTo(snapshot.realizedPnl + snapshot.unrealizedPnl - snapshot.fees, 4);
      }),
    );
  });
});
