import { roundToStep } from '../model/instrument.js';
import { BarSeries } from './bar-series.js';
import { SeededRandom } from './random.js';

export interface SyntheticBarsOptions {
  readonly instrumentId: string;
  readonly bars: number;
  readonly seed: number;
  /** @default 100 */
  readonly startPrice?: number;
  /** @default 2024-01-01T00:00:00Z */
  readonly startTime?: number;
  /** @default 3_600_000 (hourly bars) */
  readonly intervalMs?: number;
  /** Per-bar volatility of log returns. @default 0.01 */
  readonly volatility?: number;
  /** Per-bar drift of log returns. @default 0 */
  readonly drift?: number;
  /**
   * Regime switching: every so often the drift flips sign, which gives trend-following and
   * mean-reversion strategies something to find. @default 500
   */
  readonly regimeLength?: number;
  /** Prices are rounded to this tick. @default 0.01 */
  readonly tickSize?: number;
  /** Typical units traded per bar (actual volume varies with the move). @default 50_000 */
  readonly baseVolume?: number;
}

/**
 * Seeded geometric Brownian motion with drifting regimes and plausible intrabar ranges and
 * volumes. Identical for identical options on every machine.
 */
export function generateSyntheticBars(options: SyntheticBarsOptions): BarSeries {
  const n = options.bars;
  if (!Number.isInteger(n) || n < 0) throw new Error(`bars must be a non-negative integer, got ${n}`);
  const random = new SeededRandom(options.seed);
  const interval = options.intervalMs ?? 3_600_000;
  const volatility = options.volatility ?? 0.01;
  const baseDrift = options.drift ?? 0;
  const regimeLength = options.regimeLength ?? 500;
  const tick = options.tickSize ?? 0.01;
  const baseVolume = options.baseVolume ?? 50_000;
  const series = BarSeries.empty(options.instrumentId, n);
  let t = (options.startTime ?? Date.UTC(2024, 0, 1)) + interval;
  let price = options.startPrice ?? 100;
  let regimeDrift = 0;

  for (let i = 0; i < n; i++) {
    if (i % regimeLength === 0) regimeDrift = (random.next() - 0.5) * volatility * 0.05;
    const open = price;
    const logReturn = baseDrift + regimeDrift + volatility * random.normal();
    const close = Math.max(tick, open * Math.exp(logReturn));
    // Wicks beyond the body, scaled to volatility.
    const high = Math.max(open, close) * (1 + Math.abs(random.normal()) * volatility * 0.5);
    const low = Math.min(open, close) * (1 - Math.abs(random.normal()) * volatility * 0.5);
    series.ts[i] = t;
    series.open[i] = roundToStep(open, tick);
    series.close[i] = roundToStep(close, tick);
    series.high[i] = Math.max(roundToStep(high, tick), series.open[i]!, series.close[i]!);
    series.low[i] = Math.max(tick, Math.min(roundToStep(low, tick), series.open[i]!, series.close[i]!));
    series.volume[i] = Math.round(baseVolume * (0.5 + random.next()) * (1 + Math.abs(logReturn) / volatility));
    price = close;
    t += interval;
  }
  return series;
}
