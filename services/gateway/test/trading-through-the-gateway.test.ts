import 'reflect-metadata';
import { PLATFORM_SETTINGS } from '@tradeforge/runtime';
import type { EventBus } from '@tradeforge/runtime';
import { eventually } from '@tradeforge/runtime/testing';
import type { EmbeddedPlatform } from '@tradeforge/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, openStream, publishBar, startGatewayPlatform, tokenFor } from './support/gateway-platform.js';
import type { StreamClient } from './support/gateway-platform.js';

// The whole platform through the gateway's public API, with a real token: order → risk → paper
// venue → portfolio, and back over the WebSocket stream.

interface Order {
  clientOrderId: string;
  strategyId: string;
  status: string;
  filledQuantity: number;
  averagePrice?: number;
}
interface Fill {
  clientOrderId: string;
  price: number;
  quantity: number;
  fee: number;
}
interface Position {
  instrumentId: string;
  quantity: number;
  averagePrice: number;
  markPrice: number;
  realizedPnl: number;
  unrealizedPnl: number;
  fees: number;
}
interface Account {
  cash: number;
  equity: number;
  fees: number;
  realizedPnl: number;
  unrealizedPnl: number;
  positions: Position[];
}

const STARTING_CASH = PLATFORM_SETTINGS.venues.find((v) => v.id === 'paper')!.startingCash!;

let platform: EmbeddedPlatform;
let bus: EventBus;
let gateway: string;
let token: string;
let stream: StreamClient;

const api = <T>(method: string, path: string, body?: unknown) => call<T>(gateway, token, method, path, body);

/** Polls the order through the gateway until `done` holds, publishing a bar each time when `bars` says so. */
function orderWhen(id: string, done: (o: Order) => boolean, what: string, bars?: number): Promise<Order> {
  return eventually(async () => {
    if (bars !== undefined) await publishBar(bus, bars);
    const { body } = await api<Order>('GET', `/api/orders/${id}`);
    return done(body) ? body : undefined;
  }, what);
}

beforeAll(async () => {
  platform = await startGatewayPlatform();
  bus = platform.infrastructure.bus!;
  gateway = platform.service('gateway').url;
  token = await tokenFor('desk-1');
  stream = await openStream(gateway, token);
  await publishBar(bus, 64_000);
  // Risk needs a price before it approves a market order.
  await eventually(
    async () => ((await api<Account>('GET', '/api/account')).status === 200 ? true : undefined),
    'the portfolio',
  );
  await new Promise((resolve) => setTimeout(resolve, 200));
});

afterAll(async () => {
  stream?.close();
  await platform?.close();
});

