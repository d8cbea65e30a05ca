import { describe, expect, it } from 'vitest';
import { BarSeries } from '../../src/backtest/bar-series.js';
import { CsvFormatError, parseOhlcvCsv } from '../../src/backtest/csv.js';
import { TickBarAggregator, resampleTicks } from '../../src/backtest/resample.js';
import { generateSyntheticBars } from '../../src/backtest/synthetic-data.js';

describe('CSV OHLCV parsing', () => {
  it('reads ISO, epoch-second and epoch-millisecond times and optional volume', () => {
    const csv = [
      'Date,Open,High,Low,Close,Volume',
      '2024-01-01T00:01:00Z,10,11,9,10.5,100',
      '1704067320,10.5,12,10,11,50',
      '1704067380000,11,11,10,10,0',
      '',
    ].join('\n');
    const series = parseOhlcvCsv(csv, 'X.SIM');
    expect(series.length).toBe(3);
    expect([...series.ts]).toEqual([1704067260000, 1704067320000, 1704067380000]);
    expect(series.bar(1)).toEqual({
      instrumentId: 'X.SIM',
      ts: 1704067320000,
      open: 10.5,
      high: 12,
      low: 10,
      close: 11,
      volume: 50,
    });
    const noVolume = parseOhlcvCsv('timestamp;open;high;low;close\n1;1;1;1;1', 'X.SIM');
    expect(noVolume.volume[0]).toBe(0);
  });

  it.each([
    ['', /empty/],
    ['open,high,low,close\n1,1,1,1', /no time column/],
    ['time,open,high,close\n1,1,1,1', /missing column "low"/],
    ['time,open,high,low,close\n1,1,1,1,abc', /line 2: close "abc" is not a number/],
    ['time,open,high,low,close\n1,1,2,1.5,1', /line 2: inconsistent bar/],
    ['time,open,high,low,close\n2,1,1,1,1\n1,1,1,1,1', /line 3: .*not after the previous row/],
    ['time,open,high,low,close\nyesterday,1,1,1,1', /neither ISO-8601/],
  ])('explains what is wrong: %j', (csv, message) => {
    expect(() => parseOhlcvCsv(csv, 'X.SIM')).toThrow(CsvFormatError);
    expect(() => parseOhlcvCsv(csv, 'X.SIM')).toThrow(message);
  });
});

describe('tick-to-bar resampling', () => {
  const tick = (ts: number, price: number, size = 1) => ({ instrumentId: 'X.SIM', ts, price, size });

  it('aggregates ticks into bars stamped with their close time', () => {
    const bars = resampleTicks(
      [tick(1, 10), tick(30_000, 12, 2), tick(60_000, 9), tick(60_001, 11, 5), tick(185_000, 13)],
      60_000,
    );
    expect(bars).toEqual([
      { instrumentId: 'X.SIM', ts: 60_000, open: 10, high: 12, low: 9, close: 9, volume: 4 },
      { instrumentId: 'X.SIM', ts: 120_000, open: 11, high: 11, low: 11, close: 11, volume: 5 },
      { instrumentId: 'X.SIM', ts: 240_000, open: 13, high: 13, low: 13, close: 13, volume: 1 },
    ]);
  });

  it('emits a bar only once a later tick proves it complete', () => {
    const aggregator = new TickBarAggregator('X.SIM', 1000);
    expect(aggregator.update(tick(100, 1))).toBeUndefined();
    expect(aggregator.update(tick(900, 2))).toBeUndefined();
    expect(aggregator.update(tick(1001, 3))).toMatchObject({ ts: 1000, close: 2 });
    expect(() => aggregator.update(tick(10, 1))).toThrow(/older/);
  });
});

describe('synthetic data', () => {
  it('is identical for the same seed and different for another', () => {
    const a = generateSyntheticBars({ instrumentId: 'X.SIM', bars: 500, seed: 7 });
    const b = generateSyntheticBars({ instrumentId: 'X.SIM', bars: 500, seed: 7 });
    const c = generateSyntheticBars({ instrumentId: 'X.SIM', bars: 500, seed: 8 });
    expect([...a.close]).toEqual([...b.close]);
    expect([...a.close]).not.toEqual([...c.close]);
  });

  it('produces consistent bars on the tick grid with increasing times', () => {
    const series = generateSyntheticBars({ instrumentId: 'X.SIM', bars: 2000, seed: 3, tickSize: 0.05 });
    for (let i = 0; i < series.length; i++) {
      const bar = series.bar(i);
      expect(bar.low).toBeLessThanOrEqual(Math.min(bar.open, bar.close));
      expect(bar.high).toBeGreaterThanOrEqual(Math.max(bar.open, bar.close));
      expect(Math.abs(bar.close / 0.05 - Math.round(bar.close / 0.05))).toBeLessThan(1e-6);
      if (i > 0) expect(bar.ts).toBeGreaterThan(series.ts[i - 1]!);
    }
  });

  it('BarSeries rejects ragged columns', () => {
    expect(
      () =>
        new BarSeries('X', {
          ts: new Float64Array(2),
          open: new Float64Array(1),
          high: new Float64Array(2),
          low: new Float64Array(2),
          close: new Float64Array(2),
          volume: new Float64Array(2),
        }),
    ).toThrow(/open has 1 values/);
  });
});
