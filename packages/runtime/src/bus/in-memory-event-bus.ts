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
import { TopicDirectory, encodeOutgoing } from './outgoing-message.js';
import { partitionForKey } from './partitioner.js';
import { InMemoryProcessedMessageStore } from './processed-message-store.js';
import type { ProcessedMessageStore } from './processed-message-store.js';
import type { BusSettings, TopicCatalogue } from './topic-catalogue.js';

export interface InMemoryEventBusOptions {
  readonly topics: TopicCatalogue;
  readonly settings: BusSettings;
  /** @default an `InMemoryProcessedMessageStore` remembering `settings.deduplicationWindow` ids per group */
  readonly processedStore?: ProcessedMessageStore;
  readonly observer?: BusObserver;
  /** Dead letters are reported here. @default stderr */
  readonly logger?: BusLogger;
  /** @default 100 */
  readonly retryBackoffMs?: number;
  /**
   * Consumed records kept per partition, for groups that join later (`startFrom: 'earliest'`).
   * Records some group has not consumed yet are always kept.
   * @default 10_000
   */
  readonly retainPerPartition?: number;
}

/**
 * The embedded default: topics are in-process logs with Kafka's semantics as far as a service can
 * tell — the same partitions and key → partition mapping, per-partition order, consumer groups
 * that share partitions between members and remember their position, asynchronous delivery (a
 * publish returns before any handler runs), JSON on the wire so no object is shared between
 * publisher and consumer, and the same validation, deduplication and dead-lettering.
 */
export class InMemoryEventBus implements EventBus {
  readonly kind = 'in-memory';
  readonly topics: TopicCatalogue;
  private readonly directory: TopicDirectory;
  private readonly logs = new Map<string, TopicLog>();
  private readonly groups = new Map<string, ConsumerGroup>();
  private readonly store: ProcessedMessageStore;
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly retain: number;
  private state: 'not started' | 'running' | 'stopped' = 'not started';
  private progressSinceTrim = 0;

  constructor(private readonly options: InMemoryEventBusOptions) {
    this.topics = options.topics;
    this.directory = new TopicDirectory(options.topics);
    this.store = options.processedStore ?? new InMemoryProcessedMessageStore(options.settings.deduplicationWindow);
    this.retain = options.retainPerPartition ?? 10_000;
    for (const spec of this.directory.all()) {
      this.logs.set(spec.name, new TopicLog(spec.name, spec.partitions));
      this.logs.set(spec.deadLetterTopic, new TopicLog(spec.deadLetterTopic, spec.partitions));
    }
  }

