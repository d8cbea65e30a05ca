import type { Clock } from '../clock.js';
import { ClientOrderIdGenerator } from '../model/identifiers.js';
import type { Instrument } from '../model/instrument.js';
import type { Fill, OrderEvent, OrderInitialized } from '../model/order-events.js';
import { Order } from '../model/order.js';
import type { OrderRequest } from '../model/order-request.js';
import { OrderStatus, TimeInForce } from '../model/order-types.js';
import type { OrderView } from '../model/order-view.js';
import type { PositionChange } from '../model/position.js';
import type { Portfolio } from '../portfolio/portfolio.js';
import type { DenialCode } from '../risk/denial-codes.js';
import type { RiskEngine } from '../risk/risk-engine.js';
import type { RiskView } from '../risk/risk-view.js';
import { OrderRegistry } from './order-registry.js';
import type { VenueClient, VenueEvent, VenueEventSink } from './venue-client.js';

export type SubmitOutcome =
  | { readonly status: 'submitted'; readonly clientOrderId: string; readonly order: OrderView }
  | { readonly status: 'denied'; readonly clientOrderId: string; readonly code: DenialCode; readonly reason: string }
  /**
   * The client order id was already used: nothing happened. The first order is returned while
   * the engine still holds it (working or recently closed).
   */
  | { readonly status: 'duplicate'; readonly clientOrderId: string; readonly order: OrderView | undefined };

export type CancelOutcome =
  | { readonly status: 'pending-cancel'; readonly clientOrderId: string }
  | { readonly status: 'denied'; readonly clientOrderId: string; readonly code: DenialCode; readonly reason: string };

/** Notified after an event has changed an order (and, for fills, the portfolio). */
export interface ExecutionListener {
  onOrderEvent(event: OrderEvent, order: OrderView): void;
  onFill(fill: Fill, change: PositionChange): void;
  /** An event that could not be applied; services log it and alert (it may need reconciliation). */
  onAnomaly?(anomaly: ExecutionAnomaly): void;
}

/** Anomalies kept in memory for inspection; listeners see every one. */
const ANOMALY_LOG_SIZE = 1_000;

/** An event that could not be applied: an illegal transition, an unknown order, a duplicate fill. */
export interface ExecutionAnomaly {
  readonly event: OrderEvent;
  readonly reason: string;
}

export interface ExecutionEngineDeps {
  readonly clock: Clock;
  readonly venue: VenueClient;
  readonly risk: RiskEngine;
  readonly portfolio: Portfolio;
  readonly instruments: ReadonlyMap<string, Instrument>;
  /** Distinguishes client order ids across restarts; constant in backtests. */
  readonly sessionTag?: string;
  /**
   * How many closed orders stay findable (for late venue messages and `order(id)`); older ones
   * live only in the event store. @default 256
   */
  readonly recentOrderRetention?: number;
}

/**
 * The kernel's order path, the same in backtest and live: request → Order with a local client
 * order id → risk check → venue; venue events → order state machine → portfolio → listeners.
 */
export class ExecutionEngine implements VenueEventSink, RiskView {
  private readonly clock: Clock;
  private readonly venue: VenueClient;
  private readonly risk: RiskEngine;
  private readonly portfolio: Portfolio;
  private readonly instruments: ReadonlyMap<string, Instrument>;
  private readonly sessionTag: string;
  private readonly registry: OrderRegistry;
  private readonly working: Order[];
  private readonly idGenerators = new Map<string, ClientOrderIdGenerator>();
  private lastGenerator: ClientOrderIdGenerator | undefined;
  private lastGeneratorStrategy = '';
  private readonly listeners: ExecutionListener[] = [];
  private readonly anomalyLog: ExecutionAnomaly[] = [];

