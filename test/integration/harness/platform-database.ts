import pg from 'pg';
import { inject } from 'vitest';

/** Read-only questions the suites ask the stack's PostgreSQL, by client order id prefix. */
export class PlatformDatabase {
  private constructor(private readonly pool: pg.Pool) {}

  static forStack(): PlatformDatabase {
    return new PlatformDatabase(new pg.Pool({ connectionString: inject('integrationStack').databaseUrl, max: 2 }));
  }

  async query<T extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<T[]> {
    return (await this.pool.query<T>(sql, values)).rows;
  }

  /** Status of every order whose client order id starts with `prefix`. */
  async orderStatuses(prefix: string): Promise<Map<string, string>> {
    const rows = await this.query<{ client_order_id: string; status: string }>(
      'SELECT client_order_id, status FROM orders WHERE client_order_id LIKE $1',
      [`${prefix}%`],
    );
    return new Map(rows.map((r) => [r.client_order_id, r.status]));
  }

  /** Order events by type for one order, oldest first. */
  async eventTypes(clientOrderId: string): Promise<string[]> {
    const rows = await this.query<{ type: string }>(
      'SELECT type FROM order_events WHERE client_order_id = $1 ORDER BY version',
      [clientOrderId],
    );
    return rows.map((r) => r.type);
  }

  /**
   * Orders under `prefix` that ended more than once: more than one denied / rejected / canceled /
   * expired event, or one of those and the FILLED status.
   */
  async ordersEndedTwice(prefix: string): Promise<string[]> {
    const rows = await this.query<{ client_order_id: string }>(
      `SELECT o.client_order_id FROM orders o JOIN order_events e USING (client_order_id)
        WHERE o.client_order_id LIKE $1
        GROUP BY o.client_order_id, o.status
       HAVING count(*) FILTER (WHERE e.type IN ('order.denied', 'order.rejected', 'order.canceled', 'order.expired'))
              + CASE WHEN o.status = 'FILLED' THEN 1 ELSE 0 END > 1`,
      [`${prefix}%`],
    );
    return rows.map((r) => r.client_order_id);
  }

  /** Orders under `prefix` whose version differs from their number of recorded events. */
  async ordersWithMissingEvents(prefix: string): Promise<string[]> {
    const rows = await this.query<{ client_order_id: string }>(
      `SELECT o.client_order_id FROM orders o LEFT JOIN order_events e USING (client_order_id)
        WHERE o.client_order_id LIKE $1
        GROUP BY o.client_order_id, o.version HAVING count(e.sequence) <> o.version`,
      [`${prefix}%`],
    );
    return rows.map((r) => r.client_order_id);
  }

  /** Fills recorded more than once for one venue trade, or whose quantities overfill their order. */
  async duplicateFills(prefix: string): Promise<number> {
    const [twice] = await this.query<{ n: string }>(
      `SELECT count(*) AS n FROM (SELECT venue, trade_id FROM fills WHERE client_order_id LIKE $1
        GROUP BY venue, trade_id HAVING count(*) > 1) d`,
      [`${prefix}%`],
    );
    const [overfilled] = await this.query<{ n: string }>(
      `SELECT count(*) AS n FROM (SELECT o.client_order_id FROM orders o JOIN fills f USING (client_order_id)
        WHERE o.client_order_id LIKE $1 GROUP BY o.client_order_id, o.quantity, o.filled_quantity
        HAVING sum(f.quantity) > o.quantity OR sum(f.quantity) <> o.filled_quantity) d`,
      [`${prefix}%`],
    );
    return Number(twice!.n) + Number(overfilled!.n);
  }

  /** The signed sum (BUY +, SELL −) of every recorded fill, by instrument: what positions must equal. */
  async fillTotals(): Promise<Map<string, number>> {
    const rows = await this.query<{ instrument_id: string; total: string }>(
      `SELECT instrument_id, sum(CASE side WHEN 'BUY' THEN quantity ELSE -quantity END) AS total
         FROM fills GROUP BY instrument_id`,
    );
    return new Map(rows.map((r) => [r.instrument_id, Number(r.total)]));
  }

  /** Outbox rows not yet published (after recovery: none may be left). */
  async unpublished(): Promise<number> {
    const [row] = await this.query<{ n: string }>('SELECT count(*) AS n FROM outbox WHERE published_at IS NULL');
    return Number(row!.n);
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
