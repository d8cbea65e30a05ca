import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TradeIdSet } from '../src/portfolio/trade-id-set.js';

describe('TradeIdSet', () => {
  it('remembers counter ids and refuses them a second time', () => {
    const ids = new TradeIdSet();
    expect(ids.add('SIM-T1')).toBe(true);
    expect(ids.add('SIM-T2')).toBe(true);
    expect(ids.add('SIM-T1')).toBe(false);
    expect(ids.has('SIM-T2')).toBe(true);
    expect(ids.has('SIM-T3')).toBe(false);
    expect(ids.size).toBe(2);
  });

  it('keeps ids that only share a number apart', () => {
    const ids = new TradeIdSet();
    expect(ids.add('T7')).toBe(true);
    // Leading zeros, another prefix, a prefix ending in a digit: all different ids.
    expect(ids.add('T07')).toBe(true);
    expect(ids.add('X7')).toBe(true);
    expect(ids.add('T17')).toBe(true);
    expect(ids.add('T1-7')).toBe(true);
    expect(ids.has('T007')).toBe(false);
    expect(ids.add('T07')).toBe(false);
    expect(ids.add('X7')).toBe(false);
    expect(ids.size).toBe(5);
  });

  it('handles ids without a counter, below the first counter and far above it', () => {
    const ids = new TradeIdSet();
    expect(ids.add('T1000')).toBe(true);
    expect(ids.add('T999')).toBe(true);
    expect(ids.add('T99999999999')).toBe(true);
    expect(ids.add('T1234567890123456789')).toBe(true);
    expect(ids.add('abc')).toBe(true);
    expect(ids.add('')).toBe(true);
    for (const id of ['T1000', 'T999', 'T99999999999', 'T1234567890123456789', 'abc', ''])
      expect(ids.add(id)).toBe(false);
    expect(ids.size).toBe(6);
  });

  it('property: behaves exactly like a Set of strings', () => {
    const id = fc.oneof(
      fc.integer({ min: 0, max: 5_000 }).map((n) => `SIM-T${n}`),
      fc.integer({ min: 0, max: 50 }).map((n) => `SIM-T0${n}`),
      fc.integer({ min: 0, max: 50 }).map((n) => `B${n}`),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(fc.array(id, { maxLength: 300 }), (sequence) => {
        const ids = new TradeIdSet();
        const reference = new Set<string>();
        for (const tradeId of sequence) {
          expect(ids.has(tradeId)).toBe(reference.has(tradeId));
          const isNew = !reference.has(tradeId);
          reference.add(tradeId);
          expect(ids.add(tradeId)).toBe(isNew);
        }
        expect(ids.size).toBe(reference.size);
      }),
    );
  });
});