  constructor(deps: ExecutionEngineDeps) {
    this.clock = deps.clock;
    this.venue = deps.venue;
    this.risk = deps.risk;
    this.portfolio = deps.portfolio;
    this.instruments = deps.instruments;
    this.sessionTag = deps.sessionTag ?? '0';
    this.registry = new OrderRegistry(deps.recentOrderRetention ?? 256);
    this.working = this.registry.working;
    // Positions exist (flat) for every instrument from the start: they hold the mark price.
    for (const instrument of this.instruments.values()) this.portfolio.position(instrument);
    this.venue.connect(this);
  }

  addListener(listener: ExecutionListener): void {
    this.listeners.push(listener);
  }

  /** The most recent anomalies (up to 1,000). */
  get anomalies(): readonly ExecutionAnomaly[] {
    return this.anomalyLog;
  }

  /** A working or recently closed order. */
  order(clientOrderId: string): OrderView | undefined {
    return this.registry.find(clientOrderId);
  }

  /** Working orders, then recently closed ones. */
  knownOrders(): IterableIterator<OrderView> {
    return this.registry.known();
  }

  /** Records the latest price: marks the position and feeds risk checks (bands, notional). */
  updatePrice(instrumentId: string, price: number): void {
    this.portfolio.mark(instrumentId, price);
  }

  submit(request: OrderRequest, strategyId: string): SubmitOutcome {
    let clientOrderId: string;
    if (request.clientOrderId === undefined) {
      clientOrderId = this.nextClientOrderId(strategyId);
    } else {
      clientOrderId = request.clientOrderId;
      if (this.wasIssued(clientOrderId) || !this.registry.claimSuppliedId(clientOrderId)) {
        return { status: 'duplicate', clientOrderId, order: this.registry.find(clientOrderId) };
      }
    }

    const now = this.clock.now();
    // Every field is always present (optional ones as undefined) so all events share one shape.
    const init: OrderInitialized = {
      type: 'order.initialized',
      version: 1,
      clientOrderId,
      strategyId,
      instrumentId: request.instrumentId,
      ts: now,
      side: request.side,
      orderType: request.type,
      quantity: request.quantity,
      price: request.price,
      triggerPrice: request.triggerPrice,
      timeInForce: request.timeInForce ?? TimeInForce.GTC,
      expireAt: request.expireAt,
      reduceOnly: request.reduceOnly ?? false,
      tag: request.tag,
    };
    const order = new Order(init);
    this.notify(init, order);

    const instrument = this.instruments.get(request.instrumentId);
    const decision = this.risk.checkSubmit(order, instrument, this);
    const instrumentId = request.instrumentId;
    // Registered only after the check, so the order does not count against its own limits.
    this.registry.add(order);
    if (!decision.approved) {
      const { code, reason } = decision;
      this.transition(order, {
        type: 'order.denied',
        version: 1,
        clientOrderId,
        strategyId,
        instrumentId,
        ts: now,
        code,
        reason,
      });
      return { status: 'denied', clientOrderId, code, reason };
    }
    this.transition(order, {
      type: 'order.submitted',
      version: 1,
      clientOrderId,
      strategyId,
      instrumentId,
      ts: now,
      venue: this.venue.venue,
    });
    this.venue.submitOrder(order);
    return { status: 'submitted', clientOrderId, order };
  }

  cancel(clientOrderId: string): CancelOutcome {
    const order = this.registry.find(clientOrderId);
    const decision = this.risk.checkCancel(order, clientOrderId);
    if (!decision.approved || order === undefined) {
      const denial = decision.approved
        ? { code: 'ORDER_NOT_FOUND' as const, reason: `no order ${clientOrderId}` }
        : decision;
      return { status: 'denied', clientOrderId, code: denial.code, reason: denial.reason };
    }
    if (order.status !== OrderStatus.PendingCancel) {
      this.transition(order, {
        type: 'order.pending-cancel',
        version: 1,
        clientOrderId,
        strategyId: order.strategyId,
        instrumentId: order.instrumentId,
        ts: this.clock.now(),
      });
    }
    this.venue.cancelOrder(order);
    return { status: 'pending-cancel', clientOrderId };
  }

