import type { Instrument } from '@tradeforge/core';
import { BinanceAdapter } from './binance/binance-adapter.js';
import { MockBinanceVenue } from './binance/mock-binance-venue.js';
import type { CreonAdapter } from './creon/creon-adapter.js';
import type { MockCreonBridge } from './creon/mock-creon-bridge.js';
import { openCreonVenue } from './creon/open-creon-venue.js';
import type { KisAdapter } from './kis/kis-adapter.js';
import type { MockKisVenue } from './kis/mock-kis-venue.js';
import { KIS_BASE_URL, openKisVenue } from './kis/open-kis-venue.js';
import type { OpenedVenueOf } from './shared/opened-venue.js';
import { baseAsset } from './shared/venue-reconciler.js';
import { MockUpbitVenue } from './upbit/mock-upbit-venue.js';
import { UpbitAdapter } from './upbit/upbit-adapter.js';
import { upbitMarket } from './upbit/upbit-mapping.js';

/** Venues with an adapter today. */
export const LIVE_VENUES = ['binance', 'upbit', 'creon', 'kis'] as const;
export type LiveVenueId = (typeof LIVE_VENUES)[number];

/** Production endpoints. Creon has none: its bridge runs on the team's own Windows host. */
export const VENUE_BASE_URLS: Readonly<Record<Exclude<LiveVenueId, 'creon'>, string>> = {
  binance: 'https://api.binance.com',
  upbit: 'https://api.upbit.com',
  kis: KIS_BASE_URL,
};

export interface OpenVenueOptions {
  readonly id: LiveVenueId;
  /** The config's `credentialSecrets`: [key, secret] names (KIS: a third, the account number). */
  readonly credentialSecrets: readonly string[];
  /** This venue's instruments (sandbox mode lists them on the mock). */
  readonly instruments: readonly Instrument[];
  readonly env: Readonly<Record<string, string | undefined>>;
  /** @default VENUE_BASE_URLS[id] */
  readonly baseUrl?: string;
  /** The venue's market-data WebSocket endpoint (config `streamUrl`). @default the adapter's: its production stream, or the sandbox mock's */
  readonly streamUrl?: string;
  /** Sandbox account: quote-currency balance per quote asset. @default 1000000 */
  readonly sandboxQuoteBalance?: number;
}

export type OpenedVenue = OpenedVenueOf<
  BinanceAdapter | UpbitAdapter | CreonAdapter | KisAdapter,
  MockBinanceVenue | MockUpbitVenue | MockCreonBridge | MockKisVenue
>;

/** A secret's local environment variable: upper-cased, `-` → `_` (`binance-api-key` → `BINANCE_API_KEY`). */
export function secretEnvName(secretName: string): string {
  return secretName.toUpperCase().replace(/-/g, '_');
}

/** The venue's key and secret from the environment, or undefined when either is missing. */
export function venueCredentials(
  credentialSecrets: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): { key: string; secret: string } | undefined {
  const [keyName, secretName] = credentialSecrets;
  if (keyName === undefined || secretName === undefined) return undefined;
  const key = env[secretEnvName(keyName)];
  const secret = env[secretEnvName(secretName)];
  return key && secret ? { key, secret } : undefined;
}

/**
 * The adapter for an enabled venue: the real venue when its credentials are in the environment,
 * otherwise sandbox mode — the venue's mock server started in this process, listing the
 * configured instruments, with a generated key and secret the adapter uses like real ones.
 */
export async function openVenue(options: OpenVenueOptions): Promise<OpenedVenue> {
  const credentials = venueCredentials(options.credentialSecrets, options.env);
  if (options.id === 'creon') {
    const { baseUrl, streamUrl, instruments } = options;
    return openCreonVenue({
      credentials,
      baseUrl,
      streamUrl,
      instruments,
      sandboxCash: options.sandboxQuoteBalance ?? 1_000_000,
    });
  }
  if (options.id === 'kis') {
    // KIS also needs the account number: the third secret name, `kis-account-no` by default.
    const accountEnvName = secretEnvName(options.credentialSecrets[2] ?? 'kis-account-no');
    return openKisVenue({
      credentials,
      account: options.env[accountEnvName],
      accountEnvName,
      baseUrl: options.baseUrl,
      streamUrl: options.streamUrl,
      instruments: options.instruments,
      sandboxCash: options.sandboxQuoteBalance ?? 1_000_000,
    });
  }
  if (credentials !== undefined) {
    const baseUrl = options.baseUrl ?? VENUE_BASE_URLS[options.id];
    const streamUrl = options.streamUrl;
    const adapter =
      options.id === 'binance'
        ? new BinanceAdapter({ baseUrl, streamUrl, apiKey: credentials.key, apiSecret: credentials.secret })
        : new UpbitAdapter({ baseUrl, streamUrl, accessKey: credentials.key, secretKey: credentials.secret });
    return { adapter, mode: 'live', sandbox: undefined, close: () => adapter.close() };
  }
  const key = `sandbox-${options.id}-key`;
  const secret = `sandbox-${options.id}-secret-${Math.random().toString(36).slice(2)}`;
  const balances = Object.fromEntries(
    options.instruments.map((i) => [i.quoteCurrency, options.sandboxQuoteBalance ?? 1_000_000]),
  );
  const markets = options.instruments.map((i) => ({
    symbol: options.id === 'upbit' ? upbitMarket(i) : i.symbol,
    base: baseAsset(i),
    quote: i.quoteCurrency,
    tickSize: i.tickSize,
    lotSize: i.lotSize,
    minNotional: i.minNotional,
  }));
  if (options.id === 'binance') {
    const sandbox = await MockBinanceVenue.start({ apiKey: key, apiSecret: secret, markets, balances });
    const adapter = new BinanceAdapter({ baseUrl: sandbox.url, apiKey: key, apiSecret: secret });
    return { adapter, mode: 'sandbox', sandbox, close: () => sandbox.stop() };
  }
  const sandbox = await MockUpbitVenue.start({ accessKey: key, secretKey: secret, markets, balances });
  const adapter = new UpbitAdapter({ baseUrl: sandbox.url, accessKey: key, secretKey: secret });
  return { adapter, mode: 'sandbox', sandbox, close: () => sandbox.stop() };
}
