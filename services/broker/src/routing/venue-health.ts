import type { ReadinessProbe } from '@tradeforge/runtime';
import type { LiveVenue } from './live-venue.js';
import type { VenueTradeFeed } from './venue-trade-feed.js';

/** The gauge's name in the service's `/metrics`. */
export const VENUE_CIRCUIT_OPEN_METRIC = 'tradeforge_venue_circuit_open';

/** The trade-stream gauge's name in the service's `/metrics`. */
export const VENUE_STREAM_UP_METRIC = 'tradeforge_venue_stream_up';

/** A readiness check per enabled real venue, named `venue:<id>`: down while blocked (circuit open, not reconciled). */
export function venueReadinessProbes(venues: Iterable<LiveVenue>): Record<string, ReadinessProbe> {
  return Object.fromEntries(
    [...venues].map((venue) => {
      const probe: ReadinessProbe = async () => {
        const { status, detail } = venue.status();
        return { status, detail };
      };
      return [`venue:${venue.venue}`, probe] as const;
    }),
  );
}

/**
 * The part of prom-client's `Registry` the broker uses. The runtime owns prom-client; the broker
 * registers one gauge of its own through the registry object it is given (METRICS_REGISTRY),
 * so it needs no dependency of its own on prom-client.
 */
export interface MetricsRegistryLike {
  registerMetric(metric: never): void;
}

/**
 * `tradeforge_venue_circuit_open{venue}`: 1 while the venue's circuit breaker is open (calls
 * refused locally), else 0 — read when scraped. Shaped as prom-client's metric interface.
 */
export function registerVenueCircuitGauge(registry: MetricsRegistryLike, venues: Iterable<LiveVenue>): void {
  const list = [...venues];
  const help = "1 while the venue's circuit breaker is open (orders are refused locally), else 0";
  const metric = {
    name: VENUE_CIRCUIT_OPEN_METRIC,
    help,
    type: 'gauge',
    aggregator: 'sum',
    get: async () => ({
      name: VENUE_CIRCUIT_OPEN_METRIC,
      help,
      type: 'gauge',
      aggregator: 'sum',
      values: list.map((venue) => ({
        labels: { venue: venue.venue },
        value: venue.status().circuit === 'open' ? 1 : 0,
      })),
    }),
    reset: () => undefined,
  };
  (registry.registerMetric as (m: typeof metric) => void).call(registry, metric);
}

/**
 * `tradeforge_venue_stream_up{venue}`: 1 while the venue's trade stream is open, else 0 (waiting
 * for the venue's start-up, reconnecting, closed), one series per venue that streams — read when
 * scraped. Not a readiness check: orders never depend on the stream.
 */
export function registerVenueStreamGauge(registry: MetricsRegistryLike, feed: VenueTradeFeed): void {
  const help = "1 while the venue's market-data (trade) stream is open, else 0";
  const metric = {
    name: VENUE_STREAM_UP_METRIC,
    help,
    type: 'gauge',
    aggregator: 'sum',
    get: async () => ({
      name: VENUE_STREAM_UP_METRIC,
      help,
      type: 'gauge',
      aggregator: 'sum',
      values: [...feed.stateOf()].map(([venue, state]) => ({ labels: { venue }, value: state === 'open' ? 1 : 0 })),
    }),
    reset: () => undefined,
  };
  (registry.registerMetric as (m: typeof metric) => void).call(registry, metric);
}
