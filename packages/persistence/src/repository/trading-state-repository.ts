import type { Prisma } from '../generated/prisma/client.js';
import { InvalidRecordError } from './errors.js';
import { toAuditEntryRecord, toTradingStateRecord } from './mappers.js';
import type {
  AuditEntryInput,
  AuditEntryRecord,
  OutboxMessageInput,
  TradingStateRecord,
  TradingStateValue,
} from './records.js';
import { enqueueMessages } from './scope.js';
import type { Scope } from './scope.js';
import { requireText } from './validate.js';

const STATES: readonly TradingStateValue[] = ['ACTIVE', 'REDUCING', 'HALTED'];

export interface SetTradingStateInput {
  /** @default 'global' */
  readonly scope?: string;
  readonly state: TradingStateValue;
  readonly reason?: string;
  /** Who asked: a user, a service, the risk engine's kill switch. */
  readonly changedBy: string;
  readonly messages?: readonly OutboxMessageInput[];
}

/** ACTIVE / REDUCING / HALTED per scope; every change is audited in the same transaction. */
export class TradingStateRepository {
  constructor(private readonly scope: Scope) {}

  async set(input: SetTradingStateInput): Promise<TradingStateRecord> {
    if (!STATES.includes(input.state)) {
      throw new InvalidRecordError('state', `must be one of ${STATES.join(', ')}, got ${JSON.stringify(input.state)}`);
    }
    requireText('changedBy', input.changedBy);
    const scope = input.scope ?? 'global';
    return this.scope.write(async (tx) => {
      const values = {
        state: input.state,
        reason: input.reason ?? null,
        changedBy: input.changedBy,
        updatedAt: new Date(),
      };
      const row = await tx.tradingState.upsert({ where: { scope }, create: { scope, ...values }, update: values });
      await tx.auditLog.create({
        data: {
          actor: input.changedBy,
          action: 'trading-state.set',
          subjectType: 'trading-state',
          subjectId: scope,
          details: { state: input.state, reason: input.reason ?? null },
        },
      });
      await enqueueMessages(tx, input.messages);
      return toTradingStateRecord(row);
    });
  }

  /** The stored state, or undefined when none was ever set (callers treat that as ACTIVE). */
  async get(scope = 'global'): Promise<TradingStateRecord | undefined> {
    const row = await this.scope.client.tradingState.findUnique({ where: { scope } });
    return row ? toTradingStateRecord(row) : undefined;
  }
}

/** Who did what, when. */
export class AuditLogRepository {
  constructor(private readonly scope: Scope) {}

  async append(entry: AuditEntryInput): Promise<AuditEntryRecord> {
    for (const field of ['actor', 'action', 'subjectType', 'subjectId'] as const) requireText(field, entry[field]);
    const row = await this.scope.client.auditLog.create({
      data: { ...entry, details: (entry.details ?? {}) as Prisma.InputJsonValue },
    });
    return toAuditEntryRecord(row);
  }

  /** Newest first. */
  async list(filter: { subjectType?: string; subjectId?: string; limit?: number } = {}): Promise<AuditEntryRecord[]> {
    const where: Prisma.AuditLogWhereInput = {};
    if (filter.subjectType !== undefined) where.subjectType = filter.subjectType;
    if (filter.subjectId !== undefined) where.subjectId = filter.subjectId;
    const rows = await this.scope.client.auditLog.findMany({
      where,
      orderBy: { id: 'desc' },
      take: filter.limit ?? 100,
    });
    return rows.map(toAuditEntryRecord);
  }
}
