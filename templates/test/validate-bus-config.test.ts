import { describe, expect, it } from 'vitest';
import type { PlatformConfig } from '../config/platform-config.js';
import { resolvePlatformConfig } from '../config/resolve-config.js';
import { validatePlatformConfig } from '../config/validate-config.js';

// Built from `unknown` on purpose: .projenrc.ts runs without a type-check.
const withBus = (bus: unknown): PlatformConfig => ({ name: 'acme', bus }) as PlatformConfig;

function onlyIssue(config: PlatformConfig): string {
  const issues = validatePlatformConfig(config);
  expect(issues).toHaveLength(1);
  return `${issues[0]!.path}: ${issues[0]!.message}`;
}

describe('bus settings: validation', () => {
  it('accepts every field set to an allowed value', () => {
    expect(
      validatePlatformConfig(
        withBus({
          topicPrefix: 'acme-live',
          partitions: 6,
          topics: { marketTicks: { partitions: 12 }, tradingState: { partitions: 1 } },
          deadLetterSuffix: 'dead-letter',
          maxDeliveryAttempts: 5,
          deduplicationWindow: 1_000_000,
        }),
      ),
    ).toEqual([]);
  });

  it('rejects a topic id that does not exist and lists the real ones', () => {
    expect(onlyIssue(withBus({ topics: { trades: { partitions: 3 } } }))).toBe(
      'bus.topics.trades: no topic has id "trades"; topics are "marketBars", "marketTicks", "orderCommands", "orderEvents", "riskDecisions", "fills", "positions", "tradingState"',
    );
  });

  it('rejects a topic given as something other than an object', () => {
    expect(onlyIssue(withBus({ topics: { fills: 6 } }))).toBe(
      'bus.topics.fills: must be an object such as { partitions: 6 }, got 6',
    );
    expect(onlyIssue(withBus({ topics: ['fills'] }))).toMatch(/^bus\.topics: must be an object keyed by topic id/);
  });

  it.each([0, 257, 2.5, '3'])('rejects %j partitions for one topic', (partitions) => {
    expect(onlyIssue(withBus({ topics: { fills: { partitions } } }))).toBe(
      `bus.topics.fills.partitions: must be a whole number from 1 to 256, got ${JSON.stringify(partitions)}`,
    );
  });

  it('keeps the unkeyed trading-state topic on one partition', () => {
    expect(onlyIssue(withBus({ topics: { tradingState: { partitions: 3 } } }))).toBe(
      'bus.topics.tradingState.partitions: must be 1: "tradingState" has no key, so it is one stream whose order every service relies on (got 3)',
    );
  });

  it.each(['', 'DLQ', 'dead_letter', '-dlq', 'a-very-long-dead-letter-suffix', 7])(
    'rejects dead-letter suffix %j',
    (deadLetterSuffix) => {
      expect(onlyIssue(withBus({ deadLetterSuffix }))).toMatch(
        /^bus\.deadLetterSuffix: .* is not allowed; use 1–16 lower-case letters, digits or dashes/,
      );
    },
  );

  it.each([0, 11, 1.5])('rejects %s delivery attempts', (maxDeliveryAttempts) => {
    expect(onlyIssue(withBus({ maxDeliveryAttempts }))).toBe(
      `bus.maxDeliveryAttempts: must be a whole number from 1 to 10, got ${maxDeliveryAttempts}`,
    );
  });

  it('rejects a deduplication window too small to cover a redelivery', () => {
    expect(onlyIssue(withBus({ deduplicationWindow: 10 }))).toBe(
      'bus.deduplicationWindow: must be a whole number from 1000 to 10000000, got 10',
    );
  });

  it('rejects a bus section that is not an object', () => {
    expect(onlyIssue(withBus('kafka'))).toBe('bus: must be an object, got "kafka"');
  });

  it('reports every problem at once', () => {
    const paths = validatePlatformConfig(
      withBus({ partitions: 0, deadLetterSuffix: 'X', maxDeliveryAttempts: 0, topics: { nope: {} } }),
    ).map((issue) => issue.path);
    expect(paths).toEqual(['bus.partitions', 'bus.topics.nope', 'bus.deadLetterSuffix', 'bus.maxDeliveryAttempts']);
  });
});

describe('bus settings: the resolved topic catalogue', () => {
  it('names every topic after the prefix and gives each a dead-letter topic', () => {
    const { bus } = resolvePlatformConfig({ name: 'acme' });
    expect(Object.values(bus.topics).map((t) => [t.name, t.partitions, t.key, t.deadLetterTopic])).toEqual([
      ['acme.market.bars', 3, 'instrumentId', 'acme.market.bars.dlq'],
      ['acme.market.ticks', 3, 'instrumentId', 'acme.market.ticks.dlq'],
      ['acme.orders.commands', 3, 'clientOrderId', 'acme.orders.commands.dlq'],
      ['acme.orders.events', 3, 'clientOrderId', 'acme.orders.events.dlq'],
      ['acme.risk.decisions', 3, 'clientOrderId', 'acme.risk.decisions.dlq'],
      ['acme.orders.fills', 3, 'instrumentId', 'acme.orders.fills.dlq'],
      ['acme.portfolio.positions', 3, 'accountId', 'acme.portfolio.positions.dlq'],
      ['acme.risk.trading-state', 1, null, 'acme.risk.trading-state.dlq'],
    ]);
    expect(bus).toMatchObject({ maxDeliveryAttempts: 3, deduplicationWindow: 100_000, deadLetterSuffix: 'dlq' });
  });

  it('applies the prefix, default partitions, per-topic partitions and suffix from the config', () => {
    const { bus } = resolvePlatformConfig(
      withBus({
        topicPrefix: 'paper',
        partitions: 6,
        topics: { marketTicks: { partitions: 24 } },
        deadLetterSuffix: 'dead',
      }),
    );
    expect(bus.topics.marketTicks).toMatchObject({
      name: 'paper.market.ticks',
      partitions: 24,
      deadLetterTopic: 'paper.market.ticks.dead',
    });
    expect(bus.topics.fills.partitions).toBe(6);
    expect(bus.topics.tradingState.partitions).toBe(1);
  });

  it('puts every order event on the order-events topic and fills on their own topic too', () => {
    const { bus } = resolvePlatformConfig({ name: 'acme' });
    expect(bus.topics.orderEvents.messageTypes).toContain('order.filled');
    expect(bus.topics.fills.messageTypes).toEqual(['order.filled']);
    const names = Object.values(bus.topics).flatMap((t) => [t.name, t.deadLetterTopic]);
    expect(new Set(names).size).toBe(names.length);
  });
});
