import { describe, expect, it } from 'vitest';
import { BUS_SETTINGS, InMemoryEventBus, PLATFORM_TOPICS, ServiceEventBus } from '../../src/index.js';
import { eventually } from '../../src/testing/index.js';

const bar = (close: number) => ({
  type: 'market.bar' as const,
  version: 1 as const,
  instrumentId: 'BTCUSDT.paper',
  ts: Date.now(),
  open: close,
  high: close,
  low: close,
  close,
  volume: 1,
});

describe('consumer lag', () => {
  it('counts what a group has not processed yet, per topic, for the service that consumes it', async () => {
    const shared = new InMemoryEventBus({ topics: PLATFORM_TOPICS, settings: BUS_SETTINGS });
    const risk = new ServiceEventBus(shared, 'risk');
    const portfolio = new ServiceEventBus(shared, 'portfolio');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const handled: number[] = [];
    await risk.subscribe({
      groupId: 'risk',
      topics: [PLATFORM_TOPICS.marketBars],
      handler: async ({ message }) => {
        await gate; // a slow consumer: nothing is processed until released
        if (message.type === 'market.bar') handled.push(message.close);
      },
    });
    await portfolio.subscribe({ groupId: 'portfolio', topics: [PLATFORM_TOPICS.fills], handler: () => {} });
    await shared.start();
    for (const close of [1, 2, 3]) await shared.publish(PLATFORM_TOPICS.marketBars, bar(close));

    expect(await risk.consumerLag()).toEqual([
      { groupId: 'risk', topic: PLATFORM_TOPICS.marketBars.name, messages: 3 },
    ]);
    // Another service's view of the same bus reports only its own groups.
    expect(await portfolio.consumerLag()).toEqual([
      { groupId: 'portfolio', topic: PLATFORM_TOPICS.fills.name, messages: 0 },
    ]);

    release();
    await eventually(() => (handled.length === 3 ? true : undefined), 'the three bars handled');
    await eventually(async () => ((await risk.consumerLag())[0]?.messages === 0 ? true : undefined), 'lag 0');
    await shared.stop();
  });
});
