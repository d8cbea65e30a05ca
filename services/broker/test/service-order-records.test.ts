import 'reflect-metadata';
import { PLATFORM_TOPICS } from '@tradeforge/runtime';
import type { EventBus } from '@tradeforge/runtime';
import { eventually, startEmbeddedServices } from '@tradeforge/runtime/testing';
import type { EmbeddedPlatform } from '@tradeforge/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The books a restarted broker reads are the real order and portfolio services.
import { AppModule as OrderAppModule } from '../../order/src/app.module.js';
import { manifest as orderManifest } from '../../order/src/generated/service-manifest.js';
import { AppModule as PortfolioAppModule } from '../../portfolio/src/app.module.js';
import { manifest as portfolioManifest } from '../../portfolio/src/generated/service-manifest.js';
import { ServiceOrderRecords } from '../src/routing/service-order-records.js';

const INSTRUMENT = 'BTCUSDT.paper';
let platform: EmbeddedPlatform;
let bus: EventBus;
let records: ServiceOrderRecords;

const base = (clientOrderId: string) =>
  ({ version: 1, clientOrderId, strategyId: 'manual', instrumentId: INSTRUMENT, ts: Date.now() }) as const;

async function place(clientOrderId: string): Promise<void> {
  const response = await fetch(`${platform.service('order').url}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...base(clientOrderId), side: 'BUY', orderType: 'LIMIT', quantity: 0.5, price: 60_000 }),
  });
  expect(response.status).toBe(201);
}

const approve = (clientOrderId: string) =>
  bus.publish(PLATFORM_TOPICS.riskDecisions, {
    type: 'risk.decision',
    version: 1,
    clientOrderId,
    ts: Date.now(),
    approved: true,
  });

beforeAll(async () => {
  platform = await startEmbeddedServices(
    [
      { manifest: orderManifest, appModule: OrderAppModule },
      { manifest: portfolioManifest, appModule: PortfolioAppModule },
    ],
    { ports: 'ephemeral', env: {} },
  );
  bus = platform.infrastructure.bus!;
  records = new ServiceOrderRecords({
    ORDER_SERVICE_URL: platform.service('order').url,
    PORTFOLIO_SERVICE_URL: platform.service('portfolio').url,
  });
});
afterAll(async () => {
  await platform?.close();
});

describe('a restarted broker’s records, from the order and portfolio services', () => {
  it('lists the orders that may be working at a venue, with what was applied, and the position', async () => {
    await place('rec-working');
    await place('rec-approved');
    await place('rec-awaiting-risk');
    await approve('rec-working');
    await approve('rec-approved');
    // What a broker published for one of them before it stopped.
    await bus.publish(PLATFORM_TOPICS.orderEvents, {
      ...base('rec-working'),
      type: 'order.accepted',
      venueOrderId: 'v-1',
    });
    const fill = {
      ...base('rec-working'),
      type: 'order.filled',
      venue: 'paper',
      tradeId: 't-1',
      venueOrderId: 'v-1',
      side: 'BUY',
      quantity: 0.2,
      price: 60_000,
      fee: 1,
      liquidity: 'MAKER',
    } as const;
    await bus.publish(PLATFORM_TOPICS.orderEvents, fill);
    await bus.publish(PLATFORM_TOPICS.fills, fill);

    const open = await eventually(async () => {
      const orders = await records.openOrders([INSTRUMENT], []);
      const working = orders.find((o) => o.clientOrderId === 'rec-working');
      return orders.length === 2 && working?.filledQuantity === 0.2 ? orders : undefined;
    }, 'both approved orders listed, one partly filled');
    expect(open.find((o) => o.clientOrderId === 'rec-working')).toMatchObject({
      status: 'PARTIALLY_FILLED',
      venueOrderId: 'v-1',
      quantity: 0.5,
      price: 60_000,
      side: 'BUY',
      type: 'LIMIT',
    });
    expect(open.find((o) => o.clientOrderId === 'rec-approved')).toMatchObject({
      status: 'SUBMITTED',
      filledQuantity: 0,
    });
    const positions = await eventually(async () => {
      const p = await records.positions([INSTRUMENT]);
      return p.get(INSTRUMENT) === 0.2 ? p : undefined;
    }, 'the portfolio to hold the fill');
    expect([...positions.keys()]).toEqual([INSTRUMENT]);
  });

  it('looks up an order the venue lists open by id; orders of other instruments stay out', async () => {
    const open = await records.openOrders([INSTRUMENT], ['rec-awaiting-risk', 'no-such-order']);
    // Listed open at the venue: adopted whatever its state here; one the order service never had is foreign.
    expect(open.map((o) => o.clientOrderId).sort()).toEqual(['rec-approved', 'rec-awaiting-risk', 'rec-working']);
    expect(await records.openOrders(['ETHUSDT.paper'], ['rec-working'])).toEqual([]);
  });

  it('fails, naming the address, when the order service cannot be reached (the venue stays blocked)', async () => {
    const unreachable = new ServiceOrderRecords({ ORDER_SERVICE_URL: 'http://127.0.0.1:9' });
    await expect(unreachable.openOrders([INSTRUMENT], [])).rejects.toThrow(
      'GET http://127.0.0.1:9/orders?limit=500 failed',
    );
  });
});
