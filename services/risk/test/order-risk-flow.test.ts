import 'reflect-metadata';
import { PLATFORM_TOPICS } from '@tradeforge/runtime';
import type { DeliveredMessage, EventBus } from '@tradeforge/runtime';
import { eventually, startEmbeddedServices } from '@tradeforge/runtime/testing';
import type { EmbeddedPlatform } from '@tradeforge/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The order service is the risk service's first hop: both run here as the embedded platform does.
import { AppModule as OrderAppModule } from '../../order/src/app.module.js';
import { manifest as orderManifest } from '../../order/src/generated/service-manifest.js';
import { AppModule } from '../src/app.module.js';
import { manifest } from '../src/generated/service-manifest.js';

let platform: EmbeddedPlatform;
let bus: EventBus;
const seen: DeliveredMessage[] = [];

async function place(clientOrderId: string, quantity: number, orderType = 'LIMIT'): Promise<void> {
  const response = await fetch(`${platform.service('order').url}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      clientOrderId,
      strategyId: 'manual',
      instrumentId: 'BTCUSDT.paper',
      side: 'BUY',
      orderType,
      quantity,
      ...(orderType === 'LIMIT' ? { price: 64_000 } : {}),
    }),
  });
  expect(response.status).toBe(201);
}

/** The order's status once risk has decided (it leaves INITIALIZED). */
async function decided(clientOrderId: string): Promise<{ status: string }> {
  return eventually(async () => {
    const order = (await (await fetch(`${platform.service('order').url}/orders/${clientOrderId}`)).json()) as {
      status: string;
    };
    return order.status === 'INITIALIZED' ? undefined : order;
  }, `a risk decision on ${clientOrderId}`);
}

function decisionFor(clientOrderId: string) {
  return seen.find((d) => d.message.type === 'risk.decision' && d.message.clientOrderId === clientOrderId)?.message;
}

async function setTradingState(state: string): Promise<Response> {
  return fetch(`${platform.service('risk').url}/trading-state`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ state, reason: 'test' }),
  });
}

beforeAll(async () => {
  platform = await startEmbeddedServices(
    [
      { manifest: orderManifest, appModule: OrderAppModule },
      { manifest, appModule: AppModule },
    ],
    { ports: 'ephemeral', env: {} },
  );
  bus = platform.infrastructure.bus!;
  await bus.subscribe({
    groupId: 'test-observer',
    topics: [PLATFORM_TOPICS.riskDecisions, PLATFORM_TOPICS.tradingState],
    handler: (delivery) => {
      seen.push(delivery);
    },
  });
});

afterAll(async () => {
  await platform?.close();
});

describe('order → risk → order, embedded', () => {
  it('denies a market order before any market price is known', async () => {
    await place('r-1', 0.5, 'MARKET');
    expect(await decided('r-1')).toMatchObject({ status: 'DENIED' });
    expect(decisionFor('r-1')).toMatchObject({ approved: false, code: 'NO_MARKET_PRICE' });
  });

  it('approves an order within the limits once a price is known', async () => {
    await bus.publish(PLATFORM_TOPICS.marketBars, {
      type: 'market.bar',
      version: 1,
      instrumentId: 'BTCUSDT.paper',
      ts: Date.now(),
      open: 63_900,
      high: 64_100,
      low: 63_800,
      close: 64_000,
      volume: 12,
    });
    // The bar reaches risk asynchronously; place once the engine has a price.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await place('r-2', 0.5);
    expect(await decided('r-2')).toMatchObject({ status: 'SUBMITTED' });
    expect(decisionFor('r-2')).toMatchObject({ approved: true });
  });

  it('denies an order over the configured maximum notional, naming the limit', async () => {
    await place('r-3', 2); // 2 × 64,000 = 128,000 > maxOrderNotional 100,000
    expect(await decided('r-3')).toMatchObject({ status: 'DENIED' });
    expect(decisionFor('r-3')).toMatchObject({ approved: false, code: 'MAX_ORDER_NOTIONAL_EXCEEDED' });
  });

  it('halts on the kill switch: new orders are denied and the state is announced', async () => {
    const response = await setTradingState('HALTED');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ state: 'HALTED' });
    await place('r-4', 0.1);
    expect(await decided('r-4')).toMatchObject({ status: 'DENIED' });
    expect(decisionFor('r-4')).toMatchObject({ approved: false, code: 'TRADING_HALTED' });
    await eventually(
      () => seen.find((d) => d.message.type === 'risk.trading-state' && d.message.state === 'HALTED'),
      'risk.trading-state HALTED',
    );
    expect((await setTradingState('ACTIVE')).status).toBe(200);
  });

  it('answers 400 naming the field for an unknown trading state', async () => {
    const response = await setTradingState('PAUSED');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      errors: [{ field: 'state', message: 'must be one of ACTIVE, REDUCING, HALTED, got "PAUSED"' }],
    });
  });
});
