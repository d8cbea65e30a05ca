import type { Fill } from '../model/order-events.js';
import type { PositionChange } from '../model/position.js';

/** One round trip: from flat (or a flip) to flat (or the next flip). */
export interface RoundTrip {
  readonly instrumentId: string;
  readonly direction: 'LONG' | 'SHORT';
  readonly entryTs: number;
  readonly exitTs: number;
  /** Largest absolute quantity held during the trip. */
  readonly maxQuantity: number;
  /** Realized PnL minus all fees of the trip. */
  readonly netPnl: number;
  readonly fees: number;
}

interface OpenTrip {
  direction: 'LONG' | 'SHORT';
  entryTs: number;
  maxQuantity: number;
  realized: number;
  fees: number;
}

/**
 * Turns fills into round trips for win rate and trade counts. A fill that flips the position
 * closes one trip and opens the next; its fee is split by quantity.
 */
export class TradeLog {
  private readonly trips: RoundTrip[] = [];
  private readonly open = new Map<string, OpenTrip>();

  get roundTrips(): readonly RoundTrip[] {
    return this.trips;
  }

  record(fill: Fill, change: PositionChange): void {
    const { quantityBefore: before, quantityAfter: after } = change;
    let trip = this.open.get(fill.instrumentId);
    const closedQuantity = before !== 0 && Math.sign(after) !== Math.sign(before) ? Math.abs(before) : 0;
    const closingShare = closedQuantity > 0 ? Math.min(1, closedQuantity / fill.quantity) : 0;

    if (trip !== undefined) {
      trip.realized += change.realized;
      trip.fees += fill.fee * (closedQuantity > 0 ? closingShare : 1);
      trip.maxQuantity = Math.max(trip.maxQuantity, Math.abs(after));
      if (closedQuantity > 0) {
        this.trips.push({
          instrumentId: fill.instrumentId,
          direction: trip.direction,
          entryTs: trip.entryTs,
          exitTs: fill.ts,
          maxQuantity: trip.maxQuantity,
          netPnl: trip.realized - trip.fees,
          fees: trip.fees,
        });
        this.open.delete(fill.instrumentId);
        trip = undefined;
      }
    }
    if (trip === undefined && after !== 0) {
      this.open.set(fill.instrumentId, {
        direction: after > 0 ? 'LONG' : 'SHORT',
        entryTs: fill.ts,
        maxQuantity: Math.abs(after),
        realized: 0,
        fees: fill.fee * (1 - closingShare),
      });
    }
  }
}
