import type { Fill } from '../model/order-events.js';
import type { PositionChange } from '../model/position.js';
import { Float64Rows } from './float64-rows.js';

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

// Fields of a closed trip's row of numbers; the direction is stored as 1 for SHORT.
const ENTRY_TS = 0;
const EXIT_TS = 1;
const MAX_QUANTITY = 2;
const NET_PNL = 3;
const FEES = 4;
const SHORT = 5;
const WIDTH = 6;

/**
 * Turns fills into round trips for win rate and trade counts. A fill that flips the position
 * closes one trip and opens the next; its fee is split by quantity. Closed trips are kept as rows
 * of numbers, not objects (a long backtest closes tens of thousands); `roundTrips` builds the
 * objects when read.
 */
export class TradeLog {
  private readonly closed = new Float64Rows(WIDTH);
  private readonly closedInstruments: string[] = [];
  private winningTrips = 0;
  private built: RoundTrip[] = [];
  // One open-trip record per instrument, reused from trip to trip: deleting and re-adding map
  // entries on every round trip made the map shrink and grow its table again and again.
  private readonly open = new Map<string, OpenTrip>();
  private lastInstrumentId: string | undefined;
  private lastTrip: OpenTrip | undefined;

  /** Closed round trips, oldest first (built from the rows; cached until the next one closes). */
  get roundTrips(): readonly RoundTrip[] {
    if (this.built.length !== this.closed.length) this.built = this.buildTrips();
    return this.built;
  }

  /** Number of closed round trips. */
  get count(): number {
    return this.closed.length;
  }

  /** Closed round trips with a positive net PnL. */
  get wins(): number {
    return this.winningTrips;
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
        this.close(trip, fill);
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

  private close(trip: OpenTrip, fill: Fill): void {
    const netPnl = trip.realized - trip.fees;
    const offset = this.closed.append();
    const data = this.closed.data;
    data[offset + ENTRY_TS] = trip.entryTs;
    data[offset + EXIT_TS] = fill.ts;
    data[offset + MAX_QUANTITY] = trip.maxQuantity;
    data[offset + NET_PNL] = netPnl;
    data[offset + FEES] = trip.fees;
    data[offset + SHORT] = trip.direction === 'SHORT' ? 1 : 0;
    this.closedInstruments.push(fill.instrumentId);
    if (netPnl > 0) this.winningTrips += 1;
  }

  private buildTrips(): RoundTrip[] {
    const trips = new Array<RoundTrip>(this.closed.length);
    const data = this.closed.data;
    for (let i = 0; i < trips.length; i++) {
      const offset = this.closed.offsetOf(i);
      trips[i] = {
        instrumentId: this.closedInstruments[i]!,
        direction: data[offset + SHORT] === 1 ? 'SHORT' : 'LONG',
        entryTs: data[offset + ENTRY_TS]!,
        exitTs: data[offset + EXIT_TS]!,
        maxQuantity: data[offset + MAX_QUANTITY]!,
        netPnl: data[offset + NET_PNL]!,
        fees: data[offset + FEES]!,
      };
    }
    return trips;
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
