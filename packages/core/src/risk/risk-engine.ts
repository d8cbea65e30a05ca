import type { Clock } from '../clock.js';
import { isMultipleOf } from '../model/instrument.js';
import type { Instrument } from '../model/instrument.js';
import { OrderType, TimeInForce, sideSign } from '../model/order-types.js';
import type { OrderView } from '../model/order-view.js';
import { DenialCode } from './denial-codes.js';
import { APPROVED, deny } from './risk-decision.js';
import type { RiskDecision } from './risk-decision.js';
import type { RiskLimits } from './risk-limits.js';
import type { RiskView } from './risk-view.js';
import { RollingWindowLimiter } from './rate-limiter.js';
import { TradingState } from './trading-state.js';
import type { TradingStateChanged } from './trading-state.js';

const DAY_MS = 86_400_000;

/**
 * Pre-trade checks on every new order and cancel, and the ACTIVE / REDUCING / HALTED switch.
 * Checks run cheapest and most specific first, and the first failure is the denial reason.
 */
export class RiskEngine {
  readonly limits: RiskLimits;
  private readonly clock: Clock;
  private readonly orderRate: RollingWindowLimiter;
  private readonly cancelRate: RollingWindowLimiter;
  private state: TradingState = TradingState.Active;
  private haltedForDailyLoss = false;
  private dayStartEquity = Number.NaN;
  private nextDayStart = Number.NEGATIVE_INFINITY;
  private readonly stateListeners: ((event: TradingStateChanged) => void)[] = [];
  // limits.dailyLossLimit, read on every bar without going through the limits object.
  private readonly dailyLossLimit: number;

  constructor(limits: RiskLimits, clock: Clock) {
    this.limits = limits;
    this.dailyLossLimit = limits.dailyLossLimit;
    this.clock = clock;
    this.orderRate = new RollingWindowLimiter(limits.maxOrdersPerSecond, 1000);
    this.cancelRate = new RollingWindowLimiter(limits.maxCancelsPerSecond, 1000);
  }

  get tradingState(): TradingState {
    return this.state;
  }

  onTradingStateChanged(listener: (event: TradingStateChanged) => void): void {
    this.stateListeners.push(listener);
  }

  /** Operator or config switch; any explicit change also ends an automatic daily-loss halt. */
  setTradingState(state: TradingState, reason: string): void {
    this.haltedForDailyLoss = false;
    if (state === this.state) return;
    this.state = state;
    const event: TradingStateChanged = { type: 'risk.trading-state', version: 1, state, reason, ts: this.clock.now() };
    for (const listener of this.stateListeners) listener(event);
  }

  /**
   * Feeds the current equity: rolls the trading day at UTC midnight and halts trading when the
   * day's loss reaches the limit. Cheap enough to call on every bar.
   */
  observeEquity(ts: number, equity: number): void {
    // Two compares on plain fields per bar; the rare work (a new day, a halt) lives in separate
    // methods so this stays small enough to be inlined into the replay loop.
    if (ts >= this.nextDayStart) this.startDay(ts, equity);
    const loss = this.dayStartEquity - equity;
    if (loss >= this.dailyLossLimit) this.onDailyLossReached(loss);
  }

  private onDailyLossReached(loss: number): void {
    if (this.state !== TradingState.Halted) this.haltForDailyLoss(loss);
  }

  private startDay(ts: number, equity: number): void {
    this.dayStartEquity = equity;
    this.nextDayStart = (Math.floor(ts / DAY_MS) + 1) * DAY_MS;
    // A halt for yesterday's loss ends with the day; a halt set by an operator does not.
    if (this.haltedForDailyLoss) this.setTradingState(TradingState.Active, 'new trading day: daily loss limit reset');
  }

  private haltForDailyLoss(loss: number): void {
    this.setTradingState(
      TradingState.Halted,
      `daily loss ${loss.toFixed(2)} reached limit ${this.limits.dailyLossLimit}`,
    );
    this.haltedForDailyLoss = true;
  }

  /** Loss since the start of the current trading day (positive = loss). */
  dailyLoss(equity: number): number {
    return Number.isNaN(this.dayStartEquity) ? 0 : this.dayStartEquity - equity;
  }

