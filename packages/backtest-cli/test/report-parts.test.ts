import { SmaCrossover, smaCrossover } from '@tradeforge/sample-strategies';
import { createInstrument, generateSyntheticBars, runBacktest } from '@tradeforge/core';
import { describe, expect, it } from 'vitest';
import { bareSmaCrossover } from '../src/bare-sma-loop.js';
import { median } from '../src/bench-stats.js';
import { inferTickSize } from '../src/market-data-source.js';
import { createProgressPrinter } from '../src/progress-printer.js';
import { renderLineChart } from '../src/svg-chart.js';

describe('svg chart', () => {
  it('reduces long series to pixel columns but keeps the extremes', () => {
    const n = 100_000;
    const values = new Float64Array(n).fill(10);
    values[54_321] = 99;
    values[12_345] = -7;
    const svg = renderLineChart(new Float64Array(n), values, {
      title: 'T',
      width: 500,
      color: '#000',
      formatValue: String,
    });
    const points = /<polyline points="([^"]+)"/.exec(svg)![1]!.split(' ');
    expect(points.length).toBeLessThanOrEqual(2 * 500);
    expect(svg).toContain('>99<');
    expect(svg).toContain('>-7<');
  });

  it('escapes titles', () => {
    expect(
      renderLineChart(new Float64Array(0), new Float64Array(0), { title: '<b>', color: '#000', formatValue: String }),
    ).toContain('&#60;b&#62;');
  });
});

describe('benchmark yardstick', () => {
  it('the bare loop finds exactly the crosses the strategy acts on', () => {
    const instrument = createInstrument({ symbol: 'B', venue: 'SIM', tickSize: 0.01, lotSize: 1e-6 });
    const bars = generateSyntheticBars({ instrumentId: instrument.id, bars: 20_000, seed: 9 });
    const strategy = new SmaCrossover({ ...smaCrossover.defaults, instrumentId: instrument.id });
    runBacktest({ instrument, data: { kind: 'bars', bars }, strategy });
    const bare = bareSmaCrossover(bars.close, smaCrossover.defaults.fast, smaCrossover.defaults.slow);
    expect(strategy.signals).toBeGreaterThan(100);
    expect(bare.signals).toBe(strategy.signals);
  });

  it('median of odd and even samples', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('helpers', () => {
  it('infers the tick size from price decimals', () => {
    expect(inferTickSize(Float64Array.from([100, 100.5, 100.25]))).toBe(0.01);
    expect(inferTickSize(Float64Array.from([42000, 42001]))).toBe(1);
    expect(inferTickSize(Float64Array.from([0.00012345]))).toBe(1e-8);
  });

  it('prints progress only for long runs and never the same line twice', () => {
    const lines: string[] = [];
    const progress = createProgressPrinter((line) => lines.push(line), 1000);
    progress(50, 100);
    progress(100, 100);
    const long = createProgressPrinter((line) => lines.push(line), 1000);
    long(5000, 5000);
    long(5000, 5000);
    expect(lines).toEqual([expect.stringMatching(/^progress: 5,000 \/ 5,000 bars \(100%\)/)]);
  });
});
