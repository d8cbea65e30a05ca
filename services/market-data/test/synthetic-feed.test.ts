import 'reflect-metadata';
import { BUS_SETTINGS, InMemoryEventBus, PLATFORM_SETTINGS, PLATFORM_TOPICS } from '@tradeforge/runtime';
import type { DeliveredMessage } from '@tradeforge/runtime';
import { eventually, startEmbeddedServices } from '@tradeforge/runtime/testing';
import type { EmbeddedPlatform } from '@tradeforge/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppModule } from '../src/app.module.js';
import { manifest } from '../src/generated/service-manifest.js';
import { SyntheticFeed } from '../src/replay/synthetic-feed.js';

let platform: EmbeddedPlatform;
const bars: DeliveredMessage[] = [];

beforeAll(async () => {
  process.env.MARKET_DATA_INTERVAL_MS = '20';
  platform = await startEmbeddedServices([{ manifest, appModule: AppModule }], { ports: 'ephemeral', env: {} });
  await platform.infrastructure.bus!.subscribe({
    groupId: 'test-observer',
    topics: [PLATFORM_TOPICS.marketBars],
    handler: (delivery) => {
      bars.push(delivery);
    },
  });
});

afterAll(async () => {
  delete process.env.MARKET_DATA_INTERVAL_MS;
  await platform?.close();
});

describe('synthetic market data', () => {
  it('streams valid bars for every configured instrument, keyed by instrument', async () => {
    const instruments = PLATFORM_SETTINGS.instruments.map((i) => i.id).sort();
    for (let attempt = 0; attempt < 200 && bars.length < instruments.length * 3; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect([...new Set(bars.map((b) => b.key))].sort()).toEqual(instruments);
    for (const { message } of bars) {
      if (message.type !== 'market.bar') throw new Error(`unexpected ${message.type}`);
      expect(message.low).toBeLessThanOrEqual(Math.min(message.open, message.close));
      expect(message.high).toBeGreaterThanOrEqual(Math.max(message.open, message.close));
    }
    const btc = bars.map((b) => b.message).filter((m) => m.type === 'market.bar' && m.instrumentId === 'BTCUSDT.paper');
    expect(btc.length).toBeGreaterThanOrEqual(2);
    // Bars follow the wall clock, one per interval.
    expect(btc[1]!.ts).toBeGreaterThan(btc[0]!.ts);
  });
});

describe('synthetic market data while the bus is down', () => {
  it('drops ticks the bus cannot take instead of crashing, then publishes again', async () => {
    const bus = new InMemoryEventBus({ topics: PLATFORM_TOPICS, settings: BUS_SETTINGS });
    const feed = new SyntheticFeed(bus);
    // Not started: a Kafka bus is in this state while it connects, or when the brokers are away.
    await expect(feed.publishNext()).resolves.toBeUndefined();
    const received: DeliveredMessage[] = [];
    await bus.subscribe({
      groupId: 'after-outage',
      topics: [PLATFORM_TOPICS.marketBars],
      handler: (d) => void received.push(d),
    });
    await bus.start();
    await feed.publishNext();
    await eventually(() => (received.length === PLATFORM_SETTINGS.instruments.length ? received : undefined), 'bars');
    await bus.stop();
  });
});
