import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { JsonValue } from '../repository/records.js';
import type { OutboxRepository, PendingMessage } from './outbox-repository.js';

/**
 * Where the relay sends messages: the event bus's publish, or anything with its shape. It must
 * resolve only once the message is durably handed over; a rejection is retried.
 */
export type Publisher = (
  topic: string,
  key: string,
  message: JsonValue,
  headers: Readonly<Record<string, string>>,
) => Promise<void>;

/** The header carrying the outbox message id, which consumers deduplicate by. */
export const MESSAGE_ID_HEADER = 'message-id';

export interface OutboxRelayOptions {
  readonly outbox: OutboxRepository;
  readonly publish: Publisher;
  /** Rows read per query. @default 100 */
  readonly batchSize?: number;
  /** How often to look for new rows when idle (`notify()` wakes it sooner). @default 200 */
  readonly pollIntervalMs?: number;
  /** Lease name: relays sharing one publish in turn. @default 'outbox' */
  readonly leaseName?: string;
  /** How long the lease outlives a relay that stops renewing it (a crashed process). @default 10_000 */
  readonly leaseTtlMs?: number;
  /** This relay's identity in the lease. @default host:pid:random */
  readonly owner?: string;
  /** Delay after a failed publish, doubling per failure up to `maxRetryDelayMs`. @default 100 */
  readonly retryDelayMs?: number;
  /** @default 10_000 */
  readonly maxRetryDelayMs?: number;
  /** Told about each failed publish or database error (log it, count it). */
  readonly onError?: (error: unknown, message?: PendingMessage) => void;
}

export interface RelayPass {
  readonly published: number;
  /** False when another relay holds the lease. */
  readonly leaseHeld: boolean;
  /** The publish or database error that ended the pass early, if any. */
  readonly error?: unknown;
}

/**
 * Publishes outbox rows in sequence order and marks them published (one UPDATE per batch) after
 * the publisher accepted them. A failed publish stops the pass at that row (later rows wait, so order holds)
 * and is retried with backoff. A process that dies after publishing but before marking
 * publishes that row again on restart: delivery is at-least-once and every message carries
 * its id (`message-id` header) for consumers to deduplicate.
 */
export class OutboxRelay {
  private readonly options: Required<Omit<OutboxRelayOptions, 'onError'>> & Pick<OutboxRelayOptions, 'onError'>;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private failures = 0;
  /** A commit was announced since the current pass read the outbox. */
  private notified = false;
  /** Local time until which the lease is surely still ours (renewed well before it lapses). */
  private leaseSureUntil = 0;

  constructor(options: OutboxRelayOptions) {
    this.options = {
      batchSize: 100,
      pollIntervalMs: 200,
      leaseName: 'outbox',
      leaseTtlMs: 10_000,
      owner: `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
      retryDelayMs: 100,
      maxRetryDelayMs: 10_000,
      ...options,
    };
  }

  get owner(): string {
    return this.options.owner;
  }

  /** Starts publishing in the background until `stop()`. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Finishes the message in flight, releases the lease and resolves. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake?.();
    await this.loop;
    this.leaseSureUntil = 0;
    await this.options.outbox.releaseLease(this.options.leaseName, this.options.owner).catch(() => undefined);
  }

  /** New rows were committed: look now instead of at the next poll (not while backing off). */
  notify(): void {
    this.notified = true;
    if (this.failures === 0) this.wake?.();
  }

  /** One pass: publishes pending rows until none is left, a publish fails, or the relay stops. */
  async publishPending(): Promise<RelayPass> {
    const { outbox, batchSize } = this.options;
    let published = 0;
    try {
      for (;;) {
        if (!(await this.holdLease())) return { published, leaseHeld: false };
        this.notified = false;
        const batch = await outbox.pending(batchSize);
        if (batch.length === 0) return { published, leaseHeld: true };
        // Published rows are marked together, once per batch or when the pass stops: a crash
        // before the mark publishes them again (at-least-once, as for a single row), and a
        // batch costs one UPDATE instead of one per row.
        const done: bigint[] = [];
        try {
          for (const message of batch) {
            try {
              await this.options.publish(message.topic, message.key, message.message, {
                ...message.headers,
                [MESSAGE_ID_HEADER]: message.messageId,
              });
            } catch (error) {
              this.options.onError?.(error, message);
              await outbox.markPublished(done.splice(0));
              await outbox.recordFailure(message.sequence, error);
              return { published, leaseHeld: true, error };
            }
            done.push(message.sequence);
            published++;
            if (!this.running && this.loop) {
              await outbox.markPublished(done.splice(0));
              return { published, leaseHeld: true };
            }
          }
        } finally {
          if (done.length > 0) await outbox.markPublished(done);
        }
        // A short batch was all there was: rows committed since then announce themselves
        // (notify), so no second read just to find the outbox empty.
        if (batch.length < batchSize) return { published, leaseHeld: true };
      }
    } catch (error) {
      this.options.onError?.(error);
      return { published, leaseHeld: true, error };
    }
  }

  /**
   * Takes or renews the lease when a third of its TTL has passed since it was last confirmed,
   * not on every pass (two statements per pass would otherwise be one). Measured from before
   * the database call, so this process's idea of the lease ends before the database's does.
   */
  private async holdLease(): Promise<boolean> {
    const { outbox, leaseName, owner, leaseTtlMs } = this.options;
    const asked = Date.now();
    if (asked < this.leaseSureUntil) return true;
    const held = await outbox.acquireLease(leaseName, owner, leaseTtlMs);
    this.leaseSureUntil = held ? asked + leaseTtlMs / 3 : 0;
    return held;
  }

  private async run(): Promise<void> {
    while (this.running) {
      const pass = await this.publishPending();
      if (!this.running) break;
      this.failures = pass.error === undefined ? 0 : this.failures + 1;
      // Commits announced during the pass: look again at once.
      if (this.failures === 0 && this.notified) continue;
      const delay =
        this.failures > 0
          ? Math.min(this.options.retryDelayMs * 2 ** (this.failures - 1), this.options.maxRetryDelayMs)
          : this.options.pollIntervalMs;
      await this.sleep(delay);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
