import { createInstrument } from '@tradeforge/core';
import type { Instrument } from '@tradeforge/core';

export { OrderBook } from '../../../src/venues/shared/mock/order-book.js';

/** Instruments the mock venues list. */
export const BTCUSDT: Instrument = createInstrument({
  symbol: 'BTCUSDT',
  venue: 'binance',
  quoteCurrency: 'USDT',
  tickSize: 0.01,
  lotSize: 0.0001,
  minNotional: 5,
});
export const BTCKRW: Instrument = createInstrument({
  symbol: 'BTCKRW',
  venue: 'upbit',
  quoteCurrency: 'KRW',
  tickSize: 1000,
  lotSize: 0.00000001,
  minNotional: 5000,
});
