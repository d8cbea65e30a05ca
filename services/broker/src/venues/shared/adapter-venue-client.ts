import { OrderStatus } from '@tradeforge/core';
import type {
  Instrument,
  OrderView,
  VenueAdapter,
  VenueClient,
  VenueEvent,
  VenueEventSink,
  VenueFill,
  VenueOrderRef,
  VenueOrderReport,
} from '@tradeforge/core';
import { sleep } from './backoff.js';

export interface AdapterVenueClientOptions {
  readonly adapter: VenueAdapter;
  /** Instruments by id (only this venue's are routed here). */
  readonly instruments: ReadonlyMap<string, Instrument>;
  /** Pause between queries while an UNKNOWN order is being resolved. @default 250 */
  readonly unknownQueryIntervalMs?: number;
  readonly now?: () => number;
}

/** What we have told the kernel about one order, so nothing is told twice. */
interface TrackedOrder {
  readonly order: OrderView;
  readonly instrument: Instrument;
  venueOrderId: string | undefined;
  accepted: boolean;
  /** Quantity of the fills emitted so far. */
  filled: number;
  readonly tradeIds: Set<string>;
  /**
   * After a restart we do not know which trades were applied, only how much: trades are then
   * skipped until their cumulative quantity passes what the order already had.
   */
  skipUpTo: number;
  closed: boolean;
  unknown: boolean;
  submittedAt: number;
}

/**
 * Core's `VenueClient` on top of a live venue adapter: the kernel fires and forgets, this client
 * turns every adapter answer into order events exactly once.
 *
 * - A submit that goes unanswered (timeout, 5xx, dropped connection) emits `order.unknown` and is
 *   then resolved by querying the venue by client order id — never by sending it again. When the
 *   venue has no such order after the request could no longer be accepted
 *   (`capabilities.staleRequestMs`), the order is rejected as never arrived.
 * - Fills are emitted once per venue trade id; a report that shows more filled than we have
 *   fetches the order's trades, so missing fills are applied once with their real ids.
 * - A cancel the venue refuses or leaves unanswered is followed by a query: the order may have
 *   filled or been canceled meanwhile.
 */
export class AdapterVenueClient implements VenueClient {
  readonly venue: string;
  private sink: VenueEventSink | undefined;
  private readonly tracked = new Map<string, TrackedOrder>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly intervalMs: number;
  private readonly now: () => number;
  private stopped = false;
  /** Unexpected failures (bugs, not venue errors), for logs and tests. */
  readonly errors: unknown[] = [];

  constructor(private readonly options: AdapterVenueClientOptions) {
    this.venue = options.adapter.venue;
    this.intervalMs = options.unknownQueryIntervalMs ?? 250;
    this.now = options.now ?? (() => Date.now());
  }

  get adapter(): VenueAdapter {
    return this.options.adapter;
  }

  connect(sink: VenueEventSink): void {
    this.sink = sink;
  }

  submitOrder(order: OrderView): void {
    const tracked = this.track(order, 0);
    if (tracked !== undefined) this.run(() => this.submit(tracked));
  }

  cancelOrder(order: OrderView): void {
    const tracked = this.tracked.get(order.clientOrderId) ?? this.track(order, order.filledQuantity);
    if (tracked !== undefined && !tracked.closed) this.run(() => this.cancel(tracked));
  }

  queryOrder(order: OrderView): void {
    const tracked = this.tracked.get(order.clientOrderId) ?? this.track(order, order.filledQuantity);
    if (tracked !== undefined && !tracked.closed) this.run(() => this.resolve(tracked));
  }

  /**
   * Takes over orders we sent before a restart (from the order store), without sending anything:
   * `refresh` then brings each to the venue's state, applying missing fills once.
   */
  adopt(orders: readonly OrderView[]): void {
    for (const order of orders) {
      const tracked = this.track(order, order.filledQuantity);
      if (tracked === undefined) continue;
      tracked.venueOrderId = order.venueOrderId;
      tracked.accepted = order.venueOrderId !== undefined;
      tracked.submittedAt = order.createdAt;
    }
  }

  /** Queries every open order once (periodic reconciliation and after a restart). */
  async refresh(): Promise<void> {
    const open = [...this.tracked.values()].filter((t) => !t.closed && !t.unknown);
    await Promise.all(open.map((t) => this.resolve(t)));
  }

  /** Orders we hold that are not closed yet. */
  openClientOrderIds(): string[] {
    return [...this.tracked.values()].filter((t) => !t.closed).map((t) => t.order.clientOrderId);
  }

  /** Resolves when every call started so far has settled (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** Stops resolving loops; the adapter is closed by its owner. */
  close(): void {
    this.stopped = true;
  }

  // ----------------------------------------------------------------------------------------

  private track(order: OrderView, alreadyFilled: number): TrackedOrder | undefined {
    const existing = this.tracked.get(order.clientOrderId);
    if (existing !== undefined) return existing;
    const instrument = this.options.instruments.get(order.instrumentId);
    if (instrument === undefined) {
      this.emit(order, { type: 'order.rejected', reason: `no instrument ${order.instrumentId} on ${this.venue}` });
      return undefined;
    }
    const tracked: TrackedOrder = {
      order,
      instrument,
      venueOrderId: undefined,
      accepted: false,
      filled: alreadyFilled,
      tradeIds: new Set(),
      skipUpTo: alreadyFilled,
      closed: false,
      unknown: false,
      submittedAt: this.now(),
    };
    this.tracked.set(order.clientOrderId, tracked);
    return tracked;
  }

  private run(work: () => Promise<void>): void {
    const promise = work()
      .catch((error: unknown) => {
        this.errors.push(error);
      })
      .finally(() => this.inFlight.delete(promise));
    this.inFlight.add(promise);
  }

