/** How the simulated venue prices and fills orders. Every field has a conservative default. */
export interface SimulatedVenueConfig {
  /** Venue name on fills and events. @default 'SIM' */
  readonly venue: string;
  /**
   * Start of the venue order and trade ids (`<idPrefix>-O1`, `<idPrefix>-T1`). Fills are kept
   * once per (venue, trade id), so a venue that restarts and counts again from 1 (the broker's
   * paper venue) needs a prefix of its own per run, or its new fills pass for old ones.
   * @default the venue name
   */
  readonly idPrefix?: string;
  /** Maker fee as a fraction of notional. @default 0.0002 (2 bps) */
  readonly makerFeeRate: number;
  /** Taker fee as a fraction of notional. @default 0.0005 (5 bps) */
  readonly takerFeeRate: number;
  /** Fixed adverse slippage on taker fills, in basis points. @default 1 */
  readonly slippageBps: number;
  /** Extra seeded random slippage up to this many basis points. @default 1 */
  readonly randomSlippageBps: number;
  /** Delay from submit/cancel to the venue acting on it (ms). @default 50 */
  readonly latencyMs: number;
  /** Seeded random extra delay up to this many ms. @default 0 */
  readonly latencyJitterMs: number;
  /**
   * Largest share of a bar's volume one order may take in that bar; the rest fills in later bars
   * (partial fills). Bars without volume data are not limited. @default 0.1
   */
  readonly maxVolumeParticipation: number;
  /**
   * Limit-order queue: when an order starts resting, this share of the bar's volume is assumed to
   * be queued ahead of it at the same price. Bars that only touch the price trade through the
   * queue first; bars that trade through the price fill regardless. @default 0.05
   */
  readonly queueAheadShare: number;
  /** Share of a bar's volume assumed to trade exactly at its high or low. @default 0.02 */
  readonly touchVolumeShare: number;
}

export const DEFAULT_SIMULATED_VENUE: SimulatedVenueConfig = {
  venue: 'SIM',
  makerFeeRate: 0.0002,
  takerFeeRate: 0.0005,
  slippageBps: 1,
  randomSlippageBps: 1,
  latencyMs: 50,
  latencyJitterMs: 0,
  maxVolumeParticipation: 0.1,
  queueAheadShare: 0.05,
  touchVolumeShare: 0.02,
};
