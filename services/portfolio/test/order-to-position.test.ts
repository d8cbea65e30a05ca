import 'reflect-metadata';
import type { OrderFilled } from '@tradeforge/core';
import { PLATFORM_TOPICS } from '@tradeforge/runtime';
import type { DeliveredMessage, EventBus } from '@tradeforge/runtime';
import { eventually, publishBar, startEmbeddedServices } from '@tradeforge/runtime/testing';
import type { EmbeddedPlatform } from '@tradeforge/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// One order's whole path, as the embedded platform runs it: order → risk → broker → portfolio.
import { AppModule as BrokerAppModule } from '../../broker/src/app.module.js';
import { manifest as brokerManifest } from '../../broker/src/generated/service-manifest.js';
import { AppModule as OrderAppModule } from '../../order/src/app.module.js';
import { manifest as orderManifest } from '../../order/src/generated/service-manifest.js';
import { AppModule as RiskAppModule } from '../../risk/src/app.module.js';
import { manifest as riskManifest } from '../../risk/src/generated/service-manifest.js';
import { AppModule } from '../src/app.module.js';
import { manifest } from '../src/generated/service-manifest.js';

let platform: EmbeddedPlatform;
let bus: EventBus;
const fills: DeliveredMessage[] = [];

const json = async <T>(url: string): Promise<T> => (await fetch(url)).json() as Promise<T>;

const bar = (close: number) => publishBar(bus, close, 'BTCUSDT.paper');

interface Position {
  instrumentId: string;
  quantity: number;
}

beforeAll(async () => {
  platform = await startEmbeddedServices(
    [
      { manifest: orderManifest, appModule: OrderAppModule },
      { manifest: riskManifest, appModule: RiskAppModule },
      { manifest: brokerManifest, appModule: BrokerAppModule },
      { manifest, appModule: AppModule },
    ],
    { ports: 'ephemeral', env: {} },
  );
  bus = platform.infrastructure.bus!;
  await bus.subscribe({
    groupId: 'test-observer',
    topics: [PLATFORM_TOPICS.fills],
    handler: (delivery) => {
      fills.push(delivery);
    },
  });
});

afterAll(async () => {
  await platform?.close();
});

describe('an order from the API to a position, embedded', () => {
  it('fills a market order on the paper venue and updates order, position and cash', async () => {
    await bar(64_000);
    await new Promise((resolve) => setTimeout(resolve, 200)); // risk needs a price for a market order
    const placed = await fetch(`${platform.service('order').url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        clientOrderId: 'e2e-1',
        strategyId: 'manual',
        instrumentId: 'BTCUSDT.paper',
        side: 'BUY',
        orderType: 'MARKET',
        quantity: 0.1,
      }),
    });
    expect(placed.status).toBe(201);
    const orderUrl = `${platform.service('order').url}/orders/e2e-1`;
    await eventually(
      async () => ((await json<{ status: string }>(orderUrl)).status === 'SUBMITTED' ? true : undefined),
      'SUBMITTED',
    );

    // The venue matches working orders against the next bar after they arrive.
    const filled = await eventually(async () => {
      await bar(64_050);
      const order = await json<{ status: string; filledQuantity: number; averagePrice: number }>(orderUrl);
      return order.status === 'FILLED' ? order : undefined;
    }, 'FILLED');
    expect(filled.filledQuantity).toBeCloseTo(0.1, 10);
    expect(filled.averagePrice).toBeGreaterThan(64_000); // a buy pays the spread and slippage

    const positions = await eventually(async () => {
      const list = await json<Position[]>(`${platform.service('portfolio').url}/positions`);
      return list.find((p) => p.instrumentId === 'BTCUSDT.paper' && p.quantity > 0) ? list : undefined;
    }, 'a BTCUSDT position');
    expect(positions.find((p) => p.instrumentId === 'BTCUSDT.paper')?.quantity).toBeCloseTo(0.1, 10);

    const account = await json<{ cash: number; fees: number }>(`${platform.service('portfolio').url}/account`);
    expect(account.fees).toBeGreaterThan(0);
    expect(account.cash).toBeLessThan(1_000_000 - 0.1 * 64_000);
  });

  it('counts a fill delivered twice once: position and order stay as they were', async () => {
    const fill = fills.find((d) => d.message.type === 'order.filled' && d.message.clientOrderId === 'e2e-1');
    expect(fill).toBeDefined();
    // The same fill again, under a new message id: only the (venue, trade id) check can stop it.
    await bus.publish(PLATFORM_TOPICS.fills, fill!.message);
    await bus.publish(PLATFORM_TOPICS.orderEvents, fill!.message);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const list = await json<Position[]>(`${platform.service('portfolio').url}/positions`);
    expect(list.find((p) => p.instrumentId === 'BTCUSDT.paper')?.quantity).toBeCloseTo(0.1, 10);
    const order = await json<{ filledQuantity: number; status: string }>(
      `${platform.service('order').url}/orders/e2e-1`,
    );
    expect(order).toMatchObject({ status: 'FILLED' });
    expect(order.filledQuantity).toBeCloseTo(0.1, 10);
  });

  it('does not count an execution the order service refused: an order that had already filled', async () => {
    const fill = fills
      .map((d) => d.message)
      .find((m): m is OrderFilled => m.type === 'order.filled' && m.clientOrderId === 'e2e-1');
    expect(fill).toBeDefined();
    // A second execution of the filled order, as a restarted broker re-sending it could cause.
    await bus.publish(PLATFORM_TOPICS.fills, { ...fill!, tradeId: 'after-restart-T1' });
    // Another order's fill afterwards is the signal that the portfolio has moved past it.
    const placed = await fetch(`${platform.service('order').url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        clientOrderId: 'e2e-2',
        strategyId: 'manual',
        instrumentId: 'BTCUSDT.paper',
        side: 'BUY',
        orderType: 'MARKET',
        quantity: 0.1,
      }),
    });
    expect(placed.status).toBe(201);
    await eventually(async () => {
      await bar(64_100);
      const order = await json<{ status: string }>(`${platform.service('order').url}/orders/e2e-2`);
      return order.status === 'FILLED' ? true : undefined;
    }, 'e2e-2 FILLED');
    // Its fill reaches the portfolio right after the order service records it; give it a moment.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const list = await json<Position[]>(`${platform.service('portfolio').url}/positions`);
    const position = list.find((p) => p.instrumentId === 'BTCUSDT.paper')!;
    expect(position.quantity).toBeCloseTo(0.2, 10); // 0.3 if the refused execution had counted
  });
});
