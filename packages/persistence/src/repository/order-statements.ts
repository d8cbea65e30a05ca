import type { SqlRunner } from '../database/sql-runner.js';
import { ConcurrentOrderUpdateError, OrderNotFoundError } from './errors.js';
import { toOrderRecord } from './mappers.js';
import type { OrderRecord } from './records.js';
import type { CreateOrderInput, CreateOrderResult, TransitionInput } from './order-repository.js';
import { outboxRows } from './scope.js';
import { decimalText, timestampText } from './sql-values.js';

// The order write path as single statements. Data-modifying CTEs run as one statement, so the
// order, its event and its outbox rows commit together (or not at all) without an interactive
// transaction: on PGlite every statement is a trip into WebAssembly and Prisma's interactive
// transactions add several, so one statement per write (per batch of creates) is most of the
// gain. All input travels as one JSON parameter; the foreign keys are checked at the end of
// the statement, when the order rows exist. They run on the driver (`SqlRunner`), not through
// Prisma, except inside a caller's Prisma transaction.

/** The `orders` columns as the Prisma model names them, so the rows map like model rows. */
const ORDER_COLUMNS = `client_order_id AS "clientOrderId", account_id AS "accountId", strategy_id AS "strategyId",
  instrument_id AS "instrumentId", venue, side, order_type AS "orderType", time_in_force AS "timeInForce", quantity,
  price, trigger_price AS "triggerPrice", status, filled_quantity AS "filledQuantity", average_price AS "averagePrice",
  venue_order_id AS "venueOrderId", version, created_at AS "createdAt", updated_at AS "updatedAt"`;

/** Outbox rows of each input, in the order they were given (the relay publishes by sequence). */
const INSERT_MESSAGES = `INSERT INTO "outbox" ("message_id", "topic", "key", "payload", "headers")
    SELECT m.message_id, m.topic, m.key, m.payload, m.headers
    FROM written w JOIN input i ON i.client_order_id = w.client_order_id
    CROSS JOIN LATERAL jsonb_to_recordset(i.messages)
      AS m(n int, message_id text, topic text, key text, payload jsonb, headers jsonb)
    ORDER BY i.n, m.n`;

const CREATE_ORDERS = `WITH input AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(n int, client_order_id text, account_id text, strategy_id text,
      instrument_id text, venue text, side text, order_type text, time_in_force text, quantity numeric, price numeric,
      trigger_price numeric, status text, created_at timestamptz, event_id text, event_type text, event_payload jsonb,
      occurred_at timestamptz, messages jsonb)
  ),
  written AS (
    INSERT INTO "orders" ("client_order_id", "account_id", "strategy_id", "instrument_id", "venue", "side",
      "order_type", "time_in_force", "quantity", "price", "trigger_price", "status", "created_at", "updated_at")
    SELECT client_order_id, account_id, strategy_id, instrument_id, venue, side, order_type, time_in_force, quantity,
      price, trigger_price, status, created_at, created_at
    FROM input ORDER BY n
    ON CONFLICT ("client_order_id") DO NOTHING
    RETURNING *
  ),
  events AS (
    INSERT INTO "order_events" ("event_id", "client_order_id", "version", "type", "payload", "occurred_at")
    SELECT i.event_id, i.client_order_id, 1, i.event_type, i.event_payload, i.occurred_at
    FROM written w JOIN input i ON i.client_order_id = w.client_order_id ORDER BY i.n
  ),
  messages AS (${INSERT_MESSAGES})
  SELECT ${ORDER_COLUMNS} FROM written`;

/**
 * Creates orders, each with its first event and outbox rows, in one statement. Client order
 * ids must be distinct within a call; one that exists already writes nothing and comes back as
 * `duplicate` with the stored order.
 */
export async function createOrders(sql: SqlRunner, inputs: readonly CreateOrderInput[]): Promise<CreateOrderResult[]> {
  const rows = inputs.map(({ order, event, messages }, n) => ({
    n,
    client_order_id: order.clientOrderId,
    account_id: order.accountId,
    strategy_id: order.strategyId,
    instrument_id: order.instrumentId,
    venue: order.venue,
    side: order.side,
    order_type: order.orderType,
    time_in_force: order.timeInForce,
    quantity: decimalText(order.quantity),
    price: order.price === undefined ? null : decimalText(order.price),
    trigger_price: order.triggerPrice === undefined ? null : decimalText(order.triggerPrice),
    status: order.status,
    created_at: timestampText(order.createdAt),
    event_id: event.eventId,
    event_type: event.type,
    event_payload: event.payload,
    occurred_at: timestampText(event.occurredAt),
    messages: messageRows(messages),
  }));
  const written = await sql.query<OrderRow>(CREATE_ORDERS, [JSON.stringify(rows)]);
  const created = new Map(written.map((row) => [row.clientOrderId, toOrderRecord(row)]));
  const duplicates = inputs.map((i) => i.order.clientOrderId).filter((id) => !created.has(id));
  const existing = duplicates.length === 0 ? new Map<string, OrderRecord>() : await readOrders(sql, duplicates);
  return inputs.map(({ order: { clientOrderId } }) => {
    const order = created.get(clientOrderId);
    if (order) return { outcome: 'created', order };
    const stored = existing.get(clientOrderId);
    // Only a concurrent delete could remove it between the two statements; orders are never deleted.
    if (!stored) throw new OrderNotFoundError(clientOrderId);
    return { outcome: 'duplicate', order: stored };
  });
}

