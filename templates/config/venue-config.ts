/**
 * Venues the broker service can route orders to. `paper` fills against market data locally;
 * the others are real venues reached through their adapters (or their mock servers in sandbox
 * mode). Facts about each venue's API: docs/architecture and shared/reference/venues.md.
 */
export const VENUE_IDS = ['paper', 'binance', 'upbit', 'kis', 'creon'] as const;
export type VenueId = (typeof VENUE_IDS)[number];

/**
 * Production API endpoints, the default `baseUrl` of each real venue (KIS: shared/reference/venues.md;
 * Binance and Upbit: their API docs). Creon has none: its adapter talks to a bridge process whose
 * address the config must give.
 */
export const DEFAULT_VENUE_BASE_URLS: Readonly<Partial<Record<VenueId, string>>> = {
  binance: 'https://api.binance.com',
  upbit: 'https://api.upbit.com',
  kis: 'https://openapi.koreainvestment.com:9443',
};

/**
 * Production market-data WebSocket endpoints, the default `streamUrl` of each real venue (their
 * API docs: Binance spot streams, Upbit `/websocket/v1`, KIS real-time port 21000). Creon's
 * stream is served by its bridge, on the bridge's own `baseUrl`.
 */
export const DEFAULT_VENUE_STREAM_URLS: Readonly<Partial<Record<VenueId, string>>> = {
  binance: 'wss://stream.binance.com:9443',
  upbit: 'wss://api.upbit.com',
  kis: 'ws://ops.koreainvestment.com:21000',
};

/** Default and allowed range of `reconcileEveryMs`: at least a second, at most an hour. */
export const DEFAULT_RECONCILE_EVERY_MS = 60_000;
export const RECONCILE_EVERY_MS_RANGE = { min: 1_000, max: 3_600_000 } as const;

/** KIS paper accounts' real-time host: a paper account's approval key is refused on the real one. */
const KIS_PAPER_STREAM_URL = 'ws://ops.koreainvestment.com:31000';

/**
 * A venue's default `streamUrl`: its production stream, except that KIS paper accounts (a
 * `baseUrl` on KIS's paper host, `openapivts…`) stream from the paper real-time host.
 */
export function defaultStreamUrl(id: VenueId, baseUrl: string | undefined): string | undefined {
  if (id === 'kis' && baseUrl !== undefined && new URL(baseUrl).hostname.startsWith('openapivts')) {
    return KIS_PAPER_STREAM_URL;
  }
  return DEFAULT_VENUE_STREAM_URLS[id];
}

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
   * @default [] for paper; ["<id>-api-key", "<id>-api-secret"] for real venues; KIS adds
   * "kis-account-no" (the trading account, `CANO-ACNT_PRDT_CD` such as `12345678-01`)
   */
  readonly credentialSecrets?: readonly string[];
  /**
   * The venue's API endpoint, without a trailing slash: a testnet or paper-trading host instead of
   * production (Binance spot testnet `https://testnet.binance.vision`, KIS paper
   * `https://openapivts.koreainvestment.com:29443`), or a proxy. Real venues only. Creon: the
   * address of the bridge beside Creon Plus (`http://creon-bridge.internal:8765`), required once
   * its credentials are set (docs/architecture/creon-bridge.md).
   * @default the venue's production endpoint (`DEFAULT_VENUE_BASE_URLS`); none for paper and creon
   */
  readonly baseUrl?: string;
  /**
   * The venue's market-data WebSocket endpoint (host only, ws:// or wss://), from which the broker
   * streams trades onto the bus: a testnet's (Binance spot testnet
   * `wss://stream.testnet.binance.vision`, KIS paper `ws://ops.koreainvestment.com:31000`) or a
   * proxy. Binance, Upbit and KIS only; Creon's bridge serves its stream on `baseUrl`.
   * @default the venue's production stream (`DEFAULT_VENUE_STREAM_URLS`); KIS's paper stream
   * when `baseUrl` is KIS's paper host
   */
  readonly streamUrl?: string;
  /**
   * How often, in milliseconds, the broker reconciles this venue after start-up: it queries every
   * order it holds open there (applying fills it has not seen yet, once) and compares positions.
   * No venue pushes our own executions to the broker yet, so this is also how late a fill of a
   * resting order can be learned. Each pass costs one order query per open order against the
   * venue's rate limits (docs/runbooks/venue-reconciliation.md). Real venues only.
   * @default 60000
   */
  readonly reconcileEveryMs?: number;
  /**
   * Cash the paper account starts with, in the quote currency (paper venue only).
   * @default 1000000
   */
  readonly startingCash?: number;
}
