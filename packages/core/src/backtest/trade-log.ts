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
  /** False between trips: the record is kept and reused for the instrument's next trip. */
  active: boolean;
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
  // One open-trip record per instrument, reused from trip to trip: deleting and re-adding map
  // entries on every round trip made the map shrink and grow its table again and again.
  private readonly open = new Map<string, OpenTrip>();
  private lastInstrumentId: string | undefined;
  private lastTrip: OpenTrip | undefined;

  get roundTrips(): readonly RoundTrip[] {
    return this.trips;
  }

  record(fill: Fill, change: PositionChange): void {
    const { quantityBefore: before, quantityAfter: after } = change;
    const trip = this.tripOf(fill.instrumentId);
    const closedQuantity = before !== 0 && Math.sign(after) !== Math.sign(before) ? Math.abs(before) : 0;
    const closingShare = closedQuantity > 0 ? Math.min(1, closedQuantity / fill.quantity) : 0;

    if (trip.active) {
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
        trip.active = false;
      }
    }
    if (!trip.active && after !== 0) {
      trip.active = true;
      trip.direction = after > 0 ? 'LONG' : 'SHORT';
      trip.entryTs = fill.ts;
      trip.maxQuantity = Math.abs(after);
      trip.realized = 0;
      trip.fees = fill.fee * (1 - closingShare);
    }
  }

  private tripOf(instrumentId: string): OpenTrip {
    // Fills usually come for the same instrument as the last one: skip the map lookup then.
    if (instrumentId === this.lastInstrumentId) return this.lastTrip!;
    let trip = this.open.get(instrumentId);
    if (trip === undefined) {
      trip = { active: false, direction: 'LONG', entryTs: 0, maxQuantity: 0, realized: 0, fees: 0 };
      this.open.set(instrumentId, trip);
    }
    this.lastInstrumentId = instrumentId;
    this.lastTrip = trip;
    return trip;
  }
}
