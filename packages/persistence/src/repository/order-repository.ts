import { prismaRunner } from '../database/sql-runner.js';
import type { Prisma } from '../generated/prisma/client.js';
import { GroupCommit } from './group-commit.js';
import { toOrderEventRecord, toOrderRecord } from './mappers.js';
import { createOrders, readOrders, transitionOrder, transitionOrders } from './order-statements.js';
import type { TransitionOutcome } from './order-statements.js';
import type {
  NewOrder,
  OrderChanges,
  OrderEventInput,
  OrderEventRecord,
  OrderRecord,
  OutboxMessageInput,
} from './records.js';
import { stampMessages } from './scope.js';
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

// Orders per group commit: one statement; bounded so one statement's JSON stays small.
const BATCH_LIMIT = 100;

/** Orders and their append-only event history. */
export class OrderRepository {
  private readonly creates: GroupCommit<CreateOrderInput, CreateOrderResult> | undefined;
  private readonly transitions: GroupCommit<TransitionInput, TransitionOutcome> | undefined;
  private readonly reads: GroupCommit<string, OrderRecord | undefined> | undefined;

  constructor(private readonly scope: Scope) {
    // Inside a caller's transaction every statement is part of that commit: nothing to group.
    if (scope.kind !== 'root') return;
    // One order's writes never share a batch: the later sees the earlier committed, in order.
    const keyOf = (clientOrderId: string) => clientOrderId;
    this.creates = new GroupCommit((inputs) => createOrders(scope.sql, inputs), {
      maxBatch: BATCH_LIMIT,
      keyOf: (input) => keyOf(input.order.clientOrderId),
    });
    // The bus handlers' transitions (risk decisions, venue events) arrive concurrently, one per
    // partition; under load they commit several per statement, as the creates do.
    this.transitions = new GroupCommit((inputs) => transitionOrders(scope.sql, inputs), {
      maxBatch: BATCH_LIMIT,
      keyOf: (input) => keyOf(input.clientOrderId),
    });
    this.reads = new GroupCommit(
      async (ids) => {
        const found = await readOrders(scope.sql, [...new Set(ids)]);
        return ids.map((id) => found.get(id));
      },
      { maxBatch: BATCH_LIMIT },
    );
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
    if (this.creates) return this.creates.submit({ ...input, messages: stampMessages(input.messages) });
    const [result] = await createOrders(this.scope.sql, [input]);
    return result!;
  }

  /**
   * Applies one event: the order's new state, the event and its messages commit together (one
   * statement: atomic without an interactive transaction). Outside a transaction, concurrent
   * transitions of different orders are group-committed; each resolves once its own is written.
   */
  async transition(input: TransitionInput): Promise<OrderRecord> {
    requireText('clientOrderId', input.clientOrderId);
    validateChanges(input.changes);
    validateEvent(input.event);
    if (!this.transitions) return transitionOrder(this.scope.sql, input);
    const outcome = await this.transitions.submit({ ...input, messages: stampMessages(input.messages) });
    if ('error' in outcome) throw outcome.error;
    return outcome.order;
  }

  /** One order; concurrent reads outside a transaction share one statement. */
  async get(clientOrderId: string): Promise<OrderRecord | undefined> {
    if (this.reads) return this.reads.submit(clientOrderId);
    return (await readOrders(this.scope.sql, [clientOrderId])).get(clientOrderId);
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
  return transitionOrder(prismaRunner(tx), input);
}
