import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CounterIds } from '../../src/backtest/counter-ids.js';
import { FillLog } from '../../src/backtest/fill-log.js';
import { Float64Rows } from '../../src/backtest/float64-rows.js';
import type { Fill } from '../../src/model/order-events.js';

describe('Float64Rows', () => {
  it('keeps every row across growth', () => {
    const rows = new Float64Rows(3);
    for (let i = 0; i < 5000; i++) {
      const offset = rows.append();
      rows.data[offset] = i;
      rows.data[offset + 2] = -i;
    }
    expect(rows.length).toBe(5000);
    expect(rows.data[rows.offsetOf(4321)]).toBe(4321);
    expect(rows.data[rows.offsetOf(4321) + 2]).toBe(-4321);
    expect(() => rows.offsetOf(5000)).toThrow(RangeError);
  });
});

describe('FillLog', () => {
  it('rebuilds each fill event field for field', () => {
    const fills: Fill[] = [
      {
        version: 1,
        clientOrderId: 'sma-crossover-0-1',
        strategyId: 'sma-crossover',
        instrumentId: 'BTCUSDT.SIM',
        ts: 1_706_000_000_000,
        type: 'order.filled',
        venue: 'SIM',
        tradeId: 'SIM-T1',
        venueOrderId: 'SIM-O1',
        side: 'BUY',
        quantity: 0.123456,
        price: 64_000.01,
        fee: 7.9,
        liquidity: 'TAKER',
      },
      {
        version: 1,
        clientOrderId: 'manual-7',
        strategyId: 'other',
        instrumentId: 'ETHUSDT.SIM',
        ts: 1_706_000_060_000,
        type: 'order.filled',
        venue: 'SIM',
        tradeId: 'abc',
        venueOrderId: 'SIM-O2',
        side: 'SELL',
        quantity: 3,
        price: 0.1 + 0.2,
        fee: -0.5,
        liquidity: 'MAKER',
      },
    ];
    const log = new FillLog();
    for (const fill of fills) log.push(fill);
    expect(log.length).toBe(2);
    expect(log.toArray()).toEqual(fills);
    expect(log.at(1).price).toBe(0.1 + 0.2);
  });
});

describe('CounterIds', () => {
  it('gives back every id exactly, whatever its digits', () => {
    const ids = [
      'SIM-T1',
      'SIM-T2',
      'SIM-T10',
      'SIM-T007', // leading zeros are not a counter: "T7" would be another id
      'SIM-T0',
      '42',
      '0',
      '',
      'sma-crossover',
      'sma-crossover-0-1',
      'x1234567890123456', // 16 digits: beyond an exact counter
      'SIM-O3',
      'SIM-T11',
      'SIM-T11',
    ];
    const column = new CounterIds();
    for (const id of ids) column.push(id);
    expect(Array.from({ length: column.length }, (_, i) => column.get(i))).toEqual(ids);
  });

  it('round-trips arbitrary strings across growth', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string(), fc.stringMatching(/^[a-z-]{0,4}\d{0,18}$/)), { maxLength: 3000 }),
        (ids) => {
          const column = new CounterIds();
          for (const id of ids) column.push(id);
          expect(Array.from({ length: column.length }, (_, i) => column.get(i))).toEqual(ids);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('refuses a row it does not have', () => {
    const column = new CounterIds();
    column.push('a');
    expect(() => column.get(1)).toThrow(RangeError);
    expect(() => column.get(-1)).toThrow(RangeError);
  });
});