const TRANSITION_ORDERS = `WITH input AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(n int, client_order_id text, expected_version int,
      set_status boolean, status text, set_filled_quantity boolean, filled_quantity numeric,
      set_average_price boolean, average_price numeric, set_venue_order_id boolean, venue_order_id text,
      event_id text, event_type text, event_payload jsonb, occurred_at timestamptz, messages jsonb)
  ),
  written AS (
    UPDATE "orders" o SET
      "status" = CASE WHEN i.set_status THEN i.status ELSE o.status END,
      "filled_quantity" = CASE WHEN i.set_filled_quantity THEN i.filled_quantity ELSE o.filled_quantity END,
      "average_price" = CASE WHEN i.set_average_price THEN i.average_price ELSE o.average_price END,
      "venue_order_id" = CASE WHEN i.set_venue_order_id THEN i.venue_order_id ELSE o.venue_order_id END,
      "version" = o.version + 1,
      "updated_at" = i.occurred_at
    FROM input i
    WHERE o.client_order_id = i.client_order_id AND o.version = i.expected_version
    RETURNING o.*
  ),
  events AS (
    INSERT INTO "order_events" ("event_id", "client_order_id", "version", "type", "payload", "occurred_at")
    SELECT i.event_id, i.client_order_id, w.version, i.event_type, i.event_payload, i.occurred_at
    FROM written w JOIN input i ON i.client_order_id = w.client_order_id ORDER BY i.n
  ),
  messages AS (${INSERT_MESSAGES})
  SELECT ${ORDER_COLUMNS} FROM written`;

/** A transition's outcome: the order as written, or why nothing was. */
export type TransitionOutcome = { readonly order: OrderRecord } | { readonly error: Error };

/**
 * Applies one transition in one statement: the order's new state and `version + 1` if it is
 * still at `expectedVersion`, its event with that version, its outbox rows. A stale version
 * writes nothing and raises `ConcurrentOrderUpdateError`; a missing order `OrderNotFoundError`.
 */
export async function transitionOrder(sql: SqlRunner, input: TransitionInput): Promise<OrderRecord> {
  const [outcome] = await transitionOrders(sql, [input]);
  if ('error' in outcome!) throw outcome.error;
  return outcome!.order;
}

/**
 * Applies transitions of distinct orders in one statement (group commit of the bus handlers'
 * writes); each is written or not on its own version check, and its outcome says which.
 */
export async function transitionOrders(
  sql: SqlRunner,
  inputs: readonly TransitionInput[],
): Promise<TransitionOutcome[]> {
  const rows = inputs.map(({ clientOrderId, expectedVersion, changes, event, messages }, n) => ({
    n,
    client_order_id: clientOrderId,
    expected_version: expectedVersion,
    set_status: changes.status !== undefined,
    status: changes.status ?? null,
    set_filled_quantity: changes.filledQuantity !== undefined,
    filled_quantity: changes.filledQuantity === undefined ? null : decimalText(changes.filledQuantity),
    set_average_price: changes.averagePrice !== undefined,
    average_price: changes.averagePrice === undefined ? null : decimalText(changes.averagePrice),
    set_venue_order_id: changes.venueOrderId !== undefined,
    venue_order_id: changes.venueOrderId ?? null,
    event_id: event.eventId,
    event_type: event.type,
    event_payload: event.payload,
    occurred_at: timestampText(event.occurredAt),
    messages: messageRows(messages),
  }));
  const written = await sql.query<OrderRow>(TRANSITION_ORDERS, [JSON.stringify(rows)]);
  const updated = new Map(written.map((row) => [row.clientOrderId, toOrderRecord(row)]));
  const missed = inputs.map((i) => i.clientOrderId).filter((id) => !updated.has(id));
  const current = missed.length === 0 ? new Map<string, OrderRecord>() : await readOrders(sql, missed);
  return inputs.map(({ clientOrderId, expectedVersion }) => {
    const order = updated.get(clientOrderId);
    if (order) return { order };
    const stored = current.get(clientOrderId);
    if (!stored) return { error: new OrderNotFoundError(clientOrderId) };
    return { error: new ConcurrentOrderUpdateError(clientOrderId, expectedVersion, stored.version) };
  });
}

/** One order by client order id. */
export async function readOrder(sql: SqlRunner, clientOrderId: string): Promise<OrderRecord | undefined> {
  const [row] = await sql.query<OrderRow>(`SELECT ${ORDER_COLUMNS} FROM "orders" WHERE "client_order_id" = $1`, [
    clientOrderId,
  ]);
  return row ? toOrderRecord(row) : undefined;
}

/** Orders by client order id, in one statement. */
export async function readOrders(sql: SqlRunner, clientOrderIds: readonly string[]): Promise<Map<string, OrderRecord>> {
  const rows = await sql.query<OrderRow>(
    `SELECT ${ORDER_COLUMNS} FROM "orders"
     WHERE "client_order_id" IN (SELECT jsonb_array_elements_text($1::jsonb))`,
    [JSON.stringify(clientOrderIds)],
  );
  return new Map(rows.map((row) => [row.clientOrderId, toOrderRecord(row)]));
}

/**
 * An order row as Prisma types it. Driver rows differ only in NUMERIC columns (text instead of
 * Decimal), which `toOrderRecord` reads alike through `toString()`.
 */
type OrderRow = Parameters<typeof toOrderRecord>[0];

function messageRows(messages: CreateOrderInput['messages']) {
  return outboxRows(messages ?? []).map((m, n) => ({
    n,
    message_id: m.messageId,
    topic: m.topic,
    key: m.key,
    payload: m.payload,
    headers: m.headers,
  }));
}
