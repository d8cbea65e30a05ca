import type { VenueAdapter } from '@tradeforge/core';
import { AdapterVenueClient } from '../../../src/venues/shared/adapter-venue-client.js';
import { MockUpbitVenue } from '../../../src/venues/upbit/mock-upbit-venue.js';
import type { MockUpbitOptions } from '../../../src/venues/upbit/mock-upbit-venue.js';
import { UpbitAdapter } from '../../../src/venues/upbit/upbit-adapter.js';
import type { UpbitAdapterOptions } from '../../../src/venues/upbit/upbit-adapter.js';
import { BTCKRW, OrderBook } from './order-book.js';

export const UPBIT_ACCESS = 'mock-upbit-access';
export const UPBIT_SECRET = 'mock-upbit-secret';

/** A mock Upbit listing KRW-BTC with 1,000,000,000 KRW and no BTC. */
export function startMockUpbit(overrides: Partial<MockUpbitOptions> = {}): Promise<MockUpbitVenue> {
  return MockUpbitVenue.start({
    accessKey: UPBIT_ACCESS,
    secretKey: UPBIT_SECRET,
    markets: [{ symbol: 'KRW-BTC', base: 'BTC', quote: 'KRW', tickSize: 1000, lotSize: 0.00000001, minNotional: 5000 }],
    balances: { KRW: 1_000_000_000, BTC: 0 },
    ...overrides,
  });
}

export function upbitAdapter(mock: MockUpbitVenue, overrides: Partial<UpbitAdapterOptions> = {}): UpbitAdapter {
  return new UpbitAdapter({
    baseUrl: mock.url,
    accessKey: UPBIT_ACCESS,
    secretKey: UPBIT_SECRET,
    unknownGraceMs: 1_000,
    // Generous: the machine running the tests may be busy.
    resilience: { timeoutMs: 2_000, backoff: { baseMs: 10, maxMs: 50 } },
    ...overrides,
  });
}

export function upbitClient(
  adapter: VenueAdapter,
  book = new OrderBook(),
): { client: AdapterVenueClient; book: OrderBook } {
  const client = new AdapterVenueClient({
    adapter,
    instruments: new Map([[BTCKRW.id, BTCKRW]]),
    unknownQueryIntervalMs: 50,
  });
  client.connect(book);
  return { client, book };
}
