import { createInstrument } from '../../src/model/instrument.js';
import type { Instrument } from '../../src/model/instrument.js';
import type { OrderFilled, OrderInitialized } from '../../src/model/order-events.js';
import type { OrderSide } from '../../src/model/order-types.js';

export const BTC: Instrument = createInstrument({
  symbol: 'BTCUSDT',
  venue: 'SIM',
  quoteCurrency: 'USDT',
  tickSize: 0.01,
  lotSize: 0.001,
  minNotional: 5,
});
export const UNITS: Instrument = createInstrument({ symbol: 'UNIT', venue: 'SIM', tickSize: 0.01, lotSize: 1 });

export function initialized(overrides: Partial<OrderInitialized> = {}): OrderInitialized {
  return {
    type: 'order.initialized',
    version: 1,
    clientOrderId: 'c-1',
    strategyId: 's',
    instrumentId: UNITS.id,
    ts: 0,
    side: 'BUY',
    orderType: 'LIMIT',
    quantity: 10,
    price: 100,
    timeInForce: 'GTC',
    reduceOnly: false,
    ...overrides,
  };
}

let tradeSequence = 0;
export function fill(
  side: OrderSide,
  quantity: number,
  price: number,
  overrides: Partial<OrderFilled> = {},
): OrderFilled {
  tradeSequence += 1;
  return {
    type: 'order.filled',
    version: 1,
    clientOrderId: 'c-1',
    strategyId: 's',
    instrumentId: UNITS.id,
    ts: 0,
    venue: 'SIM',
    tradeId: `t-${tradeSequence}`,
    venueOrderId: 'v-1',
    side,
    quantity,
    price,
    fee: 0,
    liquidity: 'TAKER',
    ...overrides,
  };
}