  async start(): Promise<void> {
    if (this.state === 'stopped') throw new BusNotRunningError('start', 'stopped');
    this.state = 'running';
    for (const group of this.groups.values()) group.wake();
  }

  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    await Promise.all([...this.groups.values()].flatMap((group) => group.members.map((m) => group.leave(m))));
  }

  async publish(topic: TopicRef, message: Message, options?: PublishOptions): Promise<PublishedMessage> {
    if (this.state !== 'running') throw new BusNotRunningError('publish', this.state as 'not started' | 'stopped');
    const spec = this.directory.get(topic);
    return tracePublish({ system: this.kind, topic: spec.name }, options?.headers, async (headers) => {
      const record = encodeOutgoing(spec, message, { ...options, headers });
      this.append(spec.name, record.key, record.value, record.headers);
      return { topic: spec.name, messageId: record.messageId, key: record.key };
    });
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    const specs = options.topics.map((t) => this.directory.get(t));
    const pipeline = new DeliveryPipeline({
      system: this.kind,
      groupId: options.groupId,
      handler: options.handler,
      maxAttempts: options.maxAttempts ?? this.options.settings.maxDeliveryAttempts,
      retryBackoffMs: this.options.retryBackoffMs ?? 100,
      store: this.store,
      observer: this.options.observer,
      logger: this.options.logger ?? stderrBusLogger,
      inFlight: this.inFlight,
      writeDeadLetter: async (topic, r) => void this.append(topic, r.key, r.value, r.headers),
    });
    const bySpec = new Map(specs.map((s) => [s.name, s]));
    return this.join(options.groupId, [...bySpec.keys()], options.startFrom, (record) =>
      pipeline.process(record, bySpec.get(record.topic)!),
    );
  }

  async subscribeRaw(options: RawSubscribeOptions): Promise<Subscription> {
    for (const topic of options.topics) this.logOf(topic);
    return this.join(options.groupId, options.topics, options.startFrom, options.handler);
  }

  async probe(): Promise<ProbeResult> {
    return this.state === 'running'
      ? { status: 'up', detail: 'in-memory bus' }
      : { status: 'down', detail: `in-memory bus ${this.state}` };
  }

  /** Records appended that the group has not consumed yet: what is queued for it, per topic. */
  async consumerLag(groupIds: readonly string[]): Promise<ConsumerLag[]> {
    return groupIds.flatMap((groupId) => {
      const group = this.groups.get(groupId);
      if (group === undefined) return [];
      const byTopic = new Map<string, number>();
      for (const [topic, partition, position] of group.slots()) {
        const end = this.logs.get(topic)?.partitions[partition]?.end ?? position;
        byTopic.set(topic, (byTopic.get(topic) ?? 0) + Math.max(0, end - position));
      }
      return [...byTopic].map(([topic, messages]) => ({ groupId, topic, messages }));
    });
  }

  /**
   * Writes a record as is, without validation, as a foreign or buggy producer would: the
   * consumers' side of the contract (dead-lettering) can be exercised without Kafka.
   */
  appendRaw(
    topic: string,
    record: { key?: string; value: string | undefined; headers?: Record<string, string> },
  ): void {
    if (this.state === 'stopped') throw new BusNotRunningError('append', 'stopped');
    this.append(topic, record.key, record.value, record.headers ?? {});
  }

  /** Every record of a topic still retained, oldest first (dead-letter inspection, tests). */
  records(topic: string): RawRecord[] {
    return this.logOf(topic).partitions.flatMap((p) => p.records);
  }

  private join(
    groupId: string,
    topics: readonly string[],
    startFrom: 'earliest' | 'latest' = 'earliest',
    handle: (record: RawRecord) => Promise<void> | void,
  ): Subscription {
    if (this.state === 'stopped') throw new BusNotRunningError('subscribe', 'stopped');
    let group = this.groups.get(groupId);
    if (group === undefined) {
      group = new ConsumerGroup(
        groupId,
        () => this.state === 'running',
        () => {
          if (++this.progressSinceTrim >= TRIM_EVERY) this.trim();
        },
      );
      this.groups.set(groupId, group);
    }
    const member = group.add(
      topics.map((t) => this.logOf(t)),
      startFrom,
      handle,
    );
    const owner = group;
    return { groupId, topics: [...topics], stop: () => owner.leave(member) };
  }

  private append(topic: string, key: string | undefined, value: string | undefined, headers: Record<string, string>) {
    const log = this.logOf(topic);
    const partition = key === undefined ? log.nextUnkeyedPartition() : partitionForKey(key, log.partitions.length);
    log.partitions[partition]!.append({ topic, partition, key, value, headers: { ...headers }, timestamp: Date.now() });
    // Delivery is asynchronous, as with a broker: after the publisher's current task.
    setImmediate(() => {
      for (const group of this.groups.values()) group.wake(topic);
    });
  }

  private logOf(topic: string): TopicLog {
    const log = this.logs.get(topic);
    if (log === undefined) throw new Error(`unknown topic "${topic}"; known: ${[...this.logs.keys()].join(', ')}`);
    return log;
  }

  /** Drops records every group has consumed, beyond the retained history. */
  private trim(): void {
    this.progressSinceTrim = 0;
    for (const log of this.logs.values()) {
      log.partitions.forEach((partition, index) => {
        let keepFrom = partition.end - this.retain;
        for (const group of this.groups.values()) {
          // A group nobody consumes for any more keeps no records alive (Kafka's retention neither).
          if (group.members.length === 0) continue;
          const position = group.position(log.name, index);
          if (position !== undefined) keepFrom = Math.min(keepFrom, position);
        }
        partition.dropBefore(keepFrom);
      });
    }
  }
}

/** Records consumed between two trims of the logs. */
const TRIM_EVERY = 1_000;

type StoredRecord = Omit<RawRecord, 'offset'>;

class PartitionLog {
  /** Offset of `records[0]`. */
  private base = 0;
  readonly records: RawRecord[] = [];

