/**
 * Remembers which message ids each consumer group has processed, so a redelivered message (Kafka
 * redelivers after a crash or rebalance; publishers retry) has no second effect. Implement it on
 * the service's database, in the transaction of the handler's own writes, for exactly-once
 * effects across restarts; the in-memory store covers redeliveries within one process's life.
 */
export interface ProcessedMessageStore {
  /** Whether `groupId` already processed `messageId`. */
  has(groupId: string, messageId: string): Promise<boolean>;
  /** Records that `groupId` processed `messageId`. */
  add(groupId: string, messageId: string): Promise<void>;
}

/** The default store: the last `capacity` ids per consumer group, oldest forgotten first. */
export class InMemoryProcessedMessageStore implements ProcessedMessageStore {
  private readonly groups = new Map<string, Set<string>>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`capacity must be a positive whole number, got ${capacity}`);
    }
  }

  async has(groupId: string, messageId: string): Promise<boolean> {
    return this.groups.get(groupId)?.has(messageId) ?? false;
  }

  async add(groupId: string, messageId: string): Promise<void> {
    let ids = this.groups.get(groupId);
    if (ids === undefined) this.groups.set(groupId, (ids = new Set()));
    ids.delete(messageId);
    ids.add(messageId);
    // A Set iterates in insertion order: the first id is the oldest.
    if (ids.size > this.capacity) ids.delete(ids.values().next().value!);
  }

  /** Ids remembered for a group (for tests and metrics). */
  size(groupId: string): number {
    return this.groups.get(groupId)?.size ?? 0;
  }
}
