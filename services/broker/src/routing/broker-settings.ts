import type { Instrument } from '@tradeforge/core';
import { PLATFORM_SETTINGS } from '@tradeforge/runtime';

/** One configured venue, as the broker reads it from the platform settings. */
export interface BrokerVenueSettings {
  readonly id: string;
  readonly enabled: boolean;
  /** Secret names of the venue's [key, secret]. @default ["<id>-api-key", "<id>-api-secret"] */
  readonly credentialSecrets?: readonly string[];
  /** The venue's API endpoint; unset (or null) means its production endpoint. */
  readonly baseUrl?: string | null;
  /** The venue's market-data WebSocket endpoint; unset (or null) means the adapter's default. */
  readonly streamUrl?: string | null;
  /** Milliseconds between reconciliation passes; unset (or null) means LiveVenue's default (60 s). */
  readonly reconcileEveryMs?: number | null;
}

/** What the broker needs from the config: instruments (each names its venue) and venues. */
export interface BrokerSettings {
  readonly instruments: readonly Instrument[];
  readonly venues: readonly BrokerVenueSettings[];
}

/** Injection token of the settings the broker service routes by (`platformBrokerSettings()` in `BrokerModule`). */
export const BROKER_SETTINGS = Symbol('BROKER_SETTINGS');

/** The generated platform settings: the default; tests pass their own. */
export const platformBrokerSettings = (): BrokerSettings => PLATFORM_SETTINGS;

/** The config's default secret names for a real venue. */
export function credentialSecretsOf(venue: BrokerVenueSettings): readonly string[] {
  return venue.credentialSecrets ?? [`${venue.id}-api-key`, `${venue.id}-api-secret`];
}
