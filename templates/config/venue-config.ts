/**
 * Venues the broker service can route orders to. `paper` fills against market data locally;
 * the others are real venues reached through their adapters (or their mock servers in sandbox
 * mode). Facts about each venue's API: docs/architecture and shared/reference/venues.md.
 */
export const VENUE_IDS = ['paper', 'binance', 'upbit', 'kis', 'creon'] as const;
export type VenueId = (typeof VENUE_IDS)[number];

/** One venue the platform trades on. */
export interface VenueConfig {
  /**
   * Which venue.
   * @example "binance"
   */
  readonly id: VenueId;
  /**
   * Whether the broker routes orders to this venue.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Names of the secrets holding this venue's API credentials (never the values). In AWS they
   * become Secrets Manager entries; locally they are read from environment variables of the
   * same name, upper-cased with `-` turned into `_`.
   * @default [] for paper; ["<id>-api-key", "<id>-api-secret"] for real venues
   */
  readonly credentialSecrets?: readonly string[];
  /**
   * Cash the paper account starts with, in the quote currency (paper venue only).
   * @default 1000000
   */
  readonly startingCash?: number;
}
