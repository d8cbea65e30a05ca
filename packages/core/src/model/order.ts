import type { OrderEvent, OrderInitialized } from './order-events.js';
import { isOpen, isTerminal, nextStatus, triggerOf } from './order-state-machine.js';
import { OrderStatus } from './order-types.js';
import type { OrderSide, OrderType, TimeInForce } from './order-types.js';

export type ApplyResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

const APPLIED: ApplyResult = { ok: true };

// Relative slack when comparing cumulative fills with the order quantity (float sums of lots).
const QUANTITY_TOLERANCE = 1e-9;

/**
 * The order aggregate. Its state changes in exactly one place, `apply`, which runs each event
 * through the state machine and refuses illegal transitions without changing anything.
 */
export class Order {
  readonly clientOrderId: string;
  readonly strategyId: string;
  readonly instrumentId: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly quantity: number;
  readonly price: number | undefined;
  readonly triggerPrice: number | undefined;
  readonly timeInForce: TimeInForce;
  readonly expireAt: number | undefined;
  readonly reduceOnly: boolean;
  readonly tag: string | undefined;
  readonly createdAt: number;

  private currentStatus: OrderStatus = OrderStatus.Initialized;
  private statusBeforeCancel: OrderStatus = OrderStatus.Initialized;
  private filled = 0;
  private averagePrice = 0;
  private fees = 0;
  private triggeredFlag = false;
  private venueId: string | undefined;
  private applied = 1;
  // Trade ids of this order's fills, to refuse a re-delivered fill. The events themselves are not
  // kept here: listeners (an event store, the bus) own the history, and a million-bar backtest
  // should not carry every event of every order in memory. Most orders fill once, so the first
  // fill's ids are plain fields and arrays exist only from the second fill on.
  private firstTradeId: string | undefined;
  private firstTradeVenue: string | undefined;
  private tradeIds: string[] | undefined;
  private tradeVenues: string[] | undefined;

  constructor(init: OrderInitialized) {
    this.clientOrderId = init.clientOrderId;
    this.strategyId = init.strategyId;
    this.instrumentId = init.instrumentId;
    this.side = init.side;
    this.type = init.orderType;
    this.quantity = init.quantity;
    this.price = init.price;
    this.triggerPrice = init.triggerPrice;
    this.timeInForce = init.timeInForce;
    this.expireAt = init.expireAt;
    this.reduceOnly = init.reduceOnly;
    this.tag = init.tag;
    this.createdAt = init.ts;
  }

  get status(): OrderStatus {
    return this.currentStatus;
  }
  get filledQuantity(): number {
    return this.filled;
  }
  get leavesQuantity(): number {
    return this.quantity - this.filled;
  }
  get averageFillPrice(): number {
    return this.averagePrice;
  }
  get totalFees(): number {
    return this.fees;
  }
  get triggered(): boolean {
    return this.triggeredFlag;
  }
  get venueOrderId(): string | undefined {
    return this.venueId;
  }
  /** Events applied so far, including the initialization. */
  get eventCount(): number {
    return this.applied;
  }
  get isOpen(): boolean {
    return isOpen(this.currentStatus);
  }
  get isTerminal(): boolean {
    return isTerminal(this.currentStatus);
  }

  /** True if this order already holds the fill with this (venue, trade id). */
  hasFill(venue: string, tradeId: string): boolean {
    if (this.firstTradeId === undefined) return false;
    if (this.firstTradeId === tradeId && this.firstTradeVenue === venue) return true;
    const ids = this.tradeIds;
    if (ids === undefined) return false;
    for (let i = 0; i < ids.length; i++) {
      if (ids[i] === tradeId && this.tradeVenues![i] === venue) return true;
    }
    return false;
  }

  apply(event: OrderEvent): ApplyResult {
    if (event.clientOrderId !== this.clientOrderId) {
      return { ok: false, reason: `event for ${event.clientOrderId} applied to order ${this.clientOrderId}` };
    }
    let completes = false;
    if (event.type === 'order.filled') {
      if (!(event.quantity > 0)) return { ok: false, reason: `fill quantity must be > 0, got ${event.quantity}` };
      if (this.hasFill(event.venue, event.tradeId))
        return { ok: false, reason: `duplicate fill ${event.venue}/${event.tradeId}` };
      const after = this.filled + event.quantity;
      // Overfills happen only through a bug or a venue error; refusing them keeps the
      // position honest and surfaces the problem.
      if (after - this.quantity > this.quantity * QUANTITY_TOLERANCE) {
        return {
          ok: false,
          reason: `fill of ${event.quantity} would overfill ${this.clientOrderId} (${this.filled}/${this.quantity} filled)`,
        };
      }
      completes = this.quantity - after <= this.quantity * QUANTITY_TOLERANCE;
    }
    const trigger = triggerOf(event.type, completes);
    if (trigger === undefined) return { ok: false, reason: `${event.type} cannot be applied to an existing order` };
    const next = nextStatus(this.currentStatus, trigger, this.statusBeforeCancel);
    if (next === undefined) {
      return {
        ok: false,
        reason: `illegal transition ${this.currentStatus} --${trigger}--> (order ${this.clientOrderId})`,
      };
    }

    switch (event.type) {
      case 'order.filled': {
        const after = this.filled + event.quantity;
        this.averagePrice = (this.averagePrice * this.filled + event.price * event.quantity) / after;
        this.filled = completes ? this.quantity : after;
        this.fees += event.fee;
        this.venueId ??= event.venueOrderId;
        if (this.firstTradeId === undefined) {
          this.firstTradeId = event.tradeId;
          this.firstTradeVenue = event.venue;
        } else if (this.tradeIds === undefined) {
          this.tradeIds = [event.tradeId];
          this.tradeVenues = [event.venue];
        } else {
          this.tradeIds.push(event.tradeId);
          this.tradeVenues!.push(event.venue);
        }
        // A cancel that is later rejected must return the order to what it has become meanwhile.
        if (this.currentStatus === OrderStatus.PendingCancel) this.statusBeforeCancel = OrderStatus.PartiallyFilled;
        break;
      }
      case 'order.accepted':
        this.venueId = event.venueOrderId;
        if (this.currentStatus === OrderStatus.PendingCancel) this.statusBeforeCancel = OrderStatus.Accepted;
        break;
      case 'order.triggered':
        this.triggeredFlag = true;
        break;
      case 'order.pending-cancel':
        this.statusBeforeCancel = this.currentStatus;
        break;
      default:
        break;
    }
    this.currentStatus = next;
    this.applied += 1;
    return APPLIED;
  }
}
