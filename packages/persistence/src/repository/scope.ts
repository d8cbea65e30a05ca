import { randomUUID } from 'node:crypto';
import { context, propagation } from '@opentelemetry/api';
import { prismaRunner } from '../database/sql-runner.js';
import type { SqlRunner } from '../database/sql-runner.js';
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import type { JsonValue, OutboxMessageInput } from './records.js';
import { validateMessages } from './validate.js';

export type TransactionClient = Prisma.TransactionClient;

/**
 * Where a repository writes: its own transaction per call (at the top level), or the caller's
 * transaction (inside `TradingRepository.transaction`), so calls compose into one commit.
 */
export interface Scope {
  /** For reads. */
  readonly client: PrismaClient | TransactionClient;
  /** For the hot hand-written statements: the driver itself, or the caller's transaction. */
  readonly sql: SqlRunner;
  /** Runs `work` in a transaction: a new one, or the enclosing one. */
  write<T>(work: (tx: TransactionClient) => Promise<T>): Promise<T>;
  /** `root`: each call commits on its own; `transaction`: inside the caller's transaction. */
  readonly kind: 'root' | 'transaction';
}

/** Each call its own commit; `sql` defaults to raw queries through `prisma`. */
export function rootScope(prisma: PrismaClient, sql: SqlRunner = prismaRunner(prisma)): Scope {
  return { kind: 'root', client: prisma, sql, write: (work) => prisma.$transaction((tx) => work(tx)) };
}

export function transactionScope(tx: TransactionClient): Scope {
  return { kind: 'transaction', client: tx, sql: prismaRunner(tx), write: (work) => work(tx) };
}

/** Writes outbox rows in the caller's transaction: they commit, or vanish, with the state change. */
export async function enqueueMessages(
  tx: TransactionClient,
  messages: readonly OutboxMessageInput[] = [],
): Promise<void> {
  if (messages.length === 0) return;
  await tx.outboxMessage.createMany({ data: outboxRows(messages) });
}

/**
 * The messages with their ids and the caller's trace context fixed now, for a write that runs
 * later in another async context (a group commit runs in the context of whoever started it).
 */
export function stampMessages(messages: readonly OutboxMessageInput[] = []): OutboxMessageInput[] {
  return outboxRows(messages).map((row) => ({
    topic: row.topic,
    key: row.key,
    message: row.payload as JsonValue,
    headers: row.headers,
    messageId: row.messageId,
  }));
}

/** Validated outbox rows, each with its id and the writer's trace context. */
export function outboxRows(messages: readonly OutboxMessageInput[]): OutboxRow[] {
  validateMessages(messages);
  return messages.map((m) => ({
    messageId: m.messageId ?? randomUUID(),
    topic: m.topic,
    key: m.key,
    payload: m.message as Prisma.InputJsonValue,
    headers: withTraceContext(m.headers),
  }));
}

export interface OutboxRow {
  readonly messageId: string;
  readonly topic: string;
  readonly key: string;
  readonly payload: Prisma.InputJsonValue;
  readonly headers: Record<string, string>;
}

/**
 * The writer's trace context (W3C `traceparent`, `tracestate`), stored with the row: the relay
 * publishes later, outside the request that wrote it, and the consumers must still continue that
 * request's trace. Headers the caller set win; without a tracing SDK nothing is added.
 */
function withTraceContext(headers: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const captured: Record<string, string> = {};
  propagation.inject(context.active(), captured);
  return { ...captured, ...headers };
}
