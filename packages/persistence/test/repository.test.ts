import { describe, expect, it } from 'vitest';
import { ConcurrentOrderUpdateError, InvalidRecordError, OrderNotFoundError, TradingRepository } from '../src/index.js';
import type { FillInput, OrderRecord } from '../src/index.js';
import { DATABASE_KINDS, newOrder, orderEvent, useDatabase } from './support/databases.js';

describe.each(DATABASE_KINDS)('repositories on %s', (kind) => {
  const database = useDatabase(kind);
  const repo = () => new TradingRepository(database.db);
  const outboxFor = async (key: string) =>
    database.db.prisma.outboxMessage.findMany({ where: { key }, orderBy: { sequence: 'asc' } });

  async function createAccepted(): Promise<OrderRecord> {
    const order = newOrder();
    await repo().orders.create({ order, event: orderEvent(order.clientOrderId, 'order.initialized', 1) });
    return repo().orders.transition({
      clientOrderId: order.clientOrderId,
      expectedVersion: 1,
      changes: { status: 'ACCEPTED', venueOrderId: 'v-1' },
      event: orderEvent(order.clientOrderId, 'order.accepted', 2),
    });
  }

  function fillOf(order: OrderRecord, tradeId: string, quantity = order.quantity): FillInput {
    return {
      venue: order.venue,
      tradeId,
      clientOrderId: order.clientOrderId,
      accountId: order.accountId,
      instrumentId: order.instrumentId,
      side: order.side,
      quantity,
      price: 64_000.5,
      fee: 1.25,
      feeCurrency: 'USDT',
      occurredAt: order.updatedAt + 10,
    };
  }

  it('creates an order with its first event and outbox message, and reads it back exactly', async () => {
    const order = newOrder({ quantity: 0.1 + 0.2, price: 64_000.123456789 });
    const result = await repo().orders.create({
      order,
      event: orderEvent(order.clientOrderId, 'order.initialized', 1),
      messages: [{ topic: 'orders.events', key: order.clientOrderId, message: { type: 'order.initialized' } }],
    });
    expect(result.outcome).toBe('created');
    // DECIMAL columns keep decimal values: float noise (0.1 + 0.2) is not stored.
    expect(result.order).toEqual({
      ...order,
      quantity: 0.3,
      filledQuantity: 0,
      version: 1,
      updatedAt: order.createdAt,
    });
    expect(await repo().orders.get(order.clientOrderId)).toEqual(result.order);
    expect((await repo().orders.events(order.clientOrderId)).map((e) => [e.type, e.version])).toEqual([
      ['order.initialized', 1],
    ]);
    expect(await outboxFor(order.clientOrderId)).toHaveLength(1);
  });

  it('has no second effect for an existing client order id and returns the stored order', async () => {
    const order = newOrder();
    const first = await repo().orders.create({
      order,
      event: orderEvent(order.clientOrderId, 'order.initialized', 1),
      messages: [{ topic: 'orders.events', key: order.clientOrderId, message: { n: 1 } }],
    });
    const again = await repo().orders.create({
      order: { ...order, quantity: 99 },
      event: { ...orderEvent(order.clientOrderId, 'order.initialized', 1), eventId: 'another-event-id' },
      messages: [{ topic: 'orders.events', key: order.clientOrderId, message: { n: 2 } }],
    });
    expect(again).toEqual({ outcome: 'duplicate', order: first.order });
    expect(await repo().orders.events(order.clientOrderId)).toHaveLength(1);
    expect(await outboxFor(order.clientOrderId)).toHaveLength(1);
  });

  it('applies a transition with its event, and refuses a stale version without writing anything', async () => {
    const accepted = await createAccepted();
    expect(accepted).toMatchObject({ status: 'ACCEPTED', venueOrderId: 'v-1', version: 2 });
    const stale = repo().orders.transition({
      clientOrderId: accepted.clientOrderId,
      expectedVersion: 1,
      changes: { status: 'CANCELED' },
      event: orderEvent(accepted.clientOrderId, 'order.canceled', 3),
      messages: [{ topic: 'orders.events', key: accepted.clientOrderId, message: { type: 'order.canceled' } }],
    });
    await expect(stale).rejects.toBeInstanceOf(ConcurrentOrderUpdateError);
    await expect(stale).rejects.toMatchObject({ expectedVersion: 1, actualVersion: 2 });
    expect(await repo().orders.get(accepted.clientOrderId)).toEqual(accepted);
    expect(await repo().orders.events(accepted.clientOrderId)).toHaveLength(2);
    expect(await outboxFor(accepted.clientOrderId)).toHaveLength(0);
  });

  it('names a missing order', async () => {
    const missing = repo().orders.transition({
      clientOrderId: 'no-such-order',
      expectedVersion: 1,
      changes: { status: 'CANCELED' },
      event: orderEvent('no-such-order', 'order.canceled', 2),
    });
    await expect(missing).rejects.toBeInstanceOf(OrderNotFoundError);
  });

  it('records a fill with its order transition, position and message in one go', async () => {
    const accepted = await createAccepted();
    const result = await repo().fills.record({
      fill: fillOf(accepted, 'trade-a'),
      order: {
        expectedVersion: 2,
        changes: { status: 'FILLED', filledQuantity: accepted.quantity, averagePrice: 64_000.5 },
        event: orderEvent(accepted.clientOrderId, 'order.filled', 3),
      },
      position: {
        accountId: 'acct-fill',
        instrumentId: accepted.instrumentId,
        quantity: 0.25,
        averagePrice: 64_000.5,
        realizedPnl: 0,
      },
      messages: [{ topic: 'orders.fills', key: accepted.clientOrderId, message: { tradeId: 'trade-a' } }],
    });
    expect(result.outcome).toBe('recorded');
    expect(result.outcome === 'recorded' && result.order).toMatchObject({ status: 'FILLED', version: 3 });
    expect(await repo().fills.forOrder(accepted.clientOrderId)).toEqual([result.fill]);
    expect(await repo().positions.get('acct-fill', accepted.instrumentId)).toMatchObject({ quantity: 0.25 });
    expect(await outboxFor(accepted.clientOrderId)).toHaveLength(1);
  });

  it('ignores a fill with a known (venue, tradeId): no order change, position change or message', async () => {
    const accepted = await createAccepted();
    const input = {
      fill: fillOf(accepted, 'trade-dup', 0.1),
      order: {
        expectedVersion: 2,
        changes: { status: 'PARTIALLY_FILLED', filledQuantity: 0.1 },
        event: orderEvent(accepted.clientOrderId, 'order.filled', 3),
      },
      position: {
        accountId: 'acct-dup',
        instrumentId: accepted.instrumentId,
        quantity: 0.1,
        averagePrice: 64_000.5,
        realizedPnl: 0,
      },
      messages: [{ topic: 'orders.fills', key: accepted.clientOrderId, message: { tradeId: 'trade-dup' } }],
    };
    const first = await repo().fills.record(input);
    // The same execution re-delivered, even with a different order version and a bigger position.
    const again = await repo().fills.record({
      ...input,
      order: { ...input.order, expectedVersion: 3, event: orderEvent(accepted.clientOrderId, 'order.filled', 4) },
      position: { ...input.position, quantity: 0.2 },
    });
    expect(again).toEqual({ outcome: 'duplicate', fill: first.fill });
    expect(await repo().fills.forOrder(accepted.clientOrderId)).toHaveLength(1);
    expect(await repo().orders.get(accepted.clientOrderId)).toMatchObject({ filledQuantity: 0.1, version: 3 });
    expect(await repo().positions.get('acct-dup', accepted.instrumentId)).toMatchObject({ quantity: 0.1 });
    expect(await outboxFor(accepted.clientOrderId)).toHaveLength(1);
  });

  it('refuses a fill for an unknown order, naming it', async () => {
    const order = newOrder();
    const fill = { ...fillOf({ ...order, filledQuantity: 0, version: 1, updatedAt: 0 }, 'trade-orphan') };
    await expect(repo().fills.record({ fill })).rejects.toThrow(OrderNotFoundError);
    expect(await database.db.prisma.fill.count({ where: { tradeId: 'trade-orphan' } })).toBe(0);
  });

  it('keeps order events append-only, in the database itself', async () => {
    const accepted = await createAccepted();
    const prisma = database.db.prisma;
    await expect(
      prisma.orderEvent.updateMany({ where: { clientOrderId: accepted.clientOrderId }, data: { type: 'rewritten' } }),
    ).rejects.toThrow(/append-only/);
    await expect(prisma.orderEvent.deleteMany({ where: { clientOrderId: accepted.clientOrderId } })).rejects.toThrow(
      /append-only/,
    );
    expect((await repo().orders.events(accepted.clientOrderId)).map((e) => e.type)).toEqual([
      'order.initialized',
      'order.accepted',
    ]);
  });

  it('sets the trading state with an audit entry and a message, atomically', async () => {
    const scope = `acct-${kind}-state`;
    expect(await repo().tradingState.get(scope)).toBeUndefined();
    const halted = await repo().tradingState.set({
      scope,
      state: 'HALTED',
      reason: 'daily loss limit',
      changedBy: 'risk',
      messages: [{ topic: 'risk.trading-state', key: scope, message: { state: 'HALTED' } }],
    });
    expect(halted).toMatchObject({ scope, state: 'HALTED', reason: 'daily loss limit', changedBy: 'risk' });
    expect(await repo().tradingState.get(scope)).toEqual(halted);
    const audit = await repo().audit.list({ subjectType: 'trading-state', subjectId: scope });
    expect(audit.map((a) => [a.actor, a.action, a.details])).toEqual([
      ['risk', 'trading-state.set', { state: 'HALTED', reason: 'daily loss limit' }],
    ]);
    expect(await outboxFor(scope)).toHaveLength(1);
    await expect(repo().tradingState.set({ scope, state: 'PAUSED' as 'HALTED', changedBy: 'x' })).rejects.toThrow(
      /state: must be one of ACTIVE, REDUCING, HALTED/,
    );
    expect(await repo().tradingState.get(scope)).toEqual(halted);
  });

  it('refuses bad input with the field at fault, writing nothing', async () => {
    const order = newOrder({ quantity: Number.NaN });
    const attempt = repo().orders.create({ order, event: orderEvent(order.clientOrderId, 'order.initialized', 1) });
    await expect(attempt).rejects.toBeInstanceOf(InvalidRecordError);
    await expect(attempt).rejects.toThrow(/order\.quantity: must be a finite number/);
    const badMessage = newOrder();
    await expect(
      repo().orders.create({
        order: badMessage,
        event: orderEvent(badMessage.clientOrderId, 'order.initialized', 1),
        messages: [{ topic: '', key: 'k', message: {} }],
      }),
    ).rejects.toThrow(/messages\[0\]\.topic: must be a non-empty string/);
    expect(await repo().orders.get(order.clientOrderId)).toBeUndefined();
    expect(await repo().orders.get(badMessage.clientOrderId)).toBeUndefined();
  });

  it('lists orders newest first, filtered by account and status', async () => {
    const a = newOrder({ accountId: `list-${kind}`, createdAt: 1_000 });
    const b = newOrder({ accountId: `list-${kind}`, createdAt: 2_000 });
    for (const o of [a, b])
      await repo().orders.create({ order: o, event: orderEvent(o.clientOrderId, 'order.initialized', 1) });
    const listed = await repo().orders.list({ accountId: `list-${kind}` });
    expect(listed.map((o) => o.clientOrderId)).toEqual([b.clientOrderId, a.clientOrderId]);
    expect(await repo().orders.list({ accountId: `list-${kind}`, status: ['FILLED'] })).toEqual([]);
  });
});
