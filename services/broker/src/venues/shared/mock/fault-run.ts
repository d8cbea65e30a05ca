import { OrderStatus } from '@tradeforge/core';
import type { Instrument, Order, VenueAdapter } from '@tradeforge/core';
import { AdapterVenueClient } from '../adapter-venue-client.js';
import { sleep } from '../backoff.js';
import { VenueReconciler } from '../venue-reconciler.js';
import type { VenueReconciliation } from '../venue-reconciler.js';
import type { FaultDecision, MockFaults } from './mock-faults.js';
import type { MockMatchingEngine, MockOrder } from './mock-matching-engine.js';
import { OrderBook } from './order-book.js';

/** What a fault run needs of a mock venue: every venue's mock has it. */
export interface FaultRunMock {
  readonly engine: MockMatchingEngine;
  readonly faults: { readonly injected: Readonly<Record<FaultDecision, number>> };
  /** Requests the mock counted over one of its limits (each would be a 429 or a ban at the venue). */
  readonly limitViolations: number;
  setFaults(faults: MockFaults): void;
  setPrice(symbol: string, price: number): void;
}

/**
 * One venue ready for a fault run: its mock (limit windows shortened so they bind within seconds)
 * and an adapter told the same limits, the instrument traded and how orders are made.
 */
export interface FaultRunVenue {
  readonly venue: string;
  readonly mock: FaultRunMock;
  readonly adapter: VenueAdapter;
  readonly instrument: Instrument;
  /** The mock's market symbol for the instrument. */
  readonly symbol: string;
  /** The price at first, and where the market moves before everything still open is canceled. */
  readonly prices: { readonly open: number; readonly moved: number };
  /** The i-th order: buys only, so the venue's base balance must equal the fills we applied. */
  order(book: OrderBook, i: number): Order;
  /**
   * Which of our orders a venue order is, for venues that do not keep our client order id (KIS:
   * the adapter's order number map). @default the venue order's `clientOrderId`
   */
  clientOrderIdOf?(order: MockOrder): string | undefined;
  /** The busiest window the mock counted, per limit, as "used/limit", for the report. */
  peaks(): Readonly<Record<string, string>>;
  close(): Promise<void>;
}

/** Faults on every route: 503 before processing, 500 or a dropped connection after it, stalls past the timeout. */
export const DEFAULT_RUN_FAULTS: MockFaults = {
  serverErrorRate: 0.02,
  errorAfterProcessRate: 0.02,
  dropAfterProcessRate: 0.02,
  stallRate: 0.01,
  stallMs: 5_000,
};

/** What one venue's run found. `lost`, `doubled` and `limitViolations` must be zero. */
export interface FaultRunResult {
  readonly venue: string;
  readonly orders: number;
  /** Our orders' end states. */
  readonly statuses: Readonly<Record<string, number>>;
  /** Orders the venue's book holds. */
  readonly venueOrders: number;
  readonly faultsInjected: Readonly<Record<string, number>>;
  readonly limitViolations: number;
  /** Orders whose venue state we do not know or hold wrong: still open here, rejected here but at the venue, fewer fills here. */
  readonly lost: readonly string[];
  /** Orders placed twice at the venue, or with more fills here than there, or an event our state machine refused. */
  readonly doubled: readonly string[];
  /** Orders that went UNKNOWN, and how many of them ended in a known state. */
  readonly unknown: { readonly total: number; readonly resolved: number };
  /** Unexpected failures inside the venue client (bugs, not venue errors). */
  readonly clientErrors: readonly string[];
  readonly positions: 'reconciled' | string;
  readonly peaks: Readonly<Record<string, string>>;
}

/**
 * Submits `count` orders at once through the real adapter and venue client, with faults injected
 * at the mock; moves the market through part of the resting orders; cancels what is still open
 * and re-asks about what is unresolved until every order is closed; then compares every order
 * with the venue's own book and reconciles positions.
 */
