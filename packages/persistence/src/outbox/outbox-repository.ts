import type { JsonValue, OutboxMessageInput } from '../repository/records.js';
import { enqueueMessages } from '../repository/scope.js';
import { timestampText } from '../repository/sql-values.js';
import type { Scope } from '../repository/scope.js';

/** An outbox row waiting to be published. */
export interface PendingMessage {
  /** Publication order. */
  readonly sequence: bigint;
  readonly messageId: string;
  readonly topic: string;
  readonly key: string;
  readonly message: JsonValue;
  readonly headers: Readonly<Record<string, string>>;
  /** Failed publish attempts so far. */
  readonly attempts: number;
}

interface PendingRow {
  readonly sequence: bigint | number | string;
  readonly message_id: string;
  readonly topic: string;
  readonly key: string;
  readonly payload: JsonValue;
  readonly headers: Record<string, string>;
  readonly attempts: number;
}

/** The outbox table: what the relay reads and marks. Services enqueue through the repositories. */
export class OutboxRepository {
  constructor(private readonly scope: Scope) {}

  /** Messages on their own (in the enclosing transaction when there is one). */
  async enqueue(messages: readonly OutboxMessageInput[]): Promise<void> {
    await this.scope.write((tx) => enqueueMessages(tx, messages));
  }

  /** Unpublished messages, oldest first. On the driver: the relay runs this once per batch. */
  async pending(limit = 100): Promise<PendingMessage[]> {
    const rows = await this.scope.sql.query<PendingRow>(
      `SELECT "sequence", "message_id", "topic", "key", "payload", "headers", "attempts" FROM "outbox"
       WHERE "published_at" IS NULL ORDER BY "sequence" LIMIT $1`,
      [limit],
    );
    return rows.map((row) => ({
      // A BIGINT arrives as bigint (Prisma), number (PGlite) or text (node-postgres).
      sequence: BigInt(row.sequence),
      messageId: row.message_id,
      topic: row.topic,
      key: row.key,
      message: row.payload,
      headers: row.headers,
      attempts: Number(row.attempts),
    }));
  }

  /** Marks rows published: one row, or a relay's whole run of them in one statement. */
  async markPublished(sequences: bigint | readonly bigint[]): Promise<void> {
    const list = typeof sequences === 'bigint' ? [sequences] : sequences;
    if (list.length === 0) return;
    await this.scope.sql.query(
      `UPDATE "outbox" SET "published_at" = $2::timestamptz
       WHERE "sequence" IN (SELECT jsonb_array_elements_text($1::jsonb)::bigint) AND "published_at" IS NULL`,
      [JSON.stringify(list.map(String)), timestampText(Date.now())],
    );
  }

  async recordFailure(sequence: bigint, error: unknown): Promise<void> {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    await this.scope.client.outboxMessage.update({
      where: { sequence },
      data: { attempts: { increment: 1 }, lastError: text.slice(0, 2_000) },
    });
  }

  async counts(): Promise<{ pending: number; published: number }> {
    const [pending, total] = await Promise.all([
      this.scope.client.outboxMessage.count({ where: { publishedAt: null } }),
      this.scope.client.outboxMessage.count(),
    ]);
    return { pending, published: total - pending };
  }

  /** Deletes published messages older than `olderThanMs`; returns how many. */
  async purgePublished(olderThanMs: number): Promise<number> {
    const { count } = await this.scope.client.outboxMessage.deleteMany({
      where: { publishedAt: { lt: new Date(Date.now() - olderThanMs) } },
    });
    return count;
  }

  /**
   * Takes or renews the publishing lease for `ttlMs` (database time). Only one relay holds it,
   * so one process publishes, in order; a dead holder's lease lapses and another takes over.
   */
  async acquireLease(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const rows = await this.scope.client.$queryRaw<{ owner: string }[]>`
      INSERT INTO "outbox_lease" ("name", "owner", "expires_at")
      VALUES (${name}, ${owner}, now() + ${Math.round(ttlMs)}::int * interval '1 millisecond')
      ON CONFLICT ("name") DO UPDATE SET "owner" = EXCLUDED."owner", "expires_at" = EXCLUDED."expires_at"
      WHERE "outbox_lease"."owner" = EXCLUDED."owner" OR "outbox_lease"."expires_at" < now()
      RETURNING "owner"`;
    return rows.length === 1;
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    await this.scope.client.outboxLease.deleteMany({ where: { name, owner } });
  }
}
