import { describe, expect, it } from 'vitest';
import { MESSAGE_ID_HEADER, OutboxRelay, TradingRepository } from '../src/index.js';
import type { JsonValue, OutboxRepository, Publisher } from '../src/index.js';
import { DATABASE_KINDS, newOrder, orderEvent, useDatabase } from './support/databases.js';

interface Delivery {
  readonly topic: string;
  readonly key: string;
  readonly message: JsonValue;
  readonly messageId: string;
}

/** A publisher that records what it was handed, like a bus that accepted the message. */
function recordingPublisher(): { publish: Publisher; deliveries: Delivery[] } {
  const deliveries: Delivery[] = [];
  const publish: Publisher = async (topic, key, message, headers) => {
    deliveries.push({ topic, key, message, messageId: headers[MESSAGE_ID_HEADER] ?? '' });
  };
  return { publish, deliveries };
}

describe.each(DATABASE_KINDS)('outbox on %s', (kind) => {
  const database = useDatabase(kind);
  const repo = () => new TradingRepository(database.db);
  const outbox = (): OutboxRepository => repo().outbox;
  const relayOf = (publish: Publisher, owner?: string) =>
    new OutboxRelay({ outbox: outbox(), publish, leaseTtlMs: 300, retryDelayMs: 1, ...(owner ? { owner } : {}) });

  /** Commits `count` orders, each announcing itself: returns the message ids in commit order. */
  async function placeOrders(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const order = newOrder();
      const messageId = `msg-${order.clientOrderId}`;
      await repo().orders.create({
        order,
        event: orderEvent(order.clientOrderId, 'order.initialized', 1),
        messages: [{ topic: 'orders.events', key: order.clientOrderId, message: { i }, messageId }],
      });
      ids.push(messageId);
    }
    return ids;
  }

  /** Frees the lease and publishes what earlier tests left, so each test counts only its own. */
  async function drain(): Promise<void> {
    await database.db.prisma.outboxLease.deleteMany();
    const relay = relayOf(async () => undefined, 'drain');
    expect(await relay.publishPending()).toMatchObject({ leaseHeld: true });
    await outbox().releaseLease('outbox', 'drain');
  }

  it('commits nothing, neither state nor outbox row, when the transaction fails', async () => {
    const order = newOrder();
    const failing = repo().transaction(async (tx) => {
      await tx.orders.create({
        order,
        event: orderEvent(order.clientOrderId, 'order.initialized', 1),
        messages: [{ topic: 'orders.events', key: order.clientOrderId, message: { type: 'order.initialized' } }],
      });
      await tx.tradingState.set({ scope: order.clientOrderId, state: 'HALTED', changedBy: 'test' });
      throw new Error('the process failed before commit');
    });
    await expect(failing).rejects.toThrow('the process failed before commit');
    expect(await repo().orders.get(order.clientOrderId)).toBeUndefined();
    expect(await repo().tradingState.get(order.clientOrderId)).toBeUndefined();
    expect(await database.db.prisma.outboxMessage.count({ where: { key: order.clientOrderId } })).toBe(0);
    expect(await database.db.prisma.auditLog.count({ where: { subjectId: order.clientOrderId } })).toBe(0);
  });

  it('rolls back the order when a later write in the same call fails (duplicate event id)', async () => {
    const first = newOrder();
    await repo().orders.create({ order: first, event: orderEvent(first.clientOrderId, 'order.initialized', 1) });
    const second = newOrder();
    const clash = repo().orders.create({
      order: second,
      event: { ...orderEvent(second.clientOrderId, 'order.initialized', 1), eventId: `${first.clientOrderId}:1` },
      messages: [{ topic: 'orders.events', key: second.clientOrderId, message: {} }],
    });
    await expect(clash).rejects.toThrow(/unique constraint/i);
    expect(await repo().orders.get(second.clientOrderId)).toBeUndefined();
    expect(await database.db.prisma.outboxMessage.count({ where: { key: second.clientOrderId } })).toBe(0);
  });

  it('publishes in commit order with message ids, marks rows published, and publishes nothing twice', async () => {
    await drain();
    const ids = await placeOrders(5);
    const { publish, deliveries } = recordingPublisher();
    const relay = relayOf(publish);
    expect(await relay.publishPending()).toEqual({ published: 5, leaseHeld: true });
    expect(deliveries.map((d) => d.messageId)).toEqual(ids);
    expect(deliveries.map((d) => d.message)).toEqual([0, 1, 2, 3, 4].map((i) => ({ i })));
    expect(deliveries.every((d) => d.topic === 'orders.events')).toBe(true);
    expect(await outbox().counts()).toMatchObject({ pending: 0 });
    expect(await relay.publishPending()).toEqual({ published: 0, leaseHeld: true });
    expect(deliveries).toHaveLength(5);
  });

  it('retries a failed publish without skipping ahead, recording the attempts', async () => {
    await drain();
    const ids = await placeOrders(3);
    const delivered: string[] = [];
    let failuresLeft = 2;
    const flaky: Publisher = async (_topic, _key, _message, headers) => {
      const id = headers[MESSAGE_ID_HEADER] ?? '';
      if (id === ids[1] && failuresLeft-- > 0) throw new Error('broker unavailable');
      delivered.push(id);
    };
    const relay = relayOf(flaky);
    const first = await relay.publishPending();
    expect(first).toMatchObject({ published: 1 });
    expect(String(first.error)).toContain('broker unavailable');
    const stuck = await database.db.prisma.outboxMessage.findUniqueOrThrow({ where: { messageId: ids[1] } });
    expect(stuck).toMatchObject({ attempts: 1, publishedAt: null, lastError: 'Error: broker unavailable' });
    expect((await relay.publishPending()).published).toBe(0);
    expect(await relay.publishPending()).toEqual({ published: 2, leaseHeld: true });
    expect(delivered).toEqual(ids);
  });

  it('publishes everything exactly once more after the process dies between publish and mark', async () => {
    await drain();
    const ids = await placeOrders(8);
    const received: string[] = [];
    // Relay A: the bus takes messages 1 to 4, then the process dies before the rows are marked
    // (the relay marks a batch at once; the 4th publish never returns, as if the process was gone).
    const dying: Publisher = (_topic, _key, _message, headers) => {
      received.push(headers[MESSAGE_ID_HEADER] ?? '');
      return received.length === 4 ? new Promise<void>(() => undefined) : Promise.resolve();
    };
    void relayOf(dying, 'relay-a').publishPending();
    await until(async () => received.length === 4);
    expect(await outbox().counts()).toMatchObject({ pending: 8 });

    // Relay B, a new process: waits out A's lease, then resumes from the first unmarked row.
    const relayB = relayOf(async (_topic, _key, _message, headers) => {
      received.push(headers[MESSAGE_ID_HEADER] ?? '');
    }, 'relay-b');
    relayB.start();
    await until(async () => (await outbox().counts()).pending === 0);
    await relayB.stop();

    // At-least-once: the unmarked messages 1 to 4 went out twice, the rest once; by id, nothing
    // is lost.
    expect(received).toHaveLength(12);
    for (const id of ids.slice(0, 4)) expect(received.filter((r) => r === id)).toHaveLength(2);
    expect([...new Set(received)]).toEqual(ids);
  });

  it('lets one relay publish at a time (the lease), and another take over when it stops', async () => {
    await drain();
    const ids = await placeOrders(2);
    const a = recordingPublisher();
    const b = recordingPublisher();
    const relayA = relayOf(a.publish, 'lease-a');
    const relayB = relayOf(b.publish, 'lease-b');
    expect(await outbox().acquireLease('outbox', 'lease-a', 60_000)).toBe(true);
    expect(await relayB.publishPending()).toEqual({ published: 0, leaseHeld: false });
    relayA.start();
    await relayA.stop(); // releases the lease
    expect(b.deliveries).toHaveLength(0);
    const pendingBefore = (await outbox().counts()).pending;
    expect((await relayB.publishPending()).published).toBe(pendingBefore);
    expect([...a.deliveries, ...b.deliveries].map((d) => d.messageId)).toEqual(ids);
  });
});

/** Polls `condition` (no timing assertion: the test's own timeout bounds it). */
async function until(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 20));
}
