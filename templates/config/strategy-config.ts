/** The sample strategies the strategy service can run (`sample-strategies/`). */
export const STRATEGY_NAMES = ['sma-crossover', 'mean-reversion', 'breakout'] as const;
export type StrategyName = (typeof STRATEGY_NAMES)[number];

/** One strategy the strategy service runs live (paper or real venues) on one instrument. */
export interface StrategyConfig {
  /**
   * Which sample strategy.
   * @example "sma-crossover"
   */
  readonly name: StrategyName;
  /**
   * Instrument id it trades, `<symbol>.<venue>`; must be a configured instrument.
   * @example "BTCUSDT.paper"
   */
  readonly instrument: string;
  /**
   * Parameters overriding the strategy's defaults (see its `defaults` in sample-strategies/).
   * @default {}
   */
  readonly params?: Readonly<Record<string, number | string | boolean>>;
}
