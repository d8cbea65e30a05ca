import type { VenueAdapter } from '@tradeforge/core';
import { BinanceAdapter } from '../../../src/venues/binance/binance-adapter.js';
import type { BinanceAdapterOptions } from '../../../src/venues/binance/binance-adapter.js';
import { MockBinanceVenue } from '../../../src/venues/binance/mock-binance-venue.js';
import type { MockBinanceOptions } from '../../../src/venues/binance/mock-binance-venue.js';
import { AdapterVenueClient } from '../../../src/venues/shared/adapter-venue-client.js';
import { BTCUSDT, OrderBook } from './order-book.js';

export const BINANCE_KEY = 'mock-binance-key';
export const BINANCE_SECRET = 'mock-binance-secret';

/** A mock Binance listing BTCUSDT with 1,000,000 USDT and no BTC. */
export function startMockBinance(overrides: Partial<MockBinanceOptions> = {}): Promise<MockBinanceVenue> {
  return MockBinanceVenue.start({
    apiKey: BINANCE_KEY,
    apiSecret: BINANCE_SECRET,
    markets: [{ symbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', tickSize: 0.01, lotSize: 0.0001, minNotional: 5 }],
    balances: { USDT: 1_000_000, BTC: 0 },
    ...overrides,
  });
}

export function binanceAdapter(mock: MockBinanceVenue, overrides: Partial<BinanceAdapterOptions> = {}): BinanceAdapter {
  return new BinanceAdapter({
    baseUrl: mock.url,
    apiKey: BINANCE_KEY,
    apiSecret: BINANCE_SECRET,
    recvWindowMs: 1_000,
    // Generous: the machine running the tests may be busy.
    resilience: { timeoutMs: 2_000, backoff: { baseMs: 10, maxMs: 50 } },
    ...overrides,
  });
}

/** The venue client over an adapter, with our orders' state machines listening. */
export function clientFor(
  adapter: VenueAdapter,
  book = new OrderBook(),
): { client: AdapterVenueClient; book: OrderBook } {
  const client = new AdapterVenueClient({
    adapter,
    instruments: new Map([[BTCUSDT.id, BTCUSDT]]),
    unknownQueryIntervalMs: 50,
  });
  client.connect(book);
  return { client, book };
}
