import type { ResolvedBusConfig } from '../config/resolve-config.js';

/**
 * `packages/runtime/src/generated/platform-topics.ts`: the topic catalogue and bus settings as
 * TypeScript constants. `satisfies TopicCatalogue` makes the build fail when a topic names a
 * message type that `@tradeforge/core` does not define.
 */
export function renderPlatformTopics(bus: ResolvedBusConfig): string[] {
  const q = (value: unknown) => JSON.stringify(value).replaceAll('"', "'");
  const topics = Object.values(bus.topics).flatMap((topic) => [
    `  /** ${topic.description}. */`,
    `  ${topic.id}: {`,
    `    name: ${q(topic.name)},`,
    `    partitions: ${topic.partitions},`,
    `    key: ${topic.key === null ? 'null' : q(topic.key)},`,
    `    messageTypes: [${topic.messageTypes.map(q).join(', ')}],`,
    `    deadLetterTopic: ${q(topic.deadLetterTopic)},`,
    '  },',
  ]);
  return [
    "import type { BusSettings, TopicCatalogue } from '../bus/topic-catalogue.js';",
    '',
    "/** The platform's topics, from the `bus` section of .projenrc.ts (docs/architecture/event-bus.md). */",
    'export const PLATFORM_TOPICS = {',
    ...topics,
    '} as const satisfies TopicCatalogue;',
    '',
    '/** Delivery settings every consumer of the platform uses. */',
    'export const BUS_SETTINGS: BusSettings = {',
    `  topicPrefix: ${q(bus.topicPrefix)},`,
    `  maxDeliveryAttempts: ${bus.maxDeliveryAttempts},`,
    `  deduplicationWindow: ${bus.deduplicationWindow},`,
    '};',
  ];
}
