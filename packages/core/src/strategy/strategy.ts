import type { Clock } from '../clock.js';
import type { Instrument } from '../model/instrument.js';
import type { Bar, Tick } from '../model/market-data.js';
import type { Fill, OrderEvent } from '../model/order-events.js';
import type { OrderRequest } from '../model/order-request.js';
import type { OrderView } from '../model/order-view.js';
import type { PositionChange } from '../model/position.js';
import type { CancelOutcome, SubmitOutcome } from '../execution/execution-engine.js';
import type { AccountSnapshot } from '../portfolio/account.js';

/**
 * Everything a strategy may do or read. The same context is backed by the backtest engine, the
 * paper broker and live trading, so a strategy cannot tell them apart.
 */
export interface StrategyContext {
  readonly strategyId: string;
  readonly clock: Clock;
  instrument(instrumentId: string): Instrument;
  /** Creates the order locally (client order id first), runs risk, sends it to the venue. */
  submitOrder(request: OrderRequest): SubmitOutcome;
  cancelOrder(clientOrderId: string): CancelOutcome;
  /** Signed position quantity (0 when flat): the cheap read for per-bar decisions. */
  positionQuantity(instrumentId: string): number;
  /** Working orders of this strategy, optionally for one instrument. */
  openOrders(instrumentId?: string): OrderView[];
  equity(): number;
  cash(): number;
  account(): AccountSnapshot;
}

/**
 * A strategy is a plain object with optional callbacks; write it as a module exporting a factory.
 * Callbacks run synchronously, one event at a time, in event-time order.
 */
export interface Strategy {
  readonly id: string;
  onStart?(ctx: StrategyContext): void;
  onBar?(bar: Bar, ctx: StrategyContext): void;
  onTick?(tick: Tick, ctx: StrategyContext): void;
  /** After the fill has been applied to the order and the position. */
  onFill?(fill: Fill, ctx: StrategyContext, change: PositionChange): void;
  /** Every state change of one of this strategy's orders (including denials). */
  onOrderUpdate?(event: OrderEvent, order: OrderView, ctx: StrategyContext): void;
  onStop?(ctx: StrategyContext): void;
}

/**
 * Strategies shipped as modules describe themselves so a CLI or a service can list and build
 * them by name. `create` gets fully defaulted parameters.
 */
export interface StrategyDefinition<P extends object = Record<string, number | string | boolean>> {
  readonly name: string;
  readonly description: string;
  readonly defaults: P;
  create(params: P & { readonly instrumentId: string }): Strategy;
}
