import type { Instrument } from '@tradeforge/core';
import type { OpenedVenueOf } from '../shared/opened-venue.js';
import { baseAsset } from '../shared/venue-reconciler.js';
import { CreonAdapter } from './creon-adapter.js';
import { MockCreonBridge } from './mock-creon-bridge.js';

export interface OpenCreonOptions {
  /** The key id and shared secret from the config's `credentialSecrets`, when set in the environment. */
  readonly credentials: { readonly key: string; readonly secret: string } | undefined;
  /** The bridge's address (`venues[].baseUrl`); required for live trading. */
  readonly baseUrl: string | undefined;
  /** The trade stream, when not the bridge's own `/v1/stream` (config `streamUrl`, null by default). */
  readonly streamUrl?: string;
  readonly instruments: readonly Instrument[];
  /** Sandbox cash in won. */
  readonly sandboxCash: number;
}

/** Creon, live or sandbox, in the shape `openVenue` returns. */
export type OpenedCreon = OpenedVenueOf<CreonAdapter, MockCreonBridge>;

/**
 * Live: the bridge at the configured address, signing with the configured secret. Creon has no
 * public endpoint to default to, so live trading without `baseUrl` is a configuration error.
 * Sandbox: the mock bridge in this process, listing the instruments with a generated secret.
 */
export async function openCreonVenue(options: OpenCreonOptions): Promise<OpenedCreon> {
  if (options.credentials !== undefined) {
    if (options.baseUrl === undefined || options.baseUrl === '') {
      throw new Error(
        'venue creon: credentials are set but venues[].baseUrl is not. Creon has no public API: set ' +
          "baseUrl on the creon entry of `venues` in .projenrc.ts to the bridge's address " +
          "(e.g. 'http://creon-bridge.internal:8765', docs/architecture/creon-bridge.md) and run npx projen",
      );
    }
    const adapter = new CreonAdapter({
      baseUrl: options.baseUrl,
      apiKey: options.credentials.key,
      apiSecret: options.credentials.secret,
      streamUrl: options.streamUrl,
    });
    return { adapter, mode: 'live', sandbox: undefined, close: () => adapter.close() };
  }
  const apiKey = 'sandbox-creon-key';
  const apiSecret = `sandbox-creon-secret-${Math.random().toString(36).slice(2)}`;
  const sandbox = await MockCreonBridge.start({
    apiKey,
    apiSecret,
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
  const adapter = new CreonAdapter({ baseUrl: sandbox.url, apiKey, apiSecret });
  return { adapter, mode: 'sandbox', sandbox, close: () => sandbox.stop() };
}
