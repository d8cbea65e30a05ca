import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Position } from '../src/model/position.js';
import { fill } from './support/fixtures.js';

describe('Position', () => {
  it('averages entries and realizes PnL on reductions', () => {
    const position = new Position('UNIT.SIM', 1);
    position.apply(fill('BUY', 10, 100));
    position.apply(fill('BUY', 10, 110));
    expect(position.quantity).toBe(20);
    expect(position.averagePrice).toBe(105);
    const change = position.apply(fill('SELL', 5, 120));
    expect(change).toEqual({ quantityBefore: 20, quantityAfter: 15, realized: 75 });
    expect(position.averagePrice).toBe(105);
    position.markPrice = 100;
    expect(position.unrealizedPnl).toBe(-75);
  });

  it('flips from long to short at the fill price', () => {
    const position = new Position('UNIT.SIM', 1);
    position.apply(fill('BUY', 10, 100));
    const change = position.apply(fill('SELL', 15, 90));
    expect(change.realized).toBe(-100);
    expect(position.quantity).toBe(-5);
    expect(position.averagePrice).toBe(90);
    position.markPrice = 80;
    expect(position.unrealizedPnl).toBe(50);
  });

  it('keeps quantities on the lot grid (no 1e-17 leftovers)', () => {
    const position = new Position('X', 0.1);
    position.apply(fill('BUY', 0.1, 1));
    position.apply(fill('BUY', 0.2, 1));
    position.apply(fill('SELL', 0.3, 1));
    expect(position.quantity).toBe(0);
    expect(position.isFlat).toBe(true);
  });

  it('property: quantity equals the signed sum of its fills, and PnL adds up', () => {
    const fillArb = fc.record({
      side: fc.constantFrom('BUY' as const, 'SELL' as const),
      quantity: fc.integer({ min: 1, max: 50 }),
      price: fc.integer({ min: 50, max: 150 }),
    });
    fc.assert(
      fc.property(
        fc.array(fillArb, { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 300 }),
        (fills, mark) => {
          const position = new Position('UNIT.SIM', 1);
          let signedSum = 0;
          let cashFlow = 0;
          for (const f of fills) {
            position.apply(fill(f.side, f.quantity, f.price));
            const signed = f.side === 'BUY' ? f.quantity : -f.quantity;
            signedSum += signed;
            cashFlow -= signed * f.price;
          }
          expect(position.quantity).toBe(signedSum);
          expect(position.fills).toBe(fills.length);
          // Total PnL two ways: realized + unrealized equals cash flow + value at the mark.
          position.markPrice = mark;
          expect(position.realizedPnl + position.unrealizedPnl).toBeCloseTo(cashFlow + signedSum * mark, 6);
        },
      ),
    );
  });
});
