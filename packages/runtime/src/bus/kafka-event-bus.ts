import { Kafka, Partitioners, logLevel } from 'kafkajs';
import type {
  Admin,
  Consumer,
  ConsumerConfig,
  KafkaConfig,
  LogEntry,
  Message as KafkaMessage,
  Producer,
  SASLOptions,
} from 'kafkajs';
import type { Message } from '@tradeforge/core';
import type { ProbeResult } from '../health/readiness-probes.js';
import { tracePublish } from '../observability/bus-tracing.js';
import { DeliveryPipeline } from './delivery-pipeline.js';
import { stderrBusLogger } from './delivery-pipeline.js';
import type { BusLogger, BusObserver } from './delivery-pipeline.js';
import { BusNotRunningError } from './event-bus.js';
import type {
  ConsumerLag,
  EventBus,
  PublishOptions,
  PublishedMessage,
  RawRecord,
  RawSubscribeOptions,
  SubscribeOptions,
  Subscription,
  TopicRef,
} from './event-bus.js';
import { describeCluster, withDeadline } from './kafka-readiness-probe.js';
import { TopicDirectory, encodeOutgoing, headersToStrings } from './outgoing-message.js';
import { InMemoryProcessedMessageStore } from './processed-message-store.js';
import type { ProcessedMessageStore } from './processed-message-store.js';
import type { BusSettings, TopicCatalogue, TopicSpec } from './topic-catalogue.js';

export interface KafkaEventBusOptions {
  /** Bootstrap brokers, `host:port`. */
  readonly brokers: readonly string[];
  /** Names this client in broker logs and metrics; the service name. */
  readonly clientId: string;
  readonly topics: TopicCatalogue;
  readonly settings: BusSettings;
  /** TLS to the brokers (MSK, Confluent Cloud). @default false */
  readonly ssl?: boolean;
  readonly sasl?: SASLOptions;
  /**
   * Create missing topics (and their dead-letter topics) with the configured partitions on
   * start, and add partitions to a topic that has fewer.
   * @default true
   */
  readonly createTopics?: boolean;
  /** Replicas of created topics. @default the broker's `default.replication.factor` */
  readonly replicationFactor?: number;
  /** @default an `InMemoryProcessedMessageStore` remembering `settings.deduplicationWindow` ids per group */
  readonly processedStore?: ProcessedMessageStore;
  readonly observer?: BusObserver;
  /** Dead letters, kafkajs warnings and errors go here. @default stderr */
  readonly logger?: BusLogger;
  /** @default 100 */
  readonly retryBackoffMs?: number;
  /** Partitions a subscription processes at once (order holds within each). @default 1 */
  readonly partitionsConsumedConcurrently?: number;
  /**
   * Consumer timing. A shorter heartbeat makes members notice a rebalance sooner (tests, small
   * groups); a longer session tolerates slower handlers.
   * @default kafkajs' defaults (heartbeat 3 s, session 30 s, fetch wait 5 s)
   */
  readonly consumerTiming?: Pick<ConsumerConfig, 'heartbeatInterval' | 'sessionTimeout' | 'maxWaitTimeInMs'>;
}

/**
 * The distributed bus on Kafka through kafkajs. Everything kafkajs-specific lives in this file:
 * another client (`@platformatic/kafka`, `@confluentinc/kafka-javascript`) is another class
 * implementing `EventBus` with the same `DeliveryPipeline` and `encodeOutgoing`.
 *
 * Producer: idempotent, acks from all in-sync replicas, one request in flight, so a key's
 * messages keep their order through retries. Consumers: one kafkajs consumer per subscription,
 * offsets committed after the pipeline has finished a record (processed or dead-lettered).
 */
