import { createInstrument } from '@tradeforge/core';
import type { Instrument, VenueAdapter } from '@tradeforge/core';
import { KisAdapter } from '../../src/venues/kis/kis-adapter.js';
import type { KisAdapterOptions } from '../../src/venues/kis/kis-adapter.js';
import { MockKisVenue } from '../../src/venues/kis/mock-kis-venue.js';
import type { MockKisOptions } from '../../src/venues/kis/mock-kis-venue.js';
import { AdapterVenueClient } from '../../src/venues/shared/adapter-venue-client.js';
import { OrderBook } from './support/order-book.js';

export const KIS_APP_KEY = 'PSmockKisAppKey0000000000000000000000';
export const KIS_APP_SECRET = 'mock-kis-app-secret';
export const KIS_ACCOUNT = '50123456-01';

/** Samsung Electronics on KRX: whole shares, 100 won ticks in the 50,000–200,000 band. */
export const SAMSUNG: Instrument = createInstrument({
  symbol: '005930',
  venue: 'kis',
  quoteCurrency: 'KRW',
  tickSize: 100,
  lotSize: 1,
});

/**
 * Test timings: the once-a-minute token rule scaled down to 300 ms on both sides (the rule is the
 * same, the wait is shorter), and a short grace for unanswered submits.
 */
export const TEST_TOKEN_INTERVAL_MS = 300;

/** A mock KIS listing 005930 with 100,000,000 KRW and no shares. */
export function startMockKis(overrides: Partial<MockKisOptions> = {}): Promise<MockKisVenue> {
  return MockKisVenue.start({
    appKey: KIS_APP_KEY,
    appSecret: KIS_APP_SECRET,
    account: KIS_ACCOUNT,
    markets: [{ symbol: '005930', base: '005930', quote: 'KRW', tickSize: 1, lotSize: 1 }],
    balances: { KRW: 100_000_000 },
    tokenIntervalMs: TEST_TOKEN_INTERVAL_MS,
    ...overrides,
  });
}

export function kisAdapter(mock: MockKisVenue, overrides: Partial<KisAdapterOptions> = {}): KisAdapter {
  return new KisAdapter({
    baseUrl: mock.url,
    appKey: KIS_APP_KEY,
    appSecret: KIS_APP_SECRET,
    account: KIS_ACCOUNT,
    tokenIntervalMs: TEST_TOKEN_INTERVAL_MS,
    unknownGraceMs: 1_000,
    // Generous: the machine running the tests may be busy.
    resilience: { timeoutMs: 2_000, backoff: { baseMs: 10, maxMs: 50 } },
    ...overrides,
  });
}

export function kisClient(
  adapter: VenueAdapter,
  book = new OrderBook(),
  instruments: readonly Instrument[] = [SAMSUNG],
): { client: AdapterVenueClient; book: OrderBook } {
  const client = new AdapterVenueClient({
    adapter,
    instruments: new Map(instruments.map((i) => [i.id, i])),
    unknownQueryIntervalMs: 50,
  });
  client.connect(book);
  return { client, book };
}
