import type { Instrument } from '../model/instrument.js';
import type { Fill } from '../model/order-events.js';
import { sideSign } from '../model/order-types.js';
import { Position } from '../model/position.js';
import type { PositionChange } from '../model/position.js';
import type { AccountSnapshot } from './account.js';
import { TradeIdSet } from './trade-id-set.js';

const DUPLICATE = { applied: false, reason: 'duplicate' } as const;

export type FillResult =
  | { readonly applied: true; readonly change: PositionChange }
  | { readonly applied: false; readonly reason: 'duplicate' };

/**
 * Cash and netting positions of one account. Buying pays the full notional from cash and selling
 * receives it, so equity is always cash + Σ quantity × mark price (shorts have negative value).
 * Fills are deduplicated by (venue, trade id): a replayed or re-delivered fill changes nothing.
 */
export class Portfolio {
  readonly currency: string;
  // Initialised with a number so V8 keeps it a number field (see ReplayClock.current).
  private cashBalance = 0;
  private readonly byInstrument = new Map<string, Position>();
  // Kept as an array too so equity is a tight loop on the hot path of a backtest.
  private readonly positionList: Position[] = [];
  // Trade ids per venue: (venue, tradeId) without building a combined key string per fill.
  private readonly seenTradeIds = new Map<string, TradeIdSet>();
  // Fills nearly always come from the venue of the previous fill: skip the map lookup then.
  private lastVenue: string | undefined;
  private lastVenueIds: TradeIdSet | undefined;

  constructor(initialCash: number, currency = 'USD') {
    this.cashBalance = initialCash;
    this.currency = currency;
  }

  get cash(): number {
    return this.cashBalance;
  }

  /** The position for an instrument, created flat on first use. */
  position(instrument: Pick<Instrument, 'id' | 'lotSize'>): Position {
    let position = this.byInstrument.get(instrument.id);
    if (position === undefined) {
      position = new Position(instrument.id, instrument.lotSize);
      this.byInstrument.set(instrument.id, position);
      this.positionList.push(position);
    }
    return position;
  }

  /** Signed quantity, 0 when there is no position. */
  quantityOf(instrumentId: string): number {
    return this.byInstrument.get(instrumentId)?.quantity ?? 0;
  }

  findPosition(instrumentId: string): Position | undefined {
    return this.byInstrument.get(instrumentId);
  }

  hasSeenFill(venue: string, tradeId: string): boolean {
    return this.seenTradeIds.get(venue)?.has(tradeId) ?? false;
  }

  applyFill(fill: Fill, instrument: Pick<Instrument, 'id' | 'lotSize'>): FillResult {
    if (!this.tradeIdsOf(fill.venue).add(fill.tradeId)) return DUPLICATE;
    this.cashBalance -= sideSign(fill.side) * fill.quantity * fill.price + fill.fee;
    const change = this.position(instrument).apply(fill);
    return { applied: true, change };
  }

  private tradeIdsOf(venue: string): TradeIdSet {
    if (venue === this.lastVenue) return this.lastVenueIds!;
    let seen = this.seenTradeIds.get(venue);
    if (seen === undefined) {
      seen = new TradeIdSet();
      this.seenTradeIds.set(venue, seen);
    }
    this.lastVenue = venue;
    this.lastVenueIds = seen;
    return seen;
  }

  /** Records the latest market price for an instrument. */
  mark(instrumentId: string, price: number): void {
    const position = this.byInstrument.get(instrumentId);
    if (position !== undefined) position.markPrice = price;
  }

  equity(): number {
    let value = this.cashBalance;
    const list = this.positionList;
    for (let i = 0; i < list.length; i++) {
      const position = list[i]!;
      value += position.quantity * position.markPrice;
    }
    return value;
  }

  grossExposure(): number {
    let exposure = 0;
    for (const position of this.positionList) exposure += Math.abs(position.quantity * position.markPrice);
    return exposure;
  }

  snapshot(ts: number): AccountSnapshot {
    let realized = 0;
    let unrealized = 0;
    let fees = 0;
    for (const position of this.positionList) {
      realized += position.realizedPnl;
      unrealized += position.unrealizedPnl;
      fees += position.fees;
    }
    return {
      ts,
      currency: this.currency,
      cash: this.cashBalance,
      equity: this.equity(),
      realizedPnl: realized,
      unrealizedPnl: unrealized,
      fees,
      grossExposure: this.grossExposure(),
      positions: this.positionList.map((position) => position.snapshot()),
    };
  }
}