  checkSubmit(order: OrderView, instrument: Instrument | undefined, view: RiskView): RiskDecision {
    if (instrument === undefined) return deny(DenialCode.UnknownInstrument, `unknown instrument ${order.instrumentId}`);
    const shape = checkShape(order, instrument, this.clock.now());
    if (shape !== APPROVED) return shape;

    const last = view.lastPrice(order.instrumentId);
    const referencePrice = referencePriceOf(order, last);
    if (referencePrice === undefined)
      return deny(DenialCode.NoMarketPrice, `no last price for ${order.instrumentId} to value a ${order.type} order`);
    const notional = order.quantity * referencePrice;
    if (notional < instrument.minNotional) {
      return deny(DenialCode.BelowMinNotional, `notional ${notional} is below the minimum ${instrument.minNotional}`);
    }

    const position = view.positionQuantity(order.instrumentId);
    const after = position + sideSign(order.side) * order.quantity;
    const increasesExposure = Math.abs(after) > Math.abs(position);

    if (this.state === TradingState.Halted)
      return deny(DenialCode.TradingHalted, 'trading is HALTED; only cancels pass');
    if (this.state === TradingState.Reducing && increasesExposure) {
      return deny(DenialCode.ReducingOnly, `trading is REDUCING; order would grow position ${position} to ${after}`);
    }
    const equity = view.equity();
    const loss = this.dailyLoss(equity);
    if (increasesExposure && loss >= this.limits.dailyLossLimit) {
      this.haltForDailyLoss(loss);
      return deny(
        DenialCode.DailyLossLimit,
        `daily loss ${loss.toFixed(2)} reached limit ${this.limits.dailyLossLimit}`,
      );
    }
    // Reduce-only: opposite side to a non-flat position and no bigger than it (never flips).
    if (
      order.reduceOnly &&
      (position === 0 || sideSign(order.side) === Math.sign(position) || order.quantity > Math.abs(position))
    ) {
      return deny(
        DenialCode.ReduceOnlyViolation,
        `reduce-only ${order.side} ${order.quantity} would take position ${position} to ${after}`,
      );
    }
    if (last !== undefined && order.type !== OrderType.Market) {
      const bandPrice = order.price ?? order.triggerPrice ?? last;
      const deviation = (Math.abs(bandPrice - last) / last) * 100;
      if (deviation > this.limits.priceBandPercent) {
        return deny(
          DenialCode.PriceBandExceeded,
          `price ${bandPrice} is ${deviation.toFixed(2)}% from last ${last} (band ${this.limits.priceBandPercent}%)`,
        );
      }
    }
    // Size limits guard against growing risk (fat fingers); they never trap a position by
    // blocking the order that shrinks it.
    if (increasesExposure && notional > this.limits.maxOrderNotional) {
      return deny(
        DenialCode.MaxOrderNotionalExceeded,
        `notional ${notional.toFixed(2)} exceeds ${this.limits.maxOrderNotional}`,
      );
    }
    if (increasesExposure && Math.abs(after) * referencePrice > this.limits.maxPositionNotional) {
      return deny(
        DenialCode.MaxPositionExceeded,
        `position notional would be ${(Math.abs(after) * referencePrice).toFixed(2)}, limit ${this.limits.maxPositionNotional}`,
      );
    }
    if (view.openOrderCount() >= this.limits.maxOpenOrders) {
      return deny(
        DenialCode.MaxOpenOrdersExceeded,
        `${view.openOrderCount()} orders working, limit ${this.limits.maxOpenOrders}`,
      );
    }
    if (this.limits.denyDuplicateOrders || increasesExposure) {
      const duplicate = this.limits.denyDuplicateOrders ? findDuplicate(order, view) : undefined;
      if (duplicate !== undefined) {
        return deny(DenialCode.DuplicateOrder, `identical order ${duplicate} is already working`);
      }
      if (increasesExposure) {
        const added = (Math.abs(after) - Math.abs(position)) * referencePrice;
        const reservedNotional = reservedNotionalOf(order, view, last);
        const buyingPower = equity * this.limits.maxLeverage - view.grossExposure() - reservedNotional;
        if (added > buyingPower + 1e-9) {
          return deny(
            DenialCode.InsufficientBuyingPower,
            `order needs ${added.toFixed(2)}, buying power is ${buyingPower.toFixed(2)}`,
          );
        }
      }
    }
    const now = this.clock.now();
    if (!this.orderRate.allows(now)) {
      return deny(DenialCode.OrderRateExceeded, `more than ${this.limits.maxOrdersPerSecond} orders in one second`);
    }
    this.orderRate.record(now);
    return APPROVED;
  }

