import { readFileSync } from 'node:fs';
import { createInstrument, decimalsOf, generateSyntheticBars, parseOhlcvCsv } from '@tradeforge/core';
import type { BarSeries, Instrument } from '@tradeforge/core';

export interface LoadedMarketData {
  readonly instrument: Instrument;
  readonly bars: BarSeries;
  /** Human description for the summary and report. */
  readonly source: string;
}

/** Reads a CSV file (the only file access of a backtest) or generates seeded synthetic bars. */
export function loadMarketData(options: {
  dataFile: string | undefined;
  bars: number;
  seed: number;
  symbol: string;
}): LoadedMarketData {
  if (options.dataFile === undefined) {
    const instrument = createInstrument({ symbol: options.symbol, venue: 'SIM', tickSize: 0.01, lotSize: 0.001 });
    const bars = generateSyntheticBars({ instrumentId: instrument.id, bars: options.bars, seed: options.seed });
    return {
      instrument,
      bars,
      source: `synthetic, ${options.bars.toLocaleString('en-US')} bars, seed ${options.seed}`,
    };
  }
  const text = readFileSync(options.dataFile, 'utf8');
  // Parse once with a provisional id to learn the price precision, then fix the instrument.
  const probe = parseOhlcvCsv(text, 'PROBE');
  const tickSize = inferTickSize(probe.close);
  const instrument = createInstrument({ symbol: options.symbol, venue: 'SIM', tickSize, lotSize: 0.001 });
  const bars = parseOhlcvCsv(text, instrument.id);
  if (bars.length === 0) throw new Error(`${options.dataFile} has a header but no rows`);
  return { instrument, bars, source: `${options.dataFile}, ${bars.length.toLocaleString('en-US')} bars` };
}

/** The finest decimal step used by the first prices: CSVs do not say their tick size. */
export function inferTickSize(prices: Float64Array): number {
  let decimals = 0;
  const sample = Math.min(prices.length, 2_000);
  for (let i = 0; i < sample; i++) {
    const price = prices[i]!;
    decimals = Math.max(decimals, decimalsOf(Number(price.toPrecision(12))));
  }
  return Number((10 ** -Math.min(decimals, 10)).toFixed(Math.min(decimals, 10)));
}
