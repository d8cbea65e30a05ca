import { describe, expect, it } from 'vitest';
import { ConcurrentOrderUpdateError, OrderNotFoundError, TradingRepository } from '../src/index.js';
import type { CreateOrderInput, SqlRunner, TransitionInput } from '../src/index.js';
import { DATABASE_KINDS, newOrder, orderEvent, useDatabase } from './support/databases.js';

// Concurrent creates outside a transaction are group-committed: these tests start them in one
// tick, so they share a batch (one statement), and check each caller still gets its own answer.
describe.each(DATABASE_KINDS)('group commit of order creates on %s', (kind) => {
  const database = useDatabase(kind);
  const repo = () => new TradingRepository(database.db);
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

// The bus handlers' transitions and reads are batched the same way. A runner that counts the
// statements sent to the driver shows how many a burst costs.
describe.each(DATABASE_KINDS)('group commit of order transitions and reads on %s', (kind) => {
  const database = useDatabase(kind);
  const counted = () => {
    const statements: string[] = [];
    const sql: SqlRunner = {
      query: (text, params) => {
        statements.push(text);
        return database.db.sql.query(text, params);
      },
    };
    return { repository: new TradingRepository({ prisma: database.db.prisma, sql }), statements };
  };
  const created = async (repository: TradingRepository, count: number) => {
    const orders = Array.from({ length: count }, () => newOrder());
    await Promise.all(
      orders.map((order) =>
        repository.orders.create({ order, event: orderEvent(order.clientOrderId, 'order.initialized', 1) }),
      ),
    );
    return orders.map((o) => o.clientOrderId);
  };
  const submitted = (clientOrderId: string, expectedVersion = 1): TransitionInput => ({
    clientOrderId,
    expectedVersion,
    changes: { status: expectedVersion === 1 ? 'SUBMITTED' : 'ACCEPTED', venueOrderId: `v-${expectedVersion}` },
    event: orderEvent(clientOrderId, expectedVersion === 1 ? 'order.submitted' : 'order.accepted', expectedVersion + 1),
    messages: [{ topic: 'orders.events', key: clientOrderId, message: { v: expectedVersion + 1 } }],
  });

  it('writes a burst of transitions in one statement, each with its event and message', async () => {
    const { repository, statements } = counted();
    const ids = await created(repository, 20);
    statements.length = 0;
    const results = await Promise.all(ids.map((id) => repository.orders.transition(submitted(id))));
    expect(statements).toHaveLength(1);
    results.forEach((order, i) =>
      expect(order).toMatchObject({ clientOrderId: ids[i], status: 'SUBMITTED', version: 2, venueOrderId: 'v-1' }),
    );
    for (const id of ids) {
      expect((await repository.orders.events(id)).map((e) => e.type)).toEqual(['order.initialized', 'order.submitted']);
      const messages = await database.db.prisma.outboxMessage.findMany({ where: { key: id } });
      expect(messages.map((m) => m.payload)).toEqual([{ v: 2 }]);
    }
  });

  it('fails only the stale and the unknown transition of a batch; the others commit', async () => {
    const { repository } = counted();
    const [first, stale, last] = await created(repository, 3);
    const outcomes = await Promise.allSettled([
      repository.orders.transition(submitted(first!)),
      repository.orders.transition({ ...submitted(stale!), expectedVersion: 7 }),
      repository.orders.transition(submitted('no-such-order')),
      repository.orders.transition(submitted(last!)),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrentOrderUpdateError);
    expect((outcomes[2] as PromiseRejectedResult).reason).toBeInstanceOf(OrderNotFoundError);
    expect(await repository.orders.get(stale!)).toMatchObject({ status: 'INITIALIZED', version: 1 });
    expect(await repository.orders.events(stale!)).toHaveLength(1);
    expect(await database.db.prisma.outboxMessage.count({ where: { key: stale! } })).toBe(0);
  });

  it('applies two transitions of one order asked for in one tick in order, the second on the first', async () => {
    const { repository } = counted();
    const [id] = await created(repository, 1);
    const [second, third] = await Promise.all([
      repository.orders.transition(submitted(id!, 1)),
      repository.orders.transition(submitted(id!, 2)),
    ]);
    expect([second.version, third.version, third.status]).toEqual([2, 3, 'ACCEPTED']);
    const messages = await database.db.prisma.outboxMessage.findMany({
      where: { key: id! },
      orderBy: { sequence: 'asc' },
    });
    expect(messages.map((m) => m.payload)).toEqual([{ v: 2 }, { v: 3 }]);
  });

  it('answers concurrent reads with one statement, each with its own order (or none)', async () => {
    const { repository, statements } = counted();
    const ids = await created(repository, 10);
    statements.length = 0;
    const orders = await Promise.all([...ids, 'no-such-order', ids[0]!].map((id) => repository.orders.get(id)));
    expect(statements).toHaveLength(1);
    expect(orders.map((o) => o?.clientOrderId)).toEqual([...ids, undefined, ids[0]]);
  });
});
