import type { Message, VenueEvent } from '@tradeforge/core';
import { BUS_SETTINGS, InMemoryEventBus, PLATFORM_TOPICS } from '@tradeforge/runtime';
import { eventually } from '@tradeforge/runtime/testing';
import { describe, expect, it } from 'vitest';
import { VenueEventPublisher } from '../src/routing/venue-event-publisher.js';

const event = (clientOrderId: string, tradeId: string): VenueEvent => ({
  version: 1,
  type: 'order.filled',
  clientOrderId,
  strategyId: 'test',
  instrumentId: 'BTCUSDT.binance',
  ts: Date.now(),
  venue: 'binance',
  tradeId,
  venueOrderId: '1',
  side: 'BUY',
  quantity: 0.1,
  price: 60_000,
  fee: 0,
  liquidity: 'MAKER',
});

describe('venue events published before the bus runs', () => {
  it('are held and delivered in order once it starts, on order events and fills', async () => {
    const bus = new InMemoryEventBus({ topics: PLATFORM_TOPICS, settings: BUS_SETTINGS });
    const seen: { topic: string; message: Message }[] = [];
    await bus.subscribe({
      groupId: 'test',
      topics: [PLATFORM_TOPICS.orderEvents, PLATFORM_TOPICS.fills],
      handler: ({ topic, message }) => void seen.push({ topic, message }),
    });
    const publisher = new VenueEventPublisher(bus, 10);
    // A restarted broker's start-up reconciliation, before Nest has started the service's bus.
    publisher.publish(event('a', 't-1'));
    publisher.publish(event('a', 't-2'));
    await new Promise((resolve) => setTimeout(resolve, 30));
    publisher.publish(event('b', 't-3'));
    await bus.start();
    publisher.publish(event('b', 't-4'));

    await eventually(() => (seen.length === 8 ? true : undefined), 'every event on both topics');
    // The bus keeps order per key (an order's events), not across orders.
    const tradesOn = (topic: string, clientOrderId: string) =>
      seen
        .filter((s) => s.topic === topic && (s.message as { clientOrderId: string }).clientOrderId === clientOrderId)
        .map((s) => (s.message as { tradeId: string }).tradeId);
    for (const topic of [PLATFORM_TOPICS.orderEvents.name, PLATFORM_TOPICS.fills.name]) {
      expect(tradesOn(topic, 'a')).toEqual(['t-1', 't-2']);
      expect(tradesOn(topic, 'b')).toEqual(['t-3', 't-4']);
    }
    expect(publisher.errors).toEqual([]);
    publisher.close();
    await bus.stop();
  });
});