export class KafkaEventBus implements EventBus {
  readonly kind = 'kafka';
  readonly topics: TopicCatalogue;
  private readonly directory: TopicDirectory;
  private readonly kafka: Kafka;
  private readonly producer: Producer;
  private readonly admin: Admin;
  private readonly batcher: ProduceBatcher;
  private readonly store: ProcessedMessageStore;
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly consumers = new Set<Consumer>();
  /** Topics each consumer group of this bus reads, for `consumerLag`. */
  private readonly groupTopics = new Map<string, Set<string>>();
  private readonly pending: Array<() => Promise<void>> = [];
  private state: 'not started' | 'starting' | 'running' | 'stopped' = 'not started';

  constructor(private readonly options: KafkaEventBusOptions) {
    this.topics = options.topics;
    this.directory = new TopicDirectory(options.topics);
    this.store = options.processedStore ?? new InMemoryProcessedMessageStore(options.settings.deduplicationWindow);
    const config: KafkaConfig = {
      clientId: options.clientId,
      brokers: [...options.brokers],
      ssl: options.ssl ?? false,
      sasl: options.sasl,
      logLevel: logLevel.WARN,
      logCreator: () => (entry: LogEntry) => this.logKafkaJs(entry),
      retry: { initialRetryTime: 200, retries: 8 },
    };
    this.kafka = new Kafka(config);
    this.producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.admin = this.kafka.admin();
    this.batcher = new ProduceBatcher(this.producer);
  }

