import type { Clock } from '../clock.js';
import type { ExecutionEngine, ExecutionListener } from '../execution/execution-engine.js';
import type { Instrument } from '../model/instrument.js';
import type { Fill, OrderEvent } from '../model/order-events.js';
import type { OrderRequest } from '../model/order-request.js';
import type { OrderView } from '../model/order-view.js';
import type { PositionChange } from '../model/position.js';
import type { Portfolio } from '../portfolio/portfolio.js';
import type { AccountSnapshot } from '../portfolio/account.js';
import type { Strategy, StrategyContext } from './strategy.js';
import type { CancelOutcome, SubmitOutcome } from '../execution/execution-engine.js';

/**
 * Runs one strategy against the kernel: implements its context on top of the execution engine
 * and portfolio, and routes order events and fills of its own orders back to it.
 */
export class StrategyHost implements StrategyContext, ExecutionListener {
  readonly strategyId: string;
  readonly clock: Clock;
  readonly strategy: Strategy;
  private readonly execution: ExecutionEngine;
  private readonly portfolio: Portfolio;
  private readonly instruments: ReadonlyMap<string, Instrument>;

  constructor(
    strategy: Strategy,
    deps: {
      clock: Clock;
      execution: ExecutionEngine;
      portfolio: Portfolio;
      instruments: ReadonlyMap<string, Instrument>;
    },
  ) {
    this.strategy = strategy;
    this.strategyId = strategy.id;
    this.clock = deps.clock;
    this.execution = deps.execution;
    this.portfolio = deps.portfolio;
    this.instruments = deps.instruments;
    deps.execution.addListener(this);
  }

  instrument(instrumentId: string): Instrument {
    const instrument = this.instruments.get(instrumentId);
    if (instrument === undefined)
      throw new Error(`unknown instrument ${instrumentId}; known: ${[...this.instruments.keys()].join(', ')}`);
    return instrument;
  }

  submitOrder(request: OrderRequest): SubmitOutcome {
    return this.execution.submit(request, this.strategyId);
  }

  cancelOrder(clientOrderId: string): CancelOutcome {
    return this.execution.cancel(clientOrderId);
  }

  positionQuantity(instrumentId: string): number {
    return this.portfolio.quantityOf(instrumentId);
  }

  openOrders(instrumentId?: string): OrderView[] {
    const result: OrderView[] = [];
    const working = this.execution.openOrders();
    for (let i = 0; i < working.length; i++) {
      const order = working[i]!;
      if (order.strategyId === this.strategyId && (instrumentId === undefined || order.instrumentId === instrumentId))
        result.push(order);
    }
    return result;
  }

  equity(): number {
    return this.portfolio.equity();
  }

  cash(): number {
    return this.portfolio.cash;
  }

  account(): AccountSnapshot {
    return this.portfolio.snapshot(this.clock.now());
  }

  // ExecutionListener: only this strategy's orders reach it.
  onOrderEvent(event: OrderEvent, order: OrderView): void {
    if (event.strategyId === this.strategyId) this.strategy.onOrderUpdate?.(event, order, this);
  }

  onFill(fill: Fill, change: PositionChange): void {
    if (fill.strategyId === this.strategyId) this.strategy.onFill?.(fill, this, change);
  }
}
