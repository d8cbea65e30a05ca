import type { Prisma } from '../generated/prisma/client.js';
import { ConcurrentOrderUpdateError, OrderNotFoundError } from './errors.js';
import { toOrderEventRecord, toOrderRecord } from './mappers.js';
import type {
  NewOrder,
  OrderChanges,
  OrderEventInput,
  OrderEventRecord,
  OrderRecord,
  OutboxMessageInput,
} from './records.js';
import { enqueueMessages } from './scope.js';
import type { Scope, TransactionClient } from './scope.js';
import { requireText, validateChanges, validateEvent, validateNewOrder } from './validate.js';

/** `created`: the order, its first event and its messages were written. `duplicate`: nothing was. */
export type CreateOrderResult =
  | { readonly outcome: 'created'; readonly order: OrderRecord }
  | { readonly outcome: 'duplicate'; readonly order: OrderRecord };

export interface CreateOrderInput {
  readonly order: NewOrder;
  /** The order's first event (version 1), e.g. order.initialized. */
  readonly event: OrderEventInput;
  readonly messages?: readonly OutboxMessageInput[];
}

export interface TransitionInput {
  readonly clientOrderId: string;
  /** The version the caller read; the transition fails if another writer got there first. */
  readonly expectedVersion: number;
  readonly changes: OrderChanges;
  readonly event: OrderEventInput;
  readonly messages?: readonly OutboxMessageInput[];
}

export interface ListOrdersFilter {
  readonly accountId?: string;
  readonly status?: string | readonly string[];
  /** @default 100 */
  readonly limit?: number;
}

/** Orders and their append-only event history. */
export class OrderRepository {
  constructor(private readonly scope: Scope) {}

  /**
   * Writes a new order with its first event and messages in one transaction. A client order id
   * that exists already has no second effect: the stored order comes back as `duplicate`.
   */
  async create(input: CreateOrderInput): Promise<CreateOrderResult> {
    validateNewOrder(input.order);
    validateEvent(input.event);
    return this.scope.write(async (tx) => {
      const { order } = input;
      const inserted = await tx.order.createMany({
        data: [
          {
            ...order,
            price: order.price ?? null,
            triggerPrice: order.triggerPrice ?? null,
            createdAt: new Date(order.createdAt),
            updatedAt: new Date(order.createdAt),
          },
        ],
        skipDuplicates: true,
      });
      if (inserted.count === 0) {
        const existing = await tx.order.findUniqueOrThrow({ where: { clientOrderId: order.clientOrderId } });
        return { outcome: 'duplicate', order: toOrderRecord(existing) };
      }
      await appendEvent(tx, order.clientOrderId, 1, input.event);
      await enqueueMessages(tx, input.messages);
      const created = await tx.order.findUniqueOrThrow({ where: { clientOrderId: order.clientOrderId } });
      return { outcome: 'created', order: toOrderRecord(created) };
    });
  }

  /** Applies one event: the order's new state, the event and its messages commit together. */
  async transition(input: TransitionInput): Promise<OrderRecord> {
    requireText('clientOrderId', input.clientOrderId);
    validateChanges(input.changes);
    validateEvent(input.event);
    return this.scope.write((tx) => transitionIn(tx, input));
  }

  async get(clientOrderId: string): Promise<OrderRecord | undefined> {
    const row = await this.scope.client.order.findUnique({ where: { clientOrderId } });
    return row ? toOrderRecord(row) : undefined;
  }

  /** Newest first. */
  async list(filter: ListOrdersFilter = {}): Promise<OrderRecord[]> {
    const where: Prisma.OrderWhereInput = {};
    if (filter.accountId !== undefined) where.accountId = filter.accountId;
    if (typeof filter.status === 'string') where.status = filter.status;
    else if (filter.status) where.status = { in: [...filter.status] };
    const rows = await this.scope.client.order.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { clientOrderId: 'desc' }],
      take: filter.limit ?? 100,
    });
    return rows.map(toOrderRecord);
  }

  /** The order's history, oldest first. */
  async events(clientOrderId: string): Promise<OrderEventRecord[]> {
    const rows = await this.scope.client.orderEvent.findMany({ where: { clientOrderId }, orderBy: { version: 'asc' } });
    return rows.map(toOrderEventRecord);
  }
}

/** The transition itself, for callers already in a transaction (a fill updates its order too). */
export async function transitionIn(tx: TransactionClient, input: TransitionInput): Promise<OrderRecord> {
  const { clientOrderId, expectedVersion, changes, event } = input;
  const updated = await tx.order.updateMany({
    where: { clientOrderId, version: expectedVersion },
    data: { ...changes, version: { increment: 1 }, updatedAt: new Date(event.occurredAt) },
  });
  if (updated.count === 0) {
    const current = await tx.order.findUnique({ where: { clientOrderId }, select: { version: true } });
    if (!current) throw new OrderNotFoundError(clientOrderId);
    throw new ConcurrentOrderUpdateError(clientOrderId, expectedVersion, current.version);
  }
  await appendEvent(tx, clientOrderId, expectedVersion + 1, event);
  await enqueueMessages(tx, input.messages);
  return toOrderRecord(await tx.order.findUniqueOrThrow({ where: { clientOrderId } }));
}

async function appendEvent(tx: TransactionClient, clientOrderId: string, version: number, event: OrderEventInput) {
  await tx.orderEvent.create({
    data: {
      eventId: event.eventId,
      clientOrderId,
      version,
      type: event.type,
      payload: event.payload as Prisma.InputJsonValue,
      occurredAt: new Date(event.occurredAt),
    },
  });
}
