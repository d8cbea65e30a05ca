import { randomUUID } from 'node:crypto';
import { context, propagation } from '@opentelemetry/api';
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import type { OutboxMessageInput } from './records.js';
import { validateMessages } from './validate.js';

export type TransactionClient = Prisma.TransactionClient;

/**
 * Where a repository writes: its own transaction per call (at the top level), or the caller's
 * transaction (inside `TradingRepository.transaction`), so calls compose into one commit.
 */
export interface Scope {
  /** For reads. */
  readonly client: PrismaClient | TransactionClient;
  /** Runs `work` in a transaction: a new one, or the enclosing one. */
  write<T>(work: (tx: TransactionClient) => Promise<T>): Promise<T>;
  /** `root`: each call commits on its own; `transaction`: inside the caller's transaction. */
  readonly kind: 'root' | 'transaction';
}

export function rootScope(prisma: PrismaClient): Scope {
  return { kind: 'root', client: prisma, write: (work) => prisma.$transaction((tx) => work(tx)) };
}

export function transactionScope(tx: TransactionClient): Scope {
  return { kind: 'transaction', client: tx, write: (work) => work(tx) };
}

/** Writes outbox rows in the caller's transaction: they commit, or vanish, with the state change. */
export async function enqueueMessages(
  tx: TransactionClient,
  messages: readonly OutboxMessageInput[] = [],
): Promise<void> {
  if (messages.length === 0) return;
  await tx.outboxMessage.createMany({ data: outboxRows(messages) });
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
