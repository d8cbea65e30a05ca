import { toPositionRecord } from './mappers.js';
import type { OutboxMessageInput, PositionRecord } from './records.js';
import { enqueueMessages } from './scope.js';
import type { Scope, TransactionClient } from './scope.js';
import { validatePosition } from './validate.js';

/** Net positions per account and instrument, as the portfolio computed them. */
export class PositionRepository {
  constructor(private readonly scope: Scope) {}

  async save(
    position: Omit<PositionRecord, 'updatedAt'>,
    options: { updatedAt?: number; messages?: readonly OutboxMessageInput[] } = {},
  ): Promise<PositionRecord> {
    validatePosition(position);
    return this.scope.write(async (tx) => {
      const saved = await savePositionIn(tx, position, options.updatedAt ?? Date.now());
      await enqueueMessages(tx, options.messages);
      return saved;
    });
  }

  async get(accountId: string, instrumentId: string): Promise<PositionRecord | undefined> {
    const row = await this.scope.client.position.findUnique({
      where: { accountId_instrumentId: { accountId, instrumentId } },
    });
    return row ? toPositionRecord(row) : undefined;
  }

  async list(accountId?: string): Promise<PositionRecord[]> {
    const rows = await this.scope.client.position.findMany({
      where: accountId === undefined ? {} : { accountId },
      orderBy: [{ accountId: 'asc' }, { instrumentId: 'asc' }],
    });
    return rows.map(toPositionRecord);
  }
}

export async function savePositionIn(
  tx: TransactionClient,
  position: Omit<PositionRecord, 'updatedAt'>,
  updatedAt: number,
): Promise<PositionRecord> {
  validatePosition(position);
  const values = {
    quantity: position.quantity,
    averagePrice: position.averagePrice,
    realizedPnl: position.realizedPnl,
    updatedAt: new Date(updatedAt),
  };
  const row = await tx.position.upsert({
    where: { accountId_instrumentId: { accountId: position.accountId, instrumentId: position.instrumentId } },
    create: { accountId: position.accountId, instrumentId: position.instrumentId, ...values },
    update: { ...values, version: { increment: 1 } },
  });
  return toPositionRecord(row);
}
