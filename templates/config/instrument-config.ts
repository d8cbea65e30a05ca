import type { VenueId } from './venue-config.js';

/**
 * A tradable instrument and the venue's order rules. The risk engine refuses orders that break
 * them (precision, minimum size and notional); the instrument id is `<symbol>.<venue>`.
 */
export interface InstrumentConfig {
  /**
   * Venue symbol: upper-case letters and digits.
   * @example "BTCUSDT"
   */
  readonly symbol: string;
  /**
   * Venue it trades on; must be one of the configured venues.
   * @default "paper"
   */
  readonly venue?: VenueId;
  /**
   * Currency prices are quoted in.
   * @default "USDT"
   */
  readonly quoteCurrency?: string;
  /** Prices must be multiples of this (> 0). @example 0.01 */
  readonly tickSize: number;
  /** Quantities must be multiples of this (> 0). @example 0.0001 */
  readonly lotSize: number;
  /**
   * Smallest order quantity.
   * @default lotSize
   */
  readonly minQuantity?: number;
  /**
   * Smallest order notional (price × quantity).
   * @default 0
   */
  readonly minNotional?: number;
}