  get end(): number {
    return this.base + this.records.length;
  }

  get start(): number {
    return this.base;
  }

  append(record: StoredRecord): void {
    this.records.push({ ...record, offset: String(this.end) });
  }

  at(offset: number): RawRecord | undefined {
    return this.records[offset - this.base];
  }

  dropBefore(offset: number): void {
    const count = Math.min(this.records.length, offset - this.base);
    if (count <= 0) return;
    this.records.splice(0, count);
    this.base += count;
  }
}

class TopicLog {
  readonly partitions: PartitionLog[];
  private roundRobin = 0;

  constructor(
    readonly name: string,
    partitions: number,
  ) {
    this.partitions = Array.from({ length: partitions }, () => new PartitionLog());
  }

  nextUnkeyedPartition(): number {
    return this.roundRobin++ % this.partitions.length;
  }
}

interface Member {
  readonly topics: readonly TopicLog[];
  readonly handle: (record: RawRecord) => Promise<void> | void;
  active: boolean;
}

/**
 * One consumer group: a committed position per topic partition, and the members that share the
 * partitions (partition n of a topic goes to member n mod count, in joining order). One loop per
 * partition delivers its records to the assigned member one at a time, in order.
 */
class ConsumerGroup {
  readonly members: Member[] = [];
  private readonly positions = new Map<string, number>();
  private readonly pumping = new Map<string, Promise<void>>();

  constructor(
    readonly id: string,
    private readonly running: () => boolean,
    private readonly afterProgress: () => void,
  ) {}

  add(topics: readonly TopicLog[], startFrom: 'earliest' | 'latest', handle: Member['handle']): Member {
    for (const log of topics) {
      log.partitions.forEach((partition, index) => {
        const slot = `${log.name}/${index}`;
        if (!this.positions.has(slot))
          this.positions.set(slot, startFrom === 'earliest' ? partition.start : partition.end);
      });
    }
    const member: Member = { topics, handle, active: true };
    this.members.push(member);
    this.wake();
    return member;
  }

  async leave(member: Member): Promise<void> {
    if (!member.active) return;
    member.active = false;
    this.members.splice(this.members.indexOf(member), 1);
    // Let the message in progress finish, then the remaining members take over its partitions.
    await Promise.all(this.pumping.values());
    this.wake();
  }

  position(topic: string, partition: number): number | undefined {
    return this.positions.get(`${topic}/${partition}`);
  }

  /** Every topic partition the group has a position on: `[topic, partition, position]`. */
  *slots(): Iterable<[string, number, number]> {
    for (const [slot, position] of this.positions) {
      const cut = slot.lastIndexOf('/');
      yield [slot.slice(0, cut), Number(slot.slice(cut + 1)), position];
    }
  }

  wake(topic?: string): void {
    if (!this.running()) return;
    for (const member of this.members) {
      for (const log of member.topics) {
        if (topic !== undefined && log.name !== topic) continue;
        log.partitions.forEach((_, index) => this.pump(log, index));
      }
    }
  }

  private assignee(log: TopicLog, partition: number): Member | undefined {
    const candidates = this.members.filter((m) => m.active && m.topics.includes(log));
    return candidates[partition % Math.max(1, candidates.length)];
  }

  private pump(log: TopicLog, index: number): void {
    const slot = `${log.name}/${index}`;
    if (this.pumping.has(slot)) return;
    const loop = (async () => {
      const partition = log.partitions[index]!;
      for (;;) {
        const member = this.assignee(log, index);
        const offset = Math.max(this.positions.get(slot) ?? partition.start, partition.start);
        const record = partition.at(offset);
        if (member === undefined || record === undefined || !this.running()) return;
        try {
          await member.handle(record);
        } catch {
          // The pipeline only throws when a dead-letter write fails; in memory that cannot
          // happen, and a raw handler's error must not stop the partition.
        }
        this.positions.set(slot, offset + 1);
        this.afterProgress();
      }
    })();
    this.pumping.set(slot, loop);
    void loop.finally(() => {
      this.pumping.delete(slot);
      // A record may have arrived between the last check and now.
      const position = this.positions.get(slot) ?? 0;
      if (this.running() && this.assignee(log, index) && log.partitions[index]!.at(position) !== undefined) {
        this.pump(log, index);
      }
    });
  }
}
