import type { Message, MessageTypes } from '@tradeforge/core';
import type { DeliveredMessage } from '../../src/bus/event-bus.js';
import type { TopicCatalogue, TopicSpec } from '../../src/bus/topic-catalogue.js';
import { BUS_SETTINGS, PLATFORM_TOPICS } from '../../src/generated/platform-topics.js';

/** A valid bar for `instrumentId`; `ts` doubles as a sequence number in ordering tests. */
export function bar(instrumentId: string, ts: number): MessageTypes['market.bar'] {
  return { type: 'market.bar', version: 1, instrumentId, ts, open: 100, high: 101, low: 99, close: 100.5, volume: 10 };
}

export function submitOrder(clientOrderId: string): MessageTypes['order.submit'] {
  return {
    type: 'order.submit',
    version: 1,
    clientOrderId,
    strategyId: 'sma-crossover',
    instrumentId: 'BTC-USDT',
    side: 'BUY',
    orderType: 'LIMIT',
    quantity: 1,
    price: 100,
    timeInForce: 'GTC',
    reduceOnly: false,
    ts: 1,
  };
}

/** The generated catalogue with another topic prefix, so each test gets topics of its own. */
export function catalogueWithPrefix(prefix: string): typeof PLATFORM_TOPICS {
  const rename = (name: string) => name.replace(`${BUS_SETTINGS.topicPrefix}.`, `${prefix}.`);
  return Object.fromEntries(
    Object.entries(PLATFORM_TOPICS).map(([id, spec]) => [
      id,
      { ...spec, name: rename(spec.name), deadLetterTopic: rename(spec.deadLetterTopic) } satisfies TopicSpec,
    ]),
  ) as unknown as typeof PLATFORM_TOPICS;
}

export const settings = { ...BUS_SETTINGS, maxDeliveryAttempts: 3 };

/** A logger for buses whose dead letters are expected. */
export const silent = { log: () => {}, warn: () => {}, error: () => {} };

/** Waits until `condition` holds; fails with `what` after `timeoutMs` (no timing is asserted). */
export async function eventually(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Collects deliveries of a handler. */
export function recorder(): {
  handler: (d: DeliveredMessage) => void;
  deliveries: DeliveredMessage[];
  messages: Message[];
} {
  const deliveries: DeliveredMessage[] = [];
  return {
    deliveries,
    get messages() {
      return deliveries.map((d) => d.message);
    },
    handler: (d) => void deliveries.push(d),
  };
}

export type Catalogue = TopicCatalogue;
