import type { Prisma } from '../generated/prisma/client.js';
import { GroupCommit } from './group-commit.js';
import { toOrderEventRecord, toOrderRecord } from './mappers.js';
import { createOrders, readOrder, transitionOrder } from './order-statements.js';
import type {
  NewOrder,
  OrderChanges,
  OrderEventInput,
  OrderEventRecord,
  OrderRecord,
  OutboxMessageInput,
} from './records.js';
import type { Scope, TransactionClient } from './scope.js';
import { requireText, validateChanges, validateEvent, validateMessages, validateNewOrder } from './validate.js';

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

// Orders per group commit: one statement; bounded so one statement's JSON stays small.
const CREATE_BATCH_LIMIT = 100;

/** Orders and their append-only event history. */
export class OrderRepository {
  private readonly creates: GroupCommit<CreateOrderInput, CreateOrderResult> | undefined;

  constructor(private readonly scope: Scope) {
    // Inside a caller's transaction a create is part of that commit: nothing to group.
    this.creates =
      scope.kind === 'root'
        ? new GroupCommit((inputs) => createOrders(scope.client, inputs), {
            maxBatch: CREATE_BATCH_LIMIT,
            keyOf: (input) => input.order.clientOrderId,
          })
        : undefined;
  }

  /**
   * Writes a new order with its first event and messages in one transaction. A client order id
   * that exists already has no second effect: the stored order comes back as `duplicate`.
   * Outside a transaction, concurrent creates are group-committed (see `GroupCommit`): each
   * still resolves only once its own order is committed.
   */
  async create(input: CreateOrderInput): Promise<CreateOrderResult> {
    validateNewOrder(input.order);
    validateEvent(input.event);
    validateMessages(input.messages ?? []);
    if (this.creates) return this.creates.submit(input);
    const [result] = await createOrders(this.scope.client, [input]);
    return result!;
  }

  /** Applies one event: the order's new state, the event and its messages commit together. */
  async transition(input: TransitionInput): Promise<OrderRecord> {
    requireText('clientOrderId', input.clientOrderId);
    validateChanges(input.changes);
    validateEvent(input.event);
    // One statement: atomic without an interactive transaction.
    return transitionOrder(this.scope.client, input);
  }

  async get(clientOrderId: string): Promise<OrderRecord | undefined> {
    return readOrder(this.scope.client, clientOrderId);
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
  return transitionOrder(tx, input);
}
