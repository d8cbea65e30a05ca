/**
 * Pre-trade risk limits the risk service enforces on every new order. Amounts are in the
 * account's quote currency. Every limit must be a positive number.
 */
export interface RiskLimitsConfig {
  /**
   * Largest notional (price × quantity) of a single order.
   * @default 100000
   */
  readonly maxOrderNotional?: number;
  /**
   * Largest absolute position notional per instrument.
   * @default 500000
   */
  readonly maxPositionNotional?: number;
  /**
   * Most open (working) orders at once across all instruments.
   * @default 50
   */
  readonly maxOpenOrders?: number;
  /**
   * New orders allowed per second before the rate limit denies.
   * @default 20
   */
  readonly maxOrdersPerSecond?: number;
  /**
   * Cancels allowed per second.
   * @default 50
   */
  readonly maxCancelsPerSecond?: number;
  /**
   * Realized + unrealized loss in one trading day after which trading turns HALTED.
   * @default 25000
   */
  readonly dailyLossLimit?: number;
  /**
   * How far (in percent) a limit price may stray from the last traded price.
   * @default 5
   */
  readonly priceBandPercent?: number;
}
