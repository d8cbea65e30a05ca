import { roundToStep } from './instrument.js';
import type { Fill } from './order-events.js';
import { sideSign } from './order-types.js';

/** What happened to a position when a fill was applied; the trade log uses it to find round trips. */
export interface PositionChange {
  readonly quantityBefore: number;
  readonly quantityAfter: number;
  /** Realized PnL (before fees) produced by this fill. */
  readonly realized: number;
}

export interface PositionSnapshot {
  readonly instrumentId: string;
  /** Signed: positive long, negative short. */
  readonly quantity: number;
  readonly averagePrice: number;
  readonly markPrice: number;
  readonly realizedPnl: number;
  readonly unrealizedPnl: number;
  readonly fees: number;
}

/**
 * A netting position in one instrument: one signed quantity, an average entry price, realized PnL
 * from reductions, and fees. `apply(fill)` is the only way its quantity changes.
 */
export class Position {
  readonly instrumentId: string;
  private readonly lotSize: number;
  private qty = 0;
  private avgPrice = 0;
  private realized = 0;
  private feesPaid = 0;
  private fillCount = 0;
  /** Last known market price, used for unrealized PnL and equity. */
  markPrice = 0;

  constructor(instrumentId: string, lotSize: number) {
    this.instrumentId = instrumentId;
    this.lotSize = lotSize;
  }

  get quantity(): number {
    return this.qty;
  }
  get averagePrice(): number {
    return this.avgPrice;
  }
  get realizedPnl(): number {
    return this.realized;
  }
  get fees(): number {
    return this.feesPaid;
  }
  get fills(): number {
    return this.fillCount;
  }
  get isFlat(): boolean {
    return this.qty === 0;
  }
  get unrealizedPnl(): number {
    return this.qty === 0 ? 0 : this.qty * (this.markPrice - this.avgPrice);
  }
  /** Signed market value at the mark price. */
  get marketValue(): number {
    return this.qty * this.markPrice;
  }

  apply(fill: Fill): PositionChange {
    const before = this.qty;
    const delta = sideSign(fill.side) * fill.quantity;
    // Quantities are kept on the lot grid so float noise never leaves a 1e-17 "position".
    const after = roundToStep(before + delta, this.lotSize);
    let realized = 0;

    if (before === 0 || Math.sign(before) === Math.sign(delta)) {
      // Opening or adding: the average price moves towards the fill price.
      this.avgPrice =
        after === 0 ? 0 : (this.avgPrice * Math.abs(before) + fill.price * fill.quantity) / Math.abs(after);
    } else {
      // Reducing, closing or flipping: realize PnL on the closed part at the old average.
      const closed = Math.min(Math.abs(before), fill.quantity);
      realized = closed * (fill.price - this.avgPrice) * Math.sign(before);
      if (after === 0) this.avgPrice = 0;
      else if (Math.sign(after) !== Math.sign(before)) this.avgPrice = fill.price;
    }

    this.qty = after;
    this.realized += realized;
    this.feesPaid += fill.fee;
    this.fillCount += 1;
    if (this.markPrice === 0) this.markPrice = fill.price;
    return { quantityBefore: before, quantityAfter: after, realized };
  }

  snapshot(): PositionSnapshot {
    return {
      instrumentId: this.instrumentId,
      quantity: this.qty,
      averagePrice: this.avgPrice,
      markPrice: this.markPrice,
      realizedPnl: this.realized,
      unrealizedPnl: this.unrealizedPnl,
      fees: this.feesPaid,
    };
  }
}
