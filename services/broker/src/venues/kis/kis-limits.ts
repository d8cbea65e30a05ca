import type { RateLimitBucket, RequestCost } from '../shared/rate-limiter.js';

/**
 * KIS Open API limits (shared/reference/venues.md): about 20 requests per second per app key on
 * real accounts, fewer on paper (VTS) accounts; over the limit the gateway answers `EGW00201`.
 * Every REST call counts once, whatever it does, so there is one bucket.
 */
export const KIS_DEFAULT_LIMITS: readonly RateLimitBucket[] = [{ name: 'requests', limit: 20, windowMs: 1_000 }];

/**
 * Paper (VTS) accounts: KIS publishes a lower figure without a firm number; 2 per second keeps
 * well inside what paper accounts are known to take.
 */
export const KIS_PAPER_LIMITS: readonly RateLimitBucket[] = [{ name: 'requests', limit: 2, windowMs: 1_000 }];

/** Access tokens may be issued at most once a minute (`EGW00133` otherwise). */
export const KIS_TOKEN_INTERVAL_MS = 60_000;

/** Every call costs one request; the token call too (it passes the same gateway). */
export const KIS_COSTS = {
  token: { requests: 1 },
  order: { requests: 1 },
  cancel: { requests: 1 },
  inquireOrders: { requests: 1 },
  inquireBalance: { requests: 1 },
} as const satisfies Record<string, RequestCost>;

/** Real or paper (VTS) account: they differ in host, `tr_id` prefix and limits. */
export type KisEnvironment = 'real' | 'paper';

/** Each call's transaction id (`tr_id` header); paper accounts use the `V…` twin. */
export const KIS_TR_IDS: Readonly<Record<KisEnvironment, Readonly<Record<KisTransaction, string>>>> = {
  real: {
    buy: 'TTTC0012U',
    sell: 'TTTC0011U',
    cancel: 'TTTC0013U',
    inquireOrders: 'TTTC0081R',
    inquireBalance: 'TTTC8434R',
  },
  paper: {
    buy: 'VTTC0012U',
    sell: 'VTTC0011U',
    cancel: 'VTTC0013U',
    inquireOrders: 'VTTC0081R',
    inquireBalance: 'VTTC8434R',
  },
};

export type KisTransaction = 'buy' | 'sell' | 'cancel' | 'inquireOrders' | 'inquireBalance';
