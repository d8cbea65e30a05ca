import { contracts, createInstrument } from '@tradeforge/core';
import type { Message } from '@tradeforge/core';
import { BUS_SETTINGS, InMemoryEventBus, PLATFORM_TOPICS } from '@tradeforge/runtime';
import { eventually } from '@tradeforge/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrokerSettings } from '../../src/routing/broker-settings.js';
import { Broker } from '../../src/routing/broker.js';

/** Samsung Electronics on KRX, routed to KIS (sandbox: no credentials in the environment). */
const SAMSUNG = createInstrument({ symbol: '005930', venue: 'kis', quoteCurrency: 'KRW', tickSize: 100, lotSize: 1 });

const settings: BrokerSettings = {
  instruments: [SAMSUNG],
  venues: [
    { id: 'paper', enabled: true },
    { id: 'kis', enabled: true, credentialSecrets: ['kis-api-key', 'kis-api-secret', 'kis-account-no'] },
  ],
};

let bus: InMemoryEventBus;
let broker: Broker;
const events: Message[] = [];

beforeAll(async () => {
  bus = new InMemoryEventBus({ topics: PLATFORM_TOPICS, settings: BUS_SETTINGS });
  await bus.subscribe({
    groupId: 'test-events',
    topics: [PLATFORM_TOPICS.orderEvents],
    handler: ({ message }) => void events.push(message),
  });
  await bus.start();
  broker = await Broker.start({ bus, settings, env: {} });
});
afterAll(async () => {
  await broker?.close();
  await bus?.stop();
});

const eventOf = (clientOrderId: string, type: string) =>
  events.find((e) => 'clientOrderId' in e && e.clientOrderId === clientOrderId && e.type === type);

async function placeApproved(clientOrderId: string, quantity: number, price?: number): Promise<void> {
  await bus.publish(
    PLATFORM_TOPICS.orderCommands,
    contracts.submitOrderSchema.parse({
      type: 'order.submit',
      version: 1,
      clientOrderId,
      strategyId: 'test',
      instrumentId: SAMSUNG.id,
      side: 'BUY',
      orderType: price === undefined ? 'MARKET' : 'LIMIT',
      price,
      quantity,
      timeInForce: 'GTC',
      ts: Date.now(),
    }),
  );
  await bus.publish(PLATFORM_TOPICS.riskDecisions, {
    type: 'risk.decision',
    version: 1,
    clientOrderId,
    ts: Date.now(),
    approved: true,
  });
}

describe('the broker routes KRX orders to KIS', () => {
  it('opens KIS in sandbox mode and reconciles it before trading', () => {
    const kis = broker.liveVenues.get('kis')!;
    expect(kis.opened.mode).toBe('sandbox');
    expect(kis.status()).toMatchObject({ status: 'up', tradingAllowed: true });
  });

  it('an approved order fills at KIS; a resting one is canceled there by its order number', async () => {
    const kis = broker.liveVenues.get('kis')!;
    await eventually(async () => {
      await bus.publish(
        PLATFORM_TOPICS.marketBars,
        contracts.toBarMessage({
          instrumentId: SAMSUNG.id,
          ts: Date.now(),
          open: 70_000,
          high: 70_500,
          low: 69_500,
          close: 70_000,
          volume: 1_000,
        }),
      );
      return kis.opened.sandbox?.engine.lastPrice('005930');
    }, 'a first price at the sandbox KIS');
    await placeApproved('kis-1', 3);
    await eventually(() => eventOf('kis-1', 'order.filled'), 'kis-1 to fill at KIS');
    expect(eventOf('kis-1', 'order.filled')).toMatchObject({ venue: 'kis', quantity: 3 });

    await placeApproved('kis-resting', 2, 60_000);
    await eventually(() => eventOf('kis-resting', 'order.accepted'), 'kis-resting to rest at KIS');
    await bus.publish(PLATFORM_TOPICS.orderCommands, {
      type: 'order.cancel',
      version: 1,
      clientOrderId: 'kis-resting',
      strategyId: 'test',
      instrumentId: SAMSUNG.id,
      ts: Date.now(),
    });
    await eventually(() => eventOf('kis-resting', 'order.canceled'), 'kis-resting canceled at KIS');
    expect(await kis.opened.adapter.openOrders([SAMSUNG])).toEqual([]);
    await kis.reconcile();
    expect(kis.status().tradingAllowed).toBe(true);
  });
});
