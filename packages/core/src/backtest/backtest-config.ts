import type { Instrument } from '../model/instrument.js';
import type { Tick } from '../model/market-data.js';
import type { RiskLimits } from '../risk/risk-limits.js';
import type { Strategy } from '../strategy/strategy.js';
import type { BarSeries } from './bar-series.js';
import type { SimulatedVenueConfig } from './simulated-venue-config.js';

export type BacktestData =
  | { readonly kind: 'bars'; readonly bars: BarSeries }
  /** Ticks, optionally also aggregated into bars of `barIntervalMs` for `onBar`. */
  | { readonly kind: 'ticks'; readonly ticks: readonly Tick[]; readonly barIntervalMs?: number };

export interface BacktestConfig {
  readonly instrument: Instrument;
  readonly data: BacktestData;
  readonly strategy: Strategy;
  /** @default 100_000 */
  readonly initialCash?: number;
  /** Overrides of the default risk limits. */
  readonly riskLimits?: Partial<RiskLimits>;
  /** Overrides of the simulated venue defaults. */
  readonly venue?: Partial<SimulatedVenueConfig>;
  /** Seeds every random choice in the venue: same seed, same result. @default 1 */
  readonly seed?: number;
  /** Called every `progressEvery` events and once at the end. */
  readonly onProgress?: (processed: number, total: number) => void;
  /** @default 250_000 */
  readonly progressEvery?: number;
}
