import { randomUUID } from 'node:crypto';
import { Prisma } from '../generated/prisma/client.js';
import { OrderNotFoundError } from './errors.js';
import { toFillRecord } from './mappers.js';
import type { FillInput, FillRecord, OrderRecord, OutboxMessageInput, PositionRecord } from './records.js';
import { transitionIn } from './order-repository.js';
import type { TransitionInput } from './order-repository.js';
import { savePositionIn } from './position-repository.js';
import { enqueueMessages } from './scope.js';
import type { Scope } from './scope.js';
import { validateFill } from './validate.js';

export interface RecordFillInput {
  readonly fill: FillInput;
  /** The order's transition this fill causes (filled quantity, status, its order.filled event). */
  readonly order?: Omit<TransitionInput, 'clientOrderId'>;
  /** The position after this fill, as the portfolio computed it. */
  readonly position?: Omit<PositionRecord, 'updatedAt'>;
  readonly messages?: readonly OutboxMessageInput[];
}

/** `recorded`: the fill and everything it causes were written. `duplicate`: nothing was. */
export type RecordFillResult =
  | { readonly outcome: 'recorded'; readonly fill: FillRecord; readonly order?: OrderRecord }
  | { readonly outcome: 'duplicate'; readonly fill: FillRecord };

/** Venue executions, deduplicated by (venue, tradeId). */
export class FillRepository {
  constructor(private readonly scope: Scope) {}

  /**
   * Records a fill with the order transition, position and messages it causes, in one
   * transaction. A (venue, tradeId) seen before has no effect at all: re-delivered fills are
   * the most common way positions get double-counted.
   */
  async record(input: RecordFillInput): Promise<RecordFillResult> {
    validateFill(input.fill);
    const { fill } = input;
    return this.scope.write(async (tx) => {
      const inserted = await tx.fill
        .createMany({
          data: [
            {
              ...fill,
              id: randomUUID(),
              fee: fill.fee ?? 0,
              feeCurrency: fill.feeCurrency ?? null,
              occurredAt: new Date(fill.occurredAt),
            },
          ],
          skipDuplicates: true,
        })
        .catch((error: unknown) => {
          // The foreign key names the order: say which one is missing.
          if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2003') {
            throw new OrderNotFoundError(fill.clientOrderId);
          }
          throw error;
        });
      const stored = await tx.fill.findUniqueOrThrow({
        where: { venue_tradeId: { venue: fill.venue, tradeId: fill.tradeId } },
      });
      if (inserted.count === 0) return { outcome: 'duplicate', fill: toFillRecord(stored) };
      const order = input.order
        ? await transitionIn(tx, { ...input.order, clientOrderId: fill.clientOrderId })
        : undefined;
      if (input.position) await savePositionIn(tx, input.position, fill.occurredAt);
      await enqueueMessages(tx, input.messages);
      return order
        ? { outcome: 'recorded', fill: toFillRecord(stored), order }
        : { outcome: 'recorded', fill: toFillRecord(stored) };
    });
  }

  async forOrder(clientOrderId: string): Promise<FillRecord[]> {
    const rows = await this.scope.client.fill.findMany({ where: { clientOrderId }, orderBy: { occurredAt: 'asc' } });
    return rows.map(toFillRecord);
  }

  /** Every fill of the account, oldest first: what a portfolio rebuilds its positions from at start. */
  async history(accountId: string): Promise<FillRecord[]> {
    const rows = await this.scope.client.fill.findMany({
      where: { accountId },
      orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }],
    });
    return rows.map(toFillRecord);
  }

  /**
   * Which of these executions the order service has recorded, as `venue` + NUL + `tradeId` keys.
   * A fill the order service refused (its order had already ended) is never recorded: the
   * portfolio counts only recorded fills, so positions always equal the sum of recorded fills.
   */
  async recordedAmong(executions: readonly { venue: string; tradeId: string }[]): Promise<Set<string>> {
    if (executions.length === 0) return new Set();
    const rows = await this.scope.client.fill.findMany({
      where: { OR: executions.map(({ venue, tradeId }) => ({ venue, tradeId })) },
      select: { venue: true, tradeId: true },
    });
    return new Set(rows.map((row) => executionKey(row.venue, row.tradeId)));
  }

  /** Newest first. */
  async list(filter: { accountId?: string; limit?: number } = {}): Promise<FillRecord[]> {
    const rows = await this.scope.client.fill.findMany({
      where: filter.accountId === undefined ? {} : { accountId: filter.accountId },
      orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
      take: filter.limit ?? 100,
    });
    return rows.map(toFillRecord);
  }
}

/** One execution's identity: (venue, trade id), as one string. */
export function executionKey(venue: string, tradeId: string): string {
  return `${venue}\u0000${tradeId}`;
}