describe('trading through the gateway, embedded', () => {
  it('takes a market order to a fill, and position and PnL follow from the fill price and fee', async () => {
    const placed = await api<Order>('POST', '/api/orders', {
      clientOrderId: 'gw-1',
      instrumentId: 'BTCUSDT.paper',
      side: 'BUY',
      type: 'MARKET',
      quantity: 0.1,
    });
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ clientOrderId: 'gw-1', strategyId: 'desk-1', orderType: 'MARKET' });

    const filled = await orderWhen('gw-1', (o) => o.status === 'FILLED', 'gw-1 FILLED', 64_050);
    expect(filled.filledQuantity).toBeCloseTo(0.1, 10);

    const fills = await eventually(async () => {
      const { body } = await api<Fill[]>('GET', '/api/fills?limit=10');
      return body.some((f) => f.clientOrderId === 'gw-1') ? body : undefined;
    }, 'the fill of gw-1 in /api/fills');
    const fill = fills.find((f) => f.clientOrderId === 'gw-1')!;
    expect(fill.quantity).toBeCloseTo(0.1, 10);
    expect(fill.fee).toBeGreaterThan(0);
    expect(filled.averagePrice).toBeCloseTo(fill.price, 8);

    const account = await eventually(async () => {
      const { body } = await api<Account>('GET', '/api/account');
      return body.positions.some((p) => p.instrumentId === 'BTCUSDT.paper') ? body : undefined;
    }, 'a BTCUSDT position');
    const position = account.positions.find((p) => p.instrumentId === 'BTCUSDT.paper')!;
    expect(position.quantity).toBeCloseTo(0.1, 10);
    expect(position.averagePrice).toBeCloseTo(fill.price, 8);
    expect(position.fees).toBeCloseTo(fill.fee, 8);
    expect(position.unrealizedPnl).toBeCloseTo(0.1 * (position.markPrice - fill.price), 6);
    expect(account.fees).toBeCloseTo(fill.fee, 8);
    expect(account.realizedPnl).toBe(0);
    expect(account.cash).toBeCloseTo(STARTING_CASH - 0.1 * fill.price - fill.fee, 6);
    expect(account.equity).toBeCloseTo(account.cash + 0.1 * position.markPrice, 6);

    const positions = await api<Position[]>('GET', '/api/positions');
    expect(positions.body.find((p) => p.instrumentId === 'BTCUSDT.paper')?.quantity).toBeCloseTo(0.1, 10);

    const equity = await eventually(async () => {
      const { body } = await api<{ ts: number; equity: number }[]>('GET', '/api/equity');
      return body.length > 0 ? body : undefined;
    }, 'an equity sample');
    expect(equity.at(-1)!.equity).toBeCloseTo(STARTING_CASH - fill.fee, 6); // marked at the fill price
  });

  it('streams the order and fill updates of the order it placed', async () => {
    const frames = await eventually(() => {
      const mine = stream.frames.filter((f) => f.data.clientOrderId === 'gw-1');
      return mine.some((f) => f.type === 'fill') &&
        mine.some((f) => f.type === 'order' && f.data.type === 'order.filled')
        ? mine
        : undefined;
    }, 'order and fill frames for gw-1');
    expect(frames.filter((f) => f.type === 'order').map((f) => f.data.type)).toEqual(
      expect.arrayContaining(['order.submitted', 'order.accepted', 'order.filled']),
    );
    expect(stream.frames.some((f) => f.type === 'account')).toBe(true);
    expect(stream.frames.some((f) => f.type === 'position' && f.data.instrumentId === 'BTCUSDT.paper')).toBe(true);
  });

  it('answers 409 with the existing order for a repeated client order id, with no second effect', async () => {
    const again = await api<{ status: number; order: Order }>('POST', '/api/orders', {
      clientOrderId: 'gw-1',
      instrumentId: 'BTCUSDT.paper',
      side: 'BUY',
      type: 'MARKET',
      quantity: 0.1,
    });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(again.body).toMatchObject({ status: 409, order: { clientOrderId: 'gw-1', status: 'FILLED' } });

    await publishBar(bus, 64_050);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const orders = await api<Order[]>('GET', '/api/orders?limit=50');
    expect(orders.body.filter((o) => o.clientOrderId === 'gw-1')).toHaveLength(1);
    const { body: positions } = await api<Position[]>('GET', '/api/positions');
    expect(positions.find((p) => p.instrumentId === 'BTCUSDT.paper')?.quantity).toBeCloseTo(0.1, 10);
  });

  it('halts: new orders are denied with the risk code, a resting order still cancels; then resumes', async () => {
    // A buy limit 3 % under the market rests on the venue.
    const resting = await api<Order>('POST', '/api/orders', {
      clientOrderId: 'gw-rest',
      instrumentId: 'BTCUSDT.paper',
      side: 'BUY',
      type: 'LIMIT',
      quantity: 0.05,
      price: 62_000,
    });
    expect(resting.status).toBe(201);
    await orderWhen('gw-rest', (o) => o.status === 'ACCEPTED', 'gw-rest ACCEPTED', 64_000);

    const halted = await api<{ state: string }>('PUT', '/api/trading-state', { state: 'HALTED', reason: 'test' });
    expect(halted).toMatchObject({ status: 200, body: { state: 'HALTED' } });
    expect((await api<{ state: string }>('GET', '/api/trading-state')).body).toEqual({ state: 'HALTED' });
    await eventually(
      () => stream.frames.find((f) => f.type === 'trading-state' && f.data.state === 'HALTED'),
      'the HALTED frame',
    );

    const denied = await api<Order>('POST', '/api/orders', {
      clientOrderId: 'gw-halted',
      instrumentId: 'BTCUSDT.paper',
      side: 'BUY',
      type: 'LIMIT',
      quantity: 0.05,
      price: 63_900,
    });
    expect(denied.status).toBe(201);
    await orderWhen('gw-halted', (o) => o.status === 'DENIED', 'gw-halted DENIED');
    const deniedFrame = await eventually(
      () => stream.frames.find((f) => f.data.clientOrderId === 'gw-halted' && f.data.type === 'order.denied'),
      'the order.denied frame',
    );
    expect(deniedFrame.data.code).toBe('TRADING_HALTED');

    const cancel = await api<{ clientOrderId: string; status: string }>('DELETE', '/api/orders/gw-rest');
    expect(cancel).toMatchObject({ status: 202, body: { clientOrderId: 'gw-rest', status: 'PENDING_CANCEL' } });
    await orderWhen('gw-rest', (o) => o.status === 'CANCELED', 'gw-rest CANCELED', 64_000);
    expect((await api('DELETE', '/api/orders/gw-rest')).status).toBe(409); // it has ended

    expect((await api('PUT', '/api/trading-state', { state: 'ACTIVE' })).status).toBe(200);
    await api('POST', '/api/orders', {
      clientOrderId: 'gw-resumed',
      instrumentId: 'BTCUSDT.paper',
      side: 'BUY',
      type: 'LIMIT',
      quantity: 0.05,
      price: 62_000,
    });
    const resumed = await orderWhen('gw-resumed', (o) => o.status !== 'INITIALIZED', 'a decision on gw-resumed');
    expect(resumed.status).not.toBe('DENIED');
  });
});
