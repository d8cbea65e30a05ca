import type { ServiceEnv } from '../config/service-env.js';
import { BUS_SETTINGS, PLATFORM_TOPICS } from '../generated/platform-topics.js';
import type { BusLogger, BusObserver } from './delivery-pipeline.js';
import type { EventBus } from './event-bus.js';
import { InMemoryEventBus } from './in-memory-event-bus.js';
import type { KafkaEventBusOptions } from './kafka-event-bus.js';
import type { ProcessedMessageStore } from './processed-message-store.js';
import type { BusSettings, TopicCatalogue } from './topic-catalogue.js';

export interface CreateEventBusOptions {
  /** The service's validated environment: `PLATFORM_MODE` and `KAFKA_BROKERS` pick the adapter. */
  readonly env: Pick<ServiceEnv, 'PLATFORM_MODE' | 'KAFKA_BROKERS'> &
    Partial<Pick<ServiceEnv, 'KAFKA_TLS' | 'KAFKA_SASL_MECHANISM'>>;
  /** Kafka client id: the service name. */
  readonly clientId: string;
  /** @default the generated `PLATFORM_TOPICS` */
  readonly topics?: TopicCatalogue;
  /** @default the generated `BUS_SETTINGS` */
  readonly settings?: BusSettings;
  readonly processedStore?: ProcessedMessageStore;
  readonly observer?: BusObserver;
  readonly logger?: BusLogger;
  /** TLS, SASL and topic creation for Kafka. */
  readonly kafka?: Pick<KafkaEventBusOptions, 'ssl' | 'sasl' | 'createTopics' | 'replicationFactor'>;
}

/**
 * The bus for this process: Kafka when `KAFKA_BROKERS` is set (required in distributed mode,
 * and allowed in embedded mode to run one process against a real Kafka), otherwise the
 * in-memory bus. Not started: call `start()` after subscribing.
 */
export async function createEventBus(options: CreateEventBusOptions): Promise<EventBus> {
  const topics = options.topics ?? PLATFORM_TOPICS;
  const settings = options.settings ?? BUS_SETTINGS;
  const brokers = options.env.KAFKA_BROKERS;
  if (brokers === undefined) {
    if (options.env.PLATFORM_MODE === 'distributed') {
      throw new Error('KAFKA_BROKERS is required in distributed mode; set it, e.g. KAFKA_BROKERS=localhost:9092');
    }
    return new InMemoryEventBus({
      topics,
      settings,
      processedStore: options.processedStore,
      observer: options.observer,
    });
  }
  if (options.env.KAFKA_SASL_MECHANISM !== undefined && options.kafka?.sasl === undefined) {
    // MSK IAM signs an OAUTHBEARER token with AWS credentials; kafkajs needs a provider for it.
    throw new Error(
      `KAFKA_SASL_MECHANISM=${options.env.KAFKA_SASL_MECHANISM} needs a SASL provider: pass kafka.sasl to createEventBus ` +
        '(for MSK IAM, an oauthbearer provider built with aws-msk-iam-sasl-signer-js)',
    );
  }
  // Loaded only when used: embedded mode never pays for the Kafka client.
  const { KafkaEventBus } = await import('./kafka-event-bus.js');
  return new KafkaEventBus({
    ssl: options.env.KAFKA_TLS ?? false,
    ...options.kafka,
    brokers: brokers.split(','),
    clientId: options.clientId,
    topics,
    settings,
    processedStore: options.processedStore,
    observer: options.observer,
    logger: options.logger,
  });
}