  async start(): Promise<void> {
    if (this.state === 'stopped') throw new BusNotRunningError('start', 'stopped');
    if (this.state !== 'not started') return;
    this.state = 'starting';
    await this.admin.connect();
    if (this.options.createTopics ?? true) await this.ensureTopics();
    await this.producer.connect();
    this.state = 'running';
    await Promise.all(this.pending.splice(0).map((run) => run()));
  }

  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    await Promise.all([...this.consumers].map((c) => c.disconnect()));
    this.consumers.clear();
    await this.producer.disconnect();
    await this.admin.disconnect();
  }

  async publish(topic: TopicRef, message: Message, options?: PublishOptions): Promise<PublishedMessage> {
    if (this.state !== 'running') throw new BusNotRunningError('publish', this.notRunningState());
    const spec = this.directory.get(topic);
    return tracePublish({ system: this.kind, topic: spec.name }, options?.headers, async (headers) => {
      const record = encodeOutgoing(spec, message, { ...options, headers });
      await this.batcher.send(spec.name, { key: record.key ?? null, value: record.value, headers: record.headers });
      return { topic: spec.name, messageId: record.messageId, key: record.key };
    });
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    const specs = new Map<string, TopicSpec>(
      options.topics.map((t) => this.directory.get(t)).map((spec) => [spec.name, spec]),
    );
    const pipeline = new DeliveryPipeline({
      system: this.kind,
      groupId: options.groupId,
      handler: options.handler,
      maxAttempts: options.maxAttempts ?? this.options.settings.maxDeliveryAttempts,
      retryBackoffMs: this.options.retryBackoffMs ?? 100,
      store: this.store,
      observer: this.options.observer,
      logger: this.logger(),
      inFlight: this.inFlight,
      writeDeadLetter: (topic, r) =>
        this.batcher.send(topic, { key: r.key ?? null, value: r.value ?? null, headers: r.headers }),
    });
    return this.consume(options.groupId, [...specs.keys()], options.startFrom, (record) =>
      pipeline.process(record, specs.get(record.topic)!),
    );
  }

  async subscribeRaw(options: RawSubscribeOptions): Promise<Subscription> {
    return this.consume(options.groupId, options.topics, options.startFrom, options.handler);
  }

  async probe(): Promise<ProbeResult> {
    if (this.state !== 'running') return { status: 'down', detail: `kafka bus ${this.state}` };
    return describeCluster(this.admin, 3_000);
  }

  private async consume(
    groupId: string,
    topics: readonly string[],
    startFrom: 'earliest' | 'latest' = 'earliest',
    handle: (record: RawRecord) => Promise<void> | void,
  ): Promise<Subscription> {
    if (this.state === 'stopped') throw new BusNotRunningError('subscribe', 'stopped');
    const consumer = this.kafka.consumer({ ...this.options.consumerTiming, groupId, allowAutoTopicCreation: false });
    const read = this.groupTopics.get(groupId) ?? new Set<string>();
    for (const topic of topics) read.add(topic);
    this.groupTopics.set(groupId, read);
    const run = async () => {
      const joined = new Promise<void>((resolve) => {
        const off = consumer.on(consumer.events.GROUP_JOIN, () => {
          off();
          resolve();
        });
      });
      await consumer.connect();
      await consumer.subscribe({ topics: [...topics], fromBeginning: startFrom === 'earliest' });
      this.consumers.add(consumer);
      await consumer.run({
        partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
        eachMessage: async ({ topic, partition, message }) => {
          await handle({
            topic,
            partition,
            offset: message.offset,
            key: message.key?.toString('utf8'),
            value: message.value?.toString('utf8'),
            headers: headersToStrings(message.headers),
            timestamp: Number(message.timestamp),
          });
        },
      });
      await withDeadline(
        joined,
        JOIN_TIMEOUT_MS,
        `consumer group "${groupId}" did not join within ${JOIN_TIMEOUT_MS / 1000} s (brokers ${this.options.brokers.join(',')})`,
      );
    };
    // Before start, the consumer begins with the bus (topics must exist first).
    if (this.state === 'running') await run();
    else this.pending.push(run);
    return {
      groupId,
      topics: [...topics],
      stop: async () => {
        this.consumers.delete(consumer);
        await consumer.disconnect();
      },
    };
  }

  /**
   * Committed offset against the high watermark per partition, summed per topic: two admin
   * requests per group and one per topic, made when `/metrics` is scraped. A partition the group
   * never committed on counts from the oldest retained record.
   */
  async consumerLag(groupIds: readonly string[]): Promise<ConsumerLag[]> {
    if (this.state !== 'running') return [];
    const watermarks = new Map<string, Map<number, { high: number; low: number }>>();
    const marksOf = async (topic: string) => {
      let marks = watermarks.get(topic);
      if (marks === undefined) {
        const offsets = await this.topicOffsets(topic);
        marks = new Map(offsets.map((o) => [o.partition, { high: Number(o.high), low: Number(o.low) }]));
        watermarks.set(topic, marks);
      }
      return marks;
    };
    const lags: ConsumerLag[] = [];
    for (const groupId of groupIds) {
      const topics = this.groupTopics.get(groupId);
      if (topics === undefined) continue;
      const committed = await this.admin.fetchOffsets({ groupId, topics: [...topics] });
      for (const { topic, partitions } of committed) {
        const marks = await marksOf(topic);
        let messages = 0;
        for (const { partition, offset } of partitions) {
          const mark = marks.get(partition);
          if (mark === undefined) continue;
          const position = Number(offset) >= 0 ? Number(offset) : mark.low;
          messages += Math.max(0, mark.high - position);
        }
        lags.push({ groupId, topic, messages });
      }
    }
    return lags;
  }

  /**
   * The topic's watermarks. Right after a topic is created a broker may still answer that it is
   * not the partition's leader, and kafkajs' admin gives up on that at once: refresh and ask again.
   */
  private async topicOffsets(topic: string): ReturnType<Admin['fetchTopicOffsets']> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.admin.fetchTopicOffsets(topic);
      } catch (error) {
        if (attempt >= 5 || !(error as { retriable?: boolean }).retriable) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
        await this.admin.fetchTopicMetadata({ topics: [topic] });
      }
    }
  }

  /** Creates missing topics and dead-letter topics; grows a topic that has fewer partitions than configured. */
  private async ensureTopics(): Promise<void> {
    const wanted = this.directory.all().flatMap((spec) => [
      { topic: spec.name, numPartitions: spec.partitions },
      { topic: spec.deadLetterTopic, numPartitions: spec.partitions },
    ]);
    const existing = new Set(await this.admin.listTopics());
    const missing = wanted.filter((t) => !existing.has(t.topic));
    if (missing.length > 0) {
      // Two processes may race to create: an existing topic is not an error (createTopics returns false).
      await this.admin.createTopics({
        waitForLeaders: false,
        topics: missing.map((t) => ({ ...t, replicationFactor: this.options.replicationFactor ?? -1 })),
      });
      await this.waitForLeaders(missing.map((t) => t.topic));
    }
    const present = wanted.filter((t) => existing.has(t.topic));
    if (present.length === 0) return;
    const { topics } = await this.admin.fetchTopicMetadata({ topics: present.map((t) => t.topic) });
    const grow = present.flatMap((t) => {
      const have = topics.find((m) => m.name === t.topic)?.partitions.length ?? t.numPartitions;
      return have < t.numPartitions ? [{ topic: t.topic, count: t.numPartitions }] : [];
    });
    if (grow.length > 0) {
      this.logger().warn(
        `adding partitions to ${grow.map((g) => `${g.topic} (→ ${g.count})`).join(', ')}: keys move to new partitions, so per-key order holds only for messages published from now on`,
      );
      await this.admin.createPartitions({ topicPartitions: grow });
    }
  }

  /**
   * Waits until every partition of `topics` has a leader. kafkajs' own `waitForLeaders` gives up
   * when a new topic is not yet in the metadata (UNKNOWN_TOPIC_OR_PARTITION), which KRaft brokers
   * answer for a moment after creation.
   */
  private async waitForLeaders(topics: readonly string[]): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        const metadata = await this.admin.fetchTopicMetadata({ topics: [...topics] });
        const ready = metadata.topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
        if (ready && metadata.topics.length === topics.length) return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
      }
      if (Date.now() > deadline) throw new Error(`topics without a leader after 30 s: ${topics.join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  private notRunningState(): 'not started' | 'stopped' {
    return this.state === 'stopped' ? 'stopped' : 'not started';
  }

  private logger(): BusLogger {
    return this.options.logger ?? stderrBusLogger;
  }

  private logKafkaJs(entry: LogEntry): void {
    const { message, ...extra } = entry.log;
    const text = `kafkajs ${entry.namespace}: ${message} ${JSON.stringify(extra)}`;
    if (entry.level <= logLevel.ERROR) this.logger().error(text);
    else this.logger().warn(text);
  }
}

const JOIN_TIMEOUT_MS = 60_000;

/**
 * Sends what was published while the previous request was in flight as one batch. kafkajs sends
 * one request per `send()`, and with one request in flight (needed for per-key order) that
 * would cap a producer at one message per broker round trip; batching keeps the order (a batch
 * holds messages in call order, batches go one after another) and lifts the cap.
 */
class ProduceBatcher {
  private queue: Array<{ topic: string; message: KafkaMessage; settle: (error?: unknown) => void }> = [];
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly producer: Producer,
    private readonly maxBatch = 1_000,
  ) {}

  send(topic: string, message: KafkaMessage): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ topic, message, settle: (error) => (error === undefined ? resolve() : reject(error)) });
      this.flushing ??= this.flush();
    });
  }

  private async flush(): Promise<void> {
    // Let the publishes of the current task join the first batch.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      const byTopic = new Map<string, KafkaMessage[]>();
      for (const { topic, message } of batch) {
        const messages = byTopic.get(topic) ?? [];
        messages.push(message);
        byTopic.set(topic, messages);
      }
      try {
        await this.producer.sendBatch({
          acks: -1,
          topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
        });
        for (const entry of batch) entry.settle();
      } catch (error) {
        for (const entry of batch) entry.settle(error ?? new Error('send failed'));
      }
    }
    this.flushing = undefined;
  }
}
