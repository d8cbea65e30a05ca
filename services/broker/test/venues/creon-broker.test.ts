import { contracts } from '@tradeforge/core';
import type { Message } from '@tradeforge/core';
import { BUS_SETTINGS, InMemoryEventBus, PLATFORM_TOPICS } from '@tradeforge/runtime';
import { eventually } from '@tradeforge/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrokerSettings } from '../../src/routing/broker-settings.js';
import { Broker } from '../../src/routing/broker.js';
import { NO_ORDER_RECORDS } from '../../src/routing/order-records.js';
import { SAMSUNG } from './creon-fixture.js';

/** Samsung Electronics on a sandbox Creon (no credentials in the environment): what `npm start` runs. */
const settings: BrokerSettings = {
  instruments: [SAMSUNG],
  venues: [
    { id: 'paper', enabled: true },
    { id: 'creon', enabled: true, credentialSecrets: ['creon-api-key', 'creon-api-secret'] },
  ],
};

describe('the broker routes Samsung Electronics orders to a sandbox Creon bridge', () => {
  const bus = new InMemoryEventBus({ topics: PLATFORM_TOPICS, settings: BUS_SETTINGS });
  const events: Message[] = [];
  let broker: Broker;
  const of = (id: string, type: string) =>
    events.find((e) => 'clientOrderId' in e && e.clientOrderId === id && e.type === type);

  beforeAll(async () => {
    await bus.subscribe({
      groupId: 'test-events',
      topics: [PLATFORM_TOPICS.orderEvents],
      handler: ({ message }) => void events.push(message),
    });
    await bus.start();
    broker = await Broker.start({ bus, settings, env: {}, records: NO_ORDER_RECORDS });
  });
  afterAll(async () => {
    await broker?.close();
    await bus.stop();
  });

  const approved = async (clientOrderId: string, quantity: number, price?: number) => {
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
  };

  it('opens creon in sandbox mode and reconciles it before trading', async () => {
    const creon = broker.liveVenues.get('creon')!;
    expect(creon.opened.mode).toBe('sandbox');
    await eventually(() => (creon.status().tradingAllowed ? true : undefined), 'creon to reconcile');
    expect(creon.status()).toMatchObject({ status: 'up', circuit: 'closed' });
  });

  it('a bar sets the bridge’s price, a market order fills there, a resting one is canceled there', async () => {
    const bar = contracts.toBarMessage({
      instrumentId: SAMSUNG.id,
      ts: Date.now(),
      open: 71_000,
      high: 71_500,
      low: 70_500,
      close: 71_000,
      volume: 1_000,
    });
    await bus.publish(PLATFORM_TOPICS.marketBars, bar);
    await approved('samsung-1', 3);
    await eventually(() => of('samsung-1', 'order.filled'), 'samsung-1 to fill at Creon');
    expect(of('samsung-1', 'order.filled')).toMatchObject({ venue: 'creon', quantity: 3, price: 71_000 });

    await approved('samsung-resting', 2, 60_000);
    await eventually(() => of('samsung-resting', 'order.accepted'), 'samsung-resting to rest at Creon');
    await bus.publish(PLATFORM_TOPICS.orderCommands, {
      type: 'order.cancel',
      version: 1,
      clientOrderId: 'samsung-resting',
      strategyId: 'test',
      instrumentId: SAMSUNG.id,
      ts: Date.now(),
    });
    await eventually(() => of('samsung-resting', 'order.canceled'), 'samsung-resting canceled at Creon');

    const creon = broker.liveVenues.get('creon')!;
    expect(await creon.opened.adapter.balances()).toContainEqual({ asset: 'A005930', free: 3, locked: 0 });
  });
});
