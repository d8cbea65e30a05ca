import 'reflect-metadata';
import { contracts } from '@tradeforge/core';
import type { Message } from '@tradeforge/core';
import { PLATFORM_SETTINGS, PLATFORM_TOPICS } from '@tradeforge/runtime';
import { eventually, startEmbeddedServices } from '@tradeforge/runtime/testing';
import type { EmbeddedPlatform } from '@tradeforge/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppModule } from '../src/app.module.js';
import { manifest } from '../src/generated/service-manifest.js';

const instrument = PLATFORM_SETTINGS.instruments.find((i) => i.venue === 'paper')!;
let platform: EmbeddedPlatform;
const events: Message[] = [];
const eventsOf = (clientOrderId: string) =>
  events.filter((e) => 'clientOrderId' in e && e.clientOrderId === clientOrderId);

beforeAll(async () => {
  platform = await startEmbeddedServices([{ manifest, appModule: AppModule }], { ports: 'ephemeral', env: {} });
  await platform.infrastructure.bus!.subscribe({
    groupId: 'test-order-events',
    topics: [PLATFORM_TOPICS.orderEvents],
    handler: ({ message }) => void events.push(message),
  });
});
afterAll(async () => {
  await platform?.close();
});

const submit = (clientOrderId: string) =>
  contracts.submitOrderSchema.parse({
    type: 'order.submit',
    version: 1,
    clientOrderId,
    strategyId: 'test',
    instrumentId: instrument.id,
    side: 'BUY',
    orderType: 'MARKET',
    quantity: instrument.lotSize * Math.ceil(instrument.minNotional / 100 / instrument.lotSize),
    timeInForce: 'GTC',
    ts: Date.now(),
  });

/**
 * On Kafka, order commands and risk decisions are separate topics with no order between them:
 * the broker must route an approved order whichever of the two arrives first.
 */
describe('paper broker, messages in either order', () => {
  it('routes an order whose approval arrived before the order itself', async () => {
    const bus = platform.infrastructure.bus!;
    const clientOrderId = 'decided-first';
    await bus.publish(PLATFORM_TOPICS.riskDecisions, {
      type: 'risk.decision',
      version: 1,
      clientOrderId,
      ts: Date.now(),
      approved: true,
    });
    await bus.publish(PLATFORM_TOPICS.orderCommands, submit(clientOrderId));
    await fillByBars(clientOrderId);
    expect(eventsOf(clientOrderId).map((e) => e.type)).toContain('order.accepted');
  });

  it('ends an order here when its denial arrived first', async () => {
    const bus = platform.infrastructure.bus!;
    await bus.publish(PLATFORM_TOPICS.riskDecisions, {
      type: 'risk.decision',
      version: 1,
      clientOrderId: 'denied-first',
      ts: Date.now(),
      approved: false,
      code: 'TRADING_HALTED',
      reason: 'halted',
    });
    await bus.publish(PLATFORM_TOPICS.orderCommands, submit('denied-first'));
    // An approved order placed after it fills: by then the denied one would have too.
    await bus.publish(PLATFORM_TOPICS.orderCommands, submit('approved-after'));
    await bus.publish(PLATFORM_TOPICS.riskDecisions, {
      type: 'risk.decision',
      version: 1,
      clientOrderId: 'approved-after',
      ts: Date.now(),
      approved: true,
    });
    await fillByBars('approved-after');
    expect(eventsOf('denied-first')).toEqual([]);
  });
});

/** Publishes bars until the venue's latency has passed and the order fills. */
async function fillByBars(clientOrderId: string): Promise<void> {
  const bus = platform.infrastructure.bus!;
  await eventually(async () => {
    const bar = {
      instrumentId: instrument.id,
      ts: Date.now(),
      open: 100,
      high: 101,
      low: 99,
      close: 100,
      volume: 1_000,
    };
    await bus.publish(PLATFORM_TOPICS.marketBars, contracts.toBarMessage(bar));
    return events.find((e) => e.type === 'order.filled' && e.clientOrderId === clientOrderId);
  }, `${clientOrderId} to fill`);
}