  private ref(t: TrackedOrder): VenueOrderRef {
    return { order: t.order, instrument: t.instrument };
  }

  private async submit(t: TrackedOrder): Promise<void> {
    const result = await this.adapter.submit(this.ref(t));
    if (result.status === 'rejected') {
      this.finish(t, { type: 'order.rejected', reason: result.reason });
      return;
    }
    if (result.status === 'unknown') {
      // The request left at some point before now: measuring the venue's validity window from
      // here can only wait longer than needed, never too little.
      t.submittedAt = this.now();
      await this.resolve(t, result.reason);
      return;
    }
    await this.apply(t, result.report, result.fills);
  }

  private async cancel(t: TrackedOrder): Promise<void> {
    const result = await this.adapter.cancel(this.ref(t));
    if (result.status === 'canceled' && result.report !== undefined) {
      await this.apply(t, result.report, []);
      return;
    }
    if (result.status === 'canceled') {
      this.finish(t, { type: 'order.canceled', reason: 'canceled at the venue' });
      return;
    }
    // Refused or unanswered: the venue's view of the order decides (it may have filled meanwhile).
    await this.resolve(t);
    if (!t.closed) this.emit(t.order, { type: 'order.cancel-rejected', reason: result.reason });
  }

  /** Queries until the venue answers; `unknownReason` set means the submit went unanswered. */
  private async resolve(t: TrackedOrder, unknownReason?: string): Promise<void> {
    if (unknownReason !== undefined && !t.unknown) {
      t.unknown = true;
      this.emit(t.order, { type: 'order.unknown', reason: unknownReason });
    }
    while (!this.stopped && !t.closed) {
      let found: VenueOrderReport | undefined;
      try {
        const result = await this.adapter.queryOrder(this.ref(t));
        if (result.status === 'found') found = result.report;
        else if (!t.accepted && this.now() - t.submittedAt > this.adapter.capabilities.staleRequestMs) {
          // The venue can no longer accept that request: it never arrived.
          this.finish(t, {
            type: 'order.rejected',
            reason: 'the venue never received the order (not found after its validity window)',
          });
          return;
        } else if (t.accepted) {
          // We saw it accepted but the venue no longer knows it: an operator must look.
          this.errors.push(new Error(`${this.venue}: accepted order ${t.order.clientOrderId} is unknown to the venue`));
          return;
        }
      } catch {
        // The adapter already retried; keep asking, the breaker keeps this cheap while the venue is down.
      }
      if (found !== undefined) {
        t.unknown = false;
        await this.apply(t, found, []);
        return;
      }
      if (unknownReason === undefined && !t.unknown) return;
      await sleep(this.intervalMs);
    }
  }

  /** Brings our order to the venue's report: accept, missing fills (real trade ids), terminal state. */
  private async apply(t: TrackedOrder, report: VenueOrderReport, fills: readonly VenueFill[]): Promise<void> {
    if (t.closed) return;
    if (report.status === OrderStatus.Rejected) {
      this.finish(t, { type: 'order.rejected', reason: report.reason ?? 'rejected by the venue' });
      return;
    }
    t.venueOrderId = report.venueOrderId;
    if (!t.accepted) {
      t.accepted = true;
      this.emit(t.order, { type: 'order.accepted', venueOrderId: report.venueOrderId });
    }
    this.emitFills(t, fills);
    if (report.filledQuantity > t.filled + epsilon(t)) {
      this.emitFills(t, await this.adapter.orderFills(this.ref(t), report.venueOrderId));
    }
    if (t.closed) return;
    if (report.status === OrderStatus.Canceled)
      this.finish(t, { type: 'order.canceled', reason: report.reason ?? 'canceled at the venue' });
    else if (report.status === OrderStatus.Expired) this.finish(t, { type: 'order.expired' });
    else if (report.status === OrderStatus.Filled && t.filled + epsilon(t) < t.order.quantity) {
      // Filled at the venue but its trades did not all arrive: the next refresh fetches them.
      this.errors.push(new Error(`${this.venue}: ${t.order.clientOrderId} filled at the venue, trades incomplete`));
    }
  }

  private emitFills(t: TrackedOrder, fills: readonly VenueFill[]): void {
    let cumulative = 0;
    for (const fill of fills) {
      cumulative += fill.quantity;
      if (t.tradeIds.has(fill.tradeId) || t.closed) continue;
      t.tradeIds.add(fill.tradeId);
      // After a restart: trades up to what the order already had were applied before.
      if (cumulative <= t.skipUpTo + epsilon(t)) continue;
      t.filled += fill.quantity;
      this.emit(t.order, {
        type: 'order.filled',
        venue: this.venue,
        tradeId: fill.tradeId,
        venueOrderId: fill.venueOrderId,
        side: fill.side,
        quantity: fill.quantity,
        price: fill.price,
        fee: fill.fee,
        liquidity: fill.liquidity,
      });
      if (t.filled + epsilon(t) >= t.order.quantity) t.closed = true;
    }
  }

  private finish(t: TrackedOrder, event: EventBody): void {
    if (t.closed) return;
    t.closed = true;
    this.emit(t.order, event);
  }

  private emit(order: OrderView, event: EventBody): void {
    this.sink?.onVenueEvent({
      ...event,
      version: 1,
      clientOrderId: order.clientOrderId,
      strategyId: order.strategyId,
      instrumentId: order.instrumentId,
      ts: this.now(),
    } as VenueEvent);
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A venue event without what the client fills in from the order. */
type EventBody = DistributiveOmit<VenueEvent, 'version' | 'clientOrderId' | 'strategyId' | 'instrumentId' | 'ts'>;

function epsilon(t: TrackedOrder): number {
  return t.order.quantity * 1e-9;
}
