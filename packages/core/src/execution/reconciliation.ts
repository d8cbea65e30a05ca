import type { Instrument } from '../model/instrument.js';
import type { OrderFilled } from '../model/order-events.js';
import { OrderStatus } from '../model/order-types.js';
import type { OrderView } from '../model/order-view.js';
import type { VenueEvent } from './venue-client.js';

/** What a venue says about one of our orders when asked (after a timeout, or at start-up). */
export interface VenueOrderReport {
  readonly clientOrderId: string;
  readonly venueOrderId: string;
  readonly status: OrderStatus;
  /** Cumulative filled quantity at the venue. */
  readonly filledQuantity: number;
  /** Average price of the venue's fills (needed when fills must be inferred). */
  readonly averagePrice?: number;
  readonly ts: number;
  readonly reason?: string;
}

/**
 * Turns a venue's order report into the events that bring our order to the same state. Fills we
 * never received are inferred as one fill for the difference, with a trade id derived from the
 * order and the cumulative quantity — so reconciling twice cannot count them twice. Nothing is
 * ever resubmitted.
 */
export function eventsFromOrderReport(order: OrderView, report: VenueOrderReport, venue: string): VenueEvent[] {
  const base = {
    version: 1,
    clientOrderId: order.clientOrderId,
    strategyId: order.strategyId,
    instrumentId: order.instrumentId,
    ts: report.ts,
  } as const;
  const events: VenueEvent[] = [];
  if (report.status === OrderStatus.Rejected)
    return [{ ...base, type: 'order.rejected', reason: report.reason ?? 'rejected (from venue report)' }];
  if (order.status === OrderStatus.Submitted || order.status === OrderStatus.Unknown) {
    events.push({ ...base, type: 'order.accepted', venueOrderId: report.venueOrderId });
  }
  const missing = report.filledQuantity - order.filledQuantity;
  if (missing > order.quantity * 1e-9) {
    const inferred: OrderFilled = {
      ...base,
      type: 'order.filled',
      venue,
      tradeId: `inferred:${order.clientOrderId}:${report.filledQuantity}`,
      venueOrderId: report.venueOrderId,
      side: order.side,
      quantity: missing,
      price: inferredPrice(order, report, missing),
      // The venue's fee for the missing part is unknown here; the account report corrects cash.
      fee: 0,
      liquidity: 'TAKER',
    };
    events.push(inferred);
  }
  if (report.status === OrderStatus.Canceled)
    events.push({ ...base, type: 'order.canceled', reason: report.reason ?? 'canceled (from venue report)' });
  if (report.status === OrderStatus.Expired) events.push({ ...base, type: 'order.expired' });
  return events;
}

/** Price of the fills we missed: what makes our average equal the venue's. */
function inferredPrice(order: OrderView, report: VenueOrderReport, missing: number): number {
  const venueAverage = report.averagePrice ?? order.price ?? order.averageFillPrice;
  const ourNotional = order.averageFillPrice * order.filledQuantity;
  const price = (venueAverage * report.filledQuantity - ourNotional) / missing;
  return price > 0 && Number.isFinite(price) ? price : venueAverage;
}

/** The venue's view of one position. */
export interface VenuePositionReport {
  readonly instrumentId: string;
  /** Signed quantity. */
  readonly quantity: number;
}

export interface PositionDifference {
  readonly instrumentId: string;
  readonly local: number;
  /** Undefined when the venue sent no report for this instrument. */
  readonly venue: number | undefined;
}

export type PositionReconciliation =
  | { readonly status: 'reconciled' }
  /** Some positions differ: trade only after they are fixed (inferred fills, or an operator). */
  | { readonly status: 'mismatch'; readonly differences: readonly PositionDifference[] }
  /** A report is missing: that is not "flat". Fail closed and keep trading halted. */
  | { readonly status: 'incomplete'; readonly differences: readonly PositionDifference[] };

/**
 * Compares our positions with the venue's at start-up. Fails closed: an instrument without a
 * report is never assumed flat, and any difference keeps the result from being `reconciled`.
 * The caller keeps the risk engine HALTED until it is.
 */
export function reconcilePositions(
  instruments: readonly Instrument[],
  localQuantity: (instrumentId: string) => number,
  reports: readonly VenuePositionReport[],
): PositionReconciliation {
  const reported = new Map(reports.map((report) => [report.instrumentId, report.quantity]));
  const differences: PositionDifference[] = [];
  let incomplete = false;
  for (const instrument of instruments) {
    const local = localQuantity(instrument.id);
    const venue = reported.get(instrument.id);
    if (venue === undefined) {
      incomplete = true;
      differences.push({ instrumentId: instrument.id, local, venue });
    } else if (Math.abs(local - venue) >= instrument.lotSize / 2) {
      // Less than half a lot apart is float noise, not a position difference.
      differences.push({ instrumentId: instrument.id, local, venue });
    }
  }
  if (incomplete) return { status: 'incomplete', differences };
  return differences.length === 0 ? { status: 'reconciled' } : { status: 'mismatch', differences };
}
