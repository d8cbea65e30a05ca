import type { Instrument } from '@tradeforge/core';
import type { OpenedVenueOf } from '../shared/opened-venue.js';
import { baseAsset } from '../shared/venue-reconciler.js';
import { KisAdapter } from './kis-adapter.js';
import { MockKisVenue } from './mock-kis-venue.js';

/** KIS's production host (real accounts); paper accounts use `KIS_PAPER_BASE_URL`. */
export const KIS_BASE_URL = 'https://openapi.koreainvestment.com:9443';
export const KIS_PAPER_BASE_URL = 'https://openapivts.koreainvestment.com:29443';

export interface OpenKisOptions {
  /** App key and app secret from the config's `credentialSecrets`, when set in the environment. */
  readonly credentials: { readonly key: string; readonly secret: string } | undefined;
  /** The account number (`12345678-01`), from the third credential secret. */
  readonly account: string | undefined;
  /** The account secret's environment variable, for the error message when it is missing. */
  readonly accountEnvName: string;
  /** @default KIS_BASE_URL; the paper host selects paper `tr_id`s and limits */
  readonly baseUrl: string | undefined;
  /** KIS's real-time host (config `streamUrl`). @default by account: KIS_STREAM_URL or KIS_PAPER_STREAM_URL */
  readonly streamUrl?: string;
  readonly instruments: readonly Instrument[];
  /** Sandbox cash in won. */
  readonly sandboxCash: number;
}

/** KIS, live or sandbox, in the shape `openVenue` returns. */
export type OpenedKis = OpenedVenueOf<KisAdapter, MockKisVenue>;

/**
 * Live: KIS at `baseUrl` (production by default; the paper host means a paper account) with the
 * configured app key, secret and account. Sandbox: the mock KIS in this process, listing the
 * instruments (stock codes) with a generated app key and a funded account.
 */
export async function openKisVenue(options: OpenKisOptions): Promise<OpenedKis> {
  if (options.credentials !== undefined) {
    if (options.account === undefined || options.account === '') {
      throw new Error(
        `venue kis: the app key and secret are set but the account number is not: set ${options.accountEnvName} ` +
          "to the trading account as CANO-ACNT_PRDT_CD (e.g. '12345678-01')",
      );
    }
    const baseUrl = options.baseUrl ?? KIS_BASE_URL;
    const environment = new URL(baseUrl).hostname.startsWith('openapivts') ? 'paper' : 'real';
    const adapter = new KisAdapter({
      baseUrl,
      appKey: options.credentials.key,
      appSecret: options.credentials.secret,
      account: options.account,
      environment,
      // The config defaults it by account (KIS's paper host → the paper stream), as the adapter does.
      streamUrl: options.streamUrl,
    });
    return { adapter, mode: 'live', sandbox: undefined, close: () => adapter.close() };
  }
  const appKey = 'sandbox-kis-app-key';
  const appSecret = `sandbox-kis-secret-${Math.random().toString(36).slice(2)}`;
  const account = '00000000-01';
  const sandbox = await MockKisVenue.start({
    appKey,
    appSecret,
    account,
    markets: options.instruments.map((i) => ({
      symbol: i.symbol,
      base: baseAsset(i),
      quote: i.quoteCurrency,
      tickSize: i.tickSize,
      lotSize: i.lotSize,
      minNotional: i.minNotional,
    })),
    balances: { KRW: options.sandboxCash },
  });
  const adapter = new KisAdapter({ baseUrl: sandbox.url, streamUrl: sandbox.streamUrl, appKey, appSecret, account });
  return { adapter, mode: 'sandbox', sandbox, close: () => sandbox.stop() };
}