  /** Asks the venue about every order in UNKNOWN state (after timeouts or a restart). */
  queryUnknownOrders(): number {
    let count = 0;
    for (const order of this.working) {
      if (order.status === OrderStatus.Unknown) {
        this.venue.queryOrder(order);
        count += 1;
      }
    }
    return count;
  }

  onVenueEvent(event: VenueEvent): void {
    const order = this.registry.find(event.clientOrderId);
    if (order === undefined) {
      this.recordAnomaly({ event, reason: `no order ${event.clientOrderId}` });
      return;
    }
    // The order refuses a fill it already has (same venue and trade id), so a re-delivered fill
    // never advances it; the portfolio dedupes again across orders.
    if (!this.transition(order, event) || event.type !== 'order.filled') return;
    // Orders only reach a venue after the risk engine found their instrument, so it exists.
    const instrument = this.instruments.get(order.instrumentId)!;
    const result = this.portfolio.applyFill(event, instrument);
    if (!result.applied) {
      this.recordAnomaly({
        event,
        reason: `fill ${event.venue}/${event.tradeId} was already applied to another order`,
      });
      return;
    }
    const listeners = this.listeners;
    for (let i = 0; i < listeners.length; i++) listeners[i]!.onFill(event, result.change);
  }

  // RiskView -------------------------------------------------------------------------------

  lastPrice(instrumentId: string): number | undefined {
    const mark = this.portfolio.findPosition(instrumentId)?.markPrice;
    return mark !== undefined && mark > 0 ? mark : undefined;
  }
  positionQuantity(instrumentId: string): number {
    return this.portfolio.quantityOf(instrumentId);
  }
  openOrders(): readonly OrderView[] {
    return this.working;
  }
  openOrderCount(): number {
    return this.working.length;
  }
  equity(): number {
    return this.portfolio.equity();
  }
  grossExposure(): number {
    return this.portfolio.grossExposure();
  }

  // ----------------------------------------------------------------------------------------

  private transition(order: Order, event: OrderEvent): boolean {
    const result = order.apply(event);
    if (!result.ok) {
      this.recordAnomaly({ event, reason: result.reason });
      return false;
    }
    if (order.isTerminal) this.registry.close(order);
    this.notify(event, order);
    return true;
  }

  private recordAnomaly(anomaly: ExecutionAnomaly): void {
    if (this.anomalyLog.length >= ANOMALY_LOG_SIZE) this.anomalyLog.shift();
    this.anomalyLog.push(anomaly);
    for (const listener of this.listeners) listener.onAnomaly?.(anomaly);
  }

  private notify(event: OrderEvent, order: OrderView): void {
    const listeners = this.listeners;
    for (let i = 0; i < listeners.length; i++) listeners[i]!.onOrderEvent(event, order);
  }

  /** True if one of our generators already produced this id (it may be long closed). */
  private wasIssued(clientOrderId: string): boolean {
    for (const generator of this.idGenerators.values()) if (generator.hasIssued(clientOrderId)) return true;
    return false;
  }

  private nextClientOrderId(strategyId: string): string {
    let id = this.generatorFor(strategyId).next();
    // A caller may have supplied an id in our pattern; never reuse it.
    while (this.registry.wasSupplied(id)) id = this.generatorFor(strategyId).next();
    return id;
  }

  private generatorFor(strategyId: string): ClientOrderIdGenerator {
    // Usually the same strategy submits again: skip the map lookup then.
    if (strategyId === this.lastGeneratorStrategy && this.lastGenerator !== undefined) return this.lastGenerator;
    let generator = this.idGenerators.get(strategyId);
    if (generator === undefined) {
      generator = new ClientOrderIdGenerator(strategyId, this.sessionTag);
      this.idGenerators.set(strategyId, generator);
    }
    this.lastGenerator = generator;
    this.lastGeneratorStrategy = strategyId;
    return generator;
  }
}
