import { describe, expect, it } from 'vitest';
import { TradingRepository } from '../src/index.js';
import type { CreateOrderInput } from '../src/index.js';
import { DATABASE_KINDS, newOrder, orderEvent, useDatabase } from './support/databases.js';

// Concurrent creates outside a transaction are group-committed: these tests start them in one
// tick, so they share a batch (one statement), and check each caller still gets its own answer.
describe.each(DATABASE_KINDS)('group commit of order creates on %s', (kind) => {
  const database = useDatabase(kind);
  const repo = () => new TradingRepository(database.db.prisma);
  const createInput = (order = newOrder(), i = 0): CreateOrderInput => ({
    order,
    event: orderEvent(order.clientOrderId, 'order.initialized', 1),
    messages: [{ topic: 'orders.commands', key: order.clientOrderId, message: { i } }],
  });
  const outboxFor = (key: string) =>
    database.db.prisma.outboxMessage.findMany({ where: { key }, orderBy: { sequence: 'asc' } });

  it('writes every order of a burst with its own event and message, each answered with its own order', async () => {
    const orders = Array.from({ length: 40 }, () => newOrder());
    const repository = repo();
    const results = await Promise.all(orders.map((order, i) => repository.orders.create(createInput(order, i))));
    results.forEach((result, i) => {
      expect(result.outcome).toBe('created');
      expect(result.order).toMatchObject({ clientOrderId: orders[i]!.clientOrderId, version: 1, filledQuantity: 0 });
    });
    for (const [i, order] of orders.entries()) {
      expect((await repository.orders.events(order.clientOrderId)).map((e) => e.version)).toEqual([1]);
      expect((await outboxFor(order.clientOrderId)).map((m) => m.payload)).toEqual([{ i }]);
    }
  });

  it('gives one order and N-1 duplicates for concurrent creates of one client order id', async () => {
    const order = newOrder();
    const repository = repo();
    // Different quantities and event ids: only the first write may count.
    const attempts = Array.from({ length: 8 }, (_, i) => ({
      ...createInput({ ...order, quantity: order.quantity + i }, i),
      event: { ...orderEvent(order.clientOrderId, 'order.initialized', 1), eventId: `${order.clientOrderId}:try-${i}` },
    }));
    const results = await Promise.all(attempts.map((attempt) => repository.orders.create(attempt)));
    expect(results.filter((r) => r.outcome === 'created')).toHaveLength(1);
    expect(results.filter((r) => r.outcome === 'duplicate')).toHaveLength(7);
    const stored = await repository.orders.get(order.clientOrderId);
    for (const result of results) expect(result.order).toEqual(stored);
    expect(await repository.orders.events(order.clientOrderId)).toHaveLength(1);
    expect(await outboxFor(order.clientOrderId)).toHaveLength(1);
  });

  it('fails only the bad order of a batch; the others commit', async () => {
    const existing = newOrder();
    const repository = repo();
    await repository.orders.create(createInput(existing));
    const good = Array.from({ length: 4 }, () => newOrder());
    const bad = newOrder();
    // The bad one reuses an event id already stored: the database refuses it.
    const badInput = {
      ...createInput(bad),
      event: { ...orderEvent(bad.clientOrderId, 'order.initialized', 1), eventId: `${existing.clientOrderId}:1` },
    };
    const outcomes = await Promise.allSettled([
      repository.orders.create(createInput(good[0])),
      repository.orders.create(createInput(good[1])),
      repository.orders.create(badInput),
      repository.orders.create(createInput(good[2])),
      repository.orders.create(createInput(good[3])),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(String((outcomes[2] as PromiseRejectedResult).reason)).toMatch(/unique constraint/i);
    expect(await repository.orders.get(bad.clientOrderId)).toBeUndefined();
    expect(await outboxFor(bad.clientOrderId)).toHaveLength(0);
    for (const order of good) {
      expect(await repository.orders.get(order.clientOrderId)).toMatchObject({ status: 'INITIALIZED' });
      expect(await outboxFor(order.clientOrderId)).toHaveLength(1);
    }
  });

  it('stores quantities and prices exactly as a Prisma model write does', async () => {
    const values = [0.1 + 0.2, 64_000.123456789, 1e-7, 1234567 + 0.1234567891, 1 / 3, 2 / 3, 123456789012345, 5e-18];
    const repository = repo();
    for (const value of values) {
      const order = newOrder({ quantity: value, price: value });
      const created = await repository.orders.create(createInput(order));
      const viaModel = await database.db.prisma.order.create({
        data: {
          ...order,
          clientOrderId: `${order.clientOrderId}-model`,
          createdAt: new Date(order.createdAt),
          updatedAt: new Date(order.createdAt),
        },
      });
      expect(created.order.quantity).toBe(Number(viaModel.quantity.toString()));
      expect(created.order.price).toBe(Number(viaModel.price!.toString()));
    }
  });
});
