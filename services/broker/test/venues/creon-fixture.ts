import { createInstrument } from '@tradeforge/core';
import type { Instrument, VenueAdapter } from '@tradeforge/core';
import { CreonAdapter } from '../../src/venues/creon/creon-adapter.js';
import type { CreonAdapterOptions } from '../../src/venues/creon/creon-adapter.js';
import { MockCreonBridge } from '../../src/venues/creon/mock-creon-bridge.js';
import type { MockCreonBridgeOptions } from '../../src/venues/creon/mock-creon-bridge.js';
import { AdapterVenueClient } from '../../src/venues/shared/adapter-venue-client.js';
import { OrderBook } from './support/order-book.js';

export const CREON_KEY = 'mock-creon-key';
export const CREON_SECRET = 'mock-creon-secret';

/** Samsung Electronics on Creon: whole shares, whole won (KRX ticks checked by the bridge). */
export const SAMSUNG: Instrument = createInstrument({
  symbol: 'A005930',
  venue: 'creon',
  quoteCurrency: 'KRW',
  tickSize: 1,
  lotSize: 1,
});

/** A mock bridge listing A005930 with 100,000,000 KRW and 10 shares. */
export function startMockCreon(overrides: Partial<MockCreonBridgeOptions> = {}): Promise<MockCreonBridge> {
  return MockCreonBridge.start({
    apiKey: CREON_KEY,
    apiSecret: CREON_SECRET,
    markets: [{ symbol: 'A005930', base: 'A005930', quote: 'KRW', tickSize: 1, lotSize: 1 }],
    balances: { KRW: 100_000_000, A005930: 10 },
    recvWindowMs: 1_000,
    ...overrides,
  });
}

export function creonAdapter(mock: MockCreonBridge, overrides: Partial<CreonAdapterOptions> = {}): CreonAdapter {
  return new CreonAdapter({
    baseUrl: mock.url,
    apiKey: CREON_KEY,
    apiSecret: CREON_SECRET,
    recvWindowMs: 1_000,
    // Generous: the machine running the tests may be busy.
    resilience: { timeoutMs: 2_000, backoff: { baseMs: 10, maxMs: 50 } },
    ...overrides,
  });
}

export function creonClient(
  adapter: VenueAdapter,
  book = new OrderBook(),
): { client: AdapterVenueClient; book: OrderBook } {
  const client = new AdapterVenueClient({
    adapter,
    instruments: new Map([[SAMSUNG.id, SAMSUNG]]),
    unknownQueryIntervalMs: 50,
  });
  client.connect(book);
  return { client, book };
}
