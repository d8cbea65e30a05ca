import type { OrderView } from '@tradeforge/core';

/**
 * What the broker learns from the platform's books when it (re)starts: it keeps no order store of
 * its own, so the order service's records say which orders it had sent and how much of each was
 * applied, and the portfolio says what position those fills add up to.
 */
export interface OrderRecords {
  /**
   * Our orders on these instruments that reached, or may have reached, a venue and have not
   * ended (SUBMITTED, ACCEPTED, PARTIALLY_FILLED, PENDING_CANCEL, UNKNOWN), each with the filled
   * quantity already applied; plus any of `venueOpen` (client order ids the venue lists as open)
   * the records hold, whatever their age.
   */
  openOrders(instrumentIds: readonly string[], venueOpen: readonly string[]): Promise<OrderView[]>;
  /**
   * Our orders on these instruments still waiting for risk (INITIALIZED). Optional: a restarted
   * broker holds them for their decision, which may arrive after the broker took their command
   * and stopped.
   */
  awaitingDecision?(instrumentIds: readonly string[]): Promise<OrderView[]>;
  /** Our signed position per instrument from the fills recorded so far (absent: flat). */
  positions(instrumentIds: readonly string[]): Promise<ReadonlyMap<string, number>>;
}

/** Statuses of an order that may be working at a venue: the ones a restarted broker adopts. */
export const ADOPTABLE_STATUSES: ReadonlySet<string> = new Set([
  'SUBMITTED',
  'ACCEPTED',
  'PARTIALLY_FILLED',
  'PENDING_CANCEL',
  'UNKNOWN',
]);

/** A first start: no order was ever sent, every position is flat. */
export const NO_ORDER_RECORDS: OrderRecords = {
  openOrders: () => Promise.resolve([]),
  positions: () => Promise.resolve(new Map()),
};
