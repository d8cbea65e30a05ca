export * from './create-event-bus.js';
export * from './dead-letters.js';
export * from './delivery-pipeline.js';
export * from './event-bus.js';
export * from './in-memory-event-bus.js';
// The Kafka adapter class is loaded by createEventBus on demand, so embedded mode never loads kafkajs.
export type { KafkaEventBusOptions } from './kafka-event-bus.js';
export * from './kafka-readiness-probe.js';
export * from './message-headers.js';
export * from './partitioner.js';
export * from './processed-message-store.js';
export type * from './topic-catalogue.js';
export { BUS_SETTINGS, PLATFORM_TOPICS } from '../generated/platform-topics.js';
