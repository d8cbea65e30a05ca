// While Kafka is away every publish fails: the broker's venue events (a fill is the venue's word
// that it traded) must wait and go out in order once it is back, never be dropped.
import type { VenueEvent } from '@tradeforge/core';
import { PLATFORM_TOPICS } from '@tradeforge/runtime';
import type { EventBus } from '@tradeforge/runtime';
import { eventually } from '@tradeforge/runtime/testing';
import { describe, expect, it } from 'vitest';
import { VenueEventPublisher } from '../src/routing/venue-event-publisher.js';

const accepted = (clientOrderId: string): VenueEvent => ({
  version: 1,
  type: 'order.accepted',
  clientOrderId,
  strategyId: 'test',
  instrumentId: 'BTCUSDT.paper',
  ts: 1,
  venueOrderId: `v-${clientOrderId}`,
});

/** A bus whose broker is unreachable until `available` is set. */
function flakyBus() {
  const published: string[] = [];
  const state = { available: false, failures: 0 };
  const bus = {
    publish: (topic: { name: string }, message: { clientOrderId: string }) => {
      if (!state.available) {
        state.failures++;
        return Promise.reject(new Error('Connection error: connect ECONNREFUSED kafka:9092'));
      }
      published.push(`${topic.name} ${message.clientOrderId}`);
      return Promise.resolve();
    },
  } as unknown as EventBus;
  return { bus, published, state };
}

describe('venue events while Kafka is away', () => {
  it('are retried and published in order once it is back, none dropped', async () => {
    const { bus, published, state } = flakyBus();
    const publisher = new VenueEventPublisher(bus, 5);
    for (const id of ['a', 'b', 'c']) publisher.publish(accepted(id));
    await eventually(() => (state.failures > 2 ? true : undefined), 'failed publishes while Kafka is away');
    publisher.publish(accepted('d'));
    state.available = true;
    await eventually(() => (published.length >= 4 ? true : undefined), 'the held events published');
    expect(published).toEqual(['a', 'b', 'c', 'd'].map((id) => `${PLATFORM_TOPICS.orderEvents.name} ${id}`));
    expect(publisher.errors.length).toBeGreaterThan(0);
    publisher.close();
  });
});