export async function runVenueUnderFaults(
  venue: FaultRunVenue,
  count: number,
  faults: MockFaults = DEFAULT_RUN_FAULTS,
): Promise<FaultRunResult> {
  const book = new OrderBook();
  const client = new AdapterVenueClient({
    adapter: venue.adapter,
    instruments: new Map([[venue.instrument.id, venue.instrument]]),
    unknownQueryIntervalMs: 50,
  });
  client.connect(book);
  venue.mock.setPrice(venue.symbol, venue.prices.open);
  venue.mock.setFaults({ ...faults });

  const orders = Array.from({ length: count }, (_, i) => venue.order(book, i));
  for (const order of orders) client.submitOrder(order);
  await client.idle();
  venue.mock.setPrice(venue.symbol, venue.prices.moved);
  await closeAll(client, book, orders);
  venue.mock.setFaults({});

  const { lost, doubled } = compareWithVenue(
    orders,
    venue.mock.engine.orders,
    venue.clientOrderIdOf?.bind(venue) ?? ((o) => o.clientOrderId),
  );
  doubled.push(...book.anomalies.map((a) => `${a.event.clientOrderId} ${a.event.type}: ${a.reason}`));
  const reconciliation = await reconcileOnceReachable(
    new VenueReconciler(client, [venue.instrument], (id) => book.position(id)),
  );
  const unknownIds = new Set(book.events.filter((e) => e.type === 'order.unknown').map((e) => e.clientOrderId));
  client.close();
  return {
    venue: venue.venue,
    orders: count,
    statuses: countBy(orders.map((o) => o.status)),
    venueOrders: venue.mock.engine.orders.length,
    faultsInjected: Object.fromEntries(Object.entries(venue.mock.faults.injected).filter(([kind]) => kind !== 'none')),
    limitViolations: venue.mock.limitViolations,
    lost,
    doubled,
    unknown: {
      total: unknownIds.size,
      resolved: [...unknownIds].filter((id) => book.orders.get(id)?.isTerminal).length,
    },
    clientErrors: client.errors.map((e) => (e instanceof Error ? e.message : String(e))),
    positions:
      reconciliation.positions.status === 'reconciled' ? 'reconciled' : JSON.stringify(reconciliation.positions),
    peaks: venue.peaks(),
  };
}

/**
 * Cancels what is still open and re-asks about what is unresolved until every order is closed. A
 * pass that cannot reach the venue (its circuit opened under the faults) is tried again once the
 * breaker lets a trial call through, as the broker's periodic reconciliation would.
 */
export async function closeAll(client: AdapterVenueClient, book: OrderBook, orders: readonly Order[]): Promise<void> {
  const stillOpen = () => orders.filter((o) => !o.isTerminal).length;
  for (let round = 0; round < 300 && stillOpen() > 0; round++) {
    const openBefore = stillOpen();
    for (const order of orders) {
      if (order.isTerminal || order.status === OrderStatus.Unknown) continue;
      book.requestCancel(order);
      client.cancelOrder(order);
    }
    await client.idle();
    try {
      await client.refresh();
    } catch {
      await sleep(1_000);
      continue;
    }
    // While a circuit is open every call fails at once and refresh swallows it: without a pause
    // the rounds would all be spent within one reset period.
    if (stillOpen() === openBefore) await sleep(1_000);
  }
}

/** The last faults may have left the circuit open: ask again once the breaker lets a trial call through. */
async function reconcileOnceReachable(reconciler: VenueReconciler): Promise<VenueReconciliation> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await reconciler.run();
    } catch (error) {
      if (attempt >= 120) throw error;
      await sleep(1_000);
    }
  }
}

/**
 * Every order of ours against the venue's own book: none doubled, none lost, same fills and end
 * state. A venue order none of ours accounts for counts as doubled (a resent order).
 */
export function compareWithVenue(
  orders: readonly Order[],
  venueOrders: readonly MockOrder[],
  clientOrderIdOf: (order: MockOrder) => string | undefined,
): { lost: string[]; doubled: string[] } {
  const atVenue = new Map<string, MockOrder[]>();
  const lost: string[] = [];
  const doubled: string[] = [];
  const ours = new Set(orders.map((o) => o.clientOrderId));
  for (const venueOrder of venueOrders) {
    const id = clientOrderIdOf(venueOrder);
    if (id === undefined || !ours.has(id)) {
      doubled.push(`venue order ${venueOrder.venueOrderId} is none of ours`);
      continue;
    }
    atVenue.set(id, [...(atVenue.get(id) ?? []), venueOrder]);
  }
  for (const order of orders) {
    const id = order.clientOrderId;
    const held = atVenue.get(id) ?? [];
    if (held.length > 1) doubled.push(`${id} placed ${held.length} times at the venue`);
    if (!order.isTerminal) lost.push(`${id} still ${order.status}`);
    const venueOrder = held[0];
    if (venueOrder === undefined) {
      if (order.status !== OrderStatus.Rejected) lost.push(`${id} ${order.status} but the venue never had it`);
      continue;
    }
    if (order.status === OrderStatus.Rejected) lost.push(`${id} rejected by us, ${venueOrder.status} at the venue`);
    const difference = order.filledQuantity - venueOrder.executed;
    const filled = `${id} filled ${order.filledQuantity} here, ${venueOrder.executed} at the venue`;
    if (difference > order.quantity * 1e-9) doubled.push(filled);
    if (difference < -order.quantity * 1e-9) lost.push(filled);
  }
  return { lost, doubled };
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