  /** Cancels pass in every trading state; only the venue-protecting cancel rate applies. */
  checkCancel(order: OrderView | undefined, clientOrderId: string): RiskDecision {
    if (order === undefined) return deny(DenialCode.OrderNotFound, `no order ${clientOrderId}`);
    if (!order.isOpen) return deny(DenialCode.OrderNotCancelable, `order ${clientOrderId} is ${order.status}`);
    const now = this.clock.now();
    if (!this.cancelRate.allows(now)) {
      return deny(DenialCode.CancelRateExceeded, `more than ${this.limits.maxCancelsPerSecond} cancels in one second`);
    }
    this.cancelRate.record(now);
    return APPROVED;
  }
}

/** Structural validity: type-specific fields, quantity on the lot grid, prices on the tick grid. */
function checkShape(order: OrderView, instrument: Instrument, now: number): RiskDecision {
  const needsPrice = order.type === OrderType.Limit || order.type === OrderType.StopLimit;
  const needsTrigger = order.type === OrderType.Stop || order.type === OrderType.StopLimit;
  if (needsPrice && order.price === undefined)
    return deny(DenialCode.InvalidOrder, `${order.type} order needs a price`);
  if (needsTrigger && order.triggerPrice === undefined)
    return deny(DenialCode.InvalidOrder, `${order.type} order needs a trigger price`);
  if (order.timeInForce === TimeInForce.GTD && (order.expireAt === undefined || order.expireAt <= now)) {
    return deny(DenialCode.InvalidOrder, 'GTD order needs an expireAt in the future');
  }
  if (!(order.quantity > 0) || !Number.isFinite(order.quantity))
    return deny(DenialCode.InvalidQuantity, `quantity must be > 0, got ${order.quantity}`);
  if (!isMultipleOf(order.quantity, instrument.lotSize)) {
    return deny(
      DenialCode.InvalidQuantity,
      `quantity ${order.quantity} is not a multiple of lot size ${instrument.lotSize}`,
    );
  }
  if (order.quantity < instrument.minQuantity) {
    return deny(
      DenialCode.InvalidQuantity,
      `quantity ${order.quantity} is below the minimum ${instrument.minQuantity}`,
    );
  }
  return checkPrice(order.price, instrument) ?? checkPrice(order.triggerPrice, instrument) ?? APPROVED;
}

function checkPrice(price: number | undefined, instrument: Instrument): RiskDecision | undefined {
  if (price === undefined) return undefined;
  if (!(price > 0) || !Number.isFinite(price)) return deny(DenialCode.InvalidPrice, `price must be > 0, got ${price}`);
  if (!isMultipleOf(price, instrument.tickSize)) {
    return deny(DenialCode.InvalidPrice, `price ${price} is not a multiple of tick size ${instrument.tickSize}`);
  }
  return undefined;
}

/** The price an order is valued at: its limit, else its trigger, else the last price. */
function referencePriceOf(order: OrderView, last: number | undefined): number | undefined {
  return order.price ?? order.triggerPrice ?? last;
}

// Two small scans over the working orders instead of one returning a result object: they are
// usually empty or one long, and this runs on every order.

/** The client order id of a working order identical to `order`, if any. */
function findDuplicate(order: OrderView, view: RiskView): string | undefined {
  const openOrders = view.openOrders();
  for (let i = 0; i < openOrders.length; i++) {
    const open = openOrders[i]!;
    if (open.clientOrderId === order.clientOrderId) continue;
    if (
      open.instrumentId === order.instrumentId &&
      open.side === order.side &&
      open.type === order.type &&
      open.price === order.price &&
      open.triggerPrice === order.triggerPrice &&
      open.quantity === order.quantity
    ) {
      return open.clientOrderId;
    }
  }
  return undefined;
}

/** Notional the other working orders may still add: conservatively, every one may fill. */
function reservedNotionalOf(order: OrderView, view: RiskView, last: number | undefined): number {
  let reservedNotional = 0;
  const openOrders = view.openOrders();
  for (let i = 0; i < openOrders.length; i++) {
    const open = openOrders[i]!;
    if (open.clientOrderId === order.clientOrderId) continue;
    reservedNotional += open.leavesQuantity * (open.price ?? open.triggerPrice ?? last ?? 0);
  }
  return reservedNotional;
}
