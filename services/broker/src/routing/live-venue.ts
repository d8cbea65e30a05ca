import type { Bar, Instrument, OrderView, VenueClient, VenueEvent, VenueEventSink } from '@tradeforge/core';
import { AdapterVenueClient } from '../venues/shared/adapter-venue-client.js';
import { venueStatus } from '../venues/shared/venue-readiness.js';
import type { VenueStatus } from '../venues/shared/venue-readiness.js';
import { VenueReconciler } from '../venues/shared/venue-reconciler.js';
import { openVenue } from '../venues/venue-factory.js';
import type { LiveVenueId, OpenedVenue } from '../venues/venue-factory.js';
import { upbitMarket } from '../venues/upbit/upbit-mapping.js';
import type { OrderRecords } from './order-records.js';

export interface LiveVenueOptions {
  readonly id: LiveVenueId;
  /** This venue's instruments. */
  readonly instruments: readonly Instrument[];
  readonly credentialSecrets: readonly string[];
  /** @default the venue's production endpoint */
  readonly baseUrl?: string;
  /** The venue's market-data WebSocket endpoint. @default the adapter's (production, or the sandbox mock's) */
  readonly streamUrl?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** How often positions are reconciled again after start-up. @default 60000 */
  readonly reconcileEveryMs?: number;
  /** How soon a start-up that could not reach the venue or our records is tried again. @default 2000 */
  readonly retryStartMs?: number;
}

/** Orders a restarted venue took over from our records, for the router to send their cancels. */
export type AdoptedOrders = (venue: LiveVenue, orders: readonly OrderView[]) => void;

/**
 * One real venue (Binance, Upbit) as the broker routes to it: the adapter `openVenue` gives (live,
 * or the in-process mock in sandbox mode), driven through `AdapterVenueClient`, and reconciled at
 * start-up and then periodically. Orders may go there only while `status().tradingAllowed`.
 *
 * A live venue outlives the broker: at start-up (`start`) it adopts the orders our records hold
 * open there, applies what the venue did with them while the broker was down (fills once), and
 * takes the portfolio's position as where the fills routed here since then are added. Until that
 * succeeds the venue is blocked (fail closed) and the start-up is retried. A sandbox venue is new
 * with each start: nothing to adopt, every position starts flat.
 */
export class LiveVenue implements VenueClient {
  readonly venue: string;
  readonly client: AdapterVenueClient;
  private readonly reconciler: VenueReconciler;
  private readonly positions = new Map<string, number>();
  private readonly symbols: ReadonlyMap<string, string>;
  private timer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  /** Set once our records were read and our open orders adopted: from then on, passes only reconcile. */
  private adopted = false;
  private records: OrderRecords | undefined;
  private onAdopted: AdoptedOrders | undefined;
  /** Why the last start-up step or pass failed (venue unreachable, bad credentials). */
  private lastError: string | undefined;
  /** Resolves `started`. */
  private markStarted!: () => void;
  /**
   * Resolves once the start-up succeeded (connected, our orders adopted): what the trade feed
   * waits for, so an unreachable venue is not also hammered by stream reconnects.
   */
  readonly started: Promise<void>;

  private constructor(
    readonly opened: OpenedVenue,
    private readonly options: LiveVenueOptions,
  ) {
    this.venue = options.id;
    this.started = new Promise((resolve) => (this.markStarted = resolve));
    this.client = new AdapterVenueClient({
      adapter: opened.adapter,
      instruments: new Map(options.instruments.map((i) => [i.id, i])),
    });
    this.reconciler = new VenueReconciler(this.client, options.instruments, (id) => this.positions.get(id) ?? 0);
    // The mock venue's market symbol for each instrument, to feed it prices in sandbox mode.
    this.symbols = new Map(options.instruments.map((i) => [i.id, options.id === 'upbit' ? upbitMarket(i) : i.symbol]));
  }

  /** This venue's configured instruments. */
  get instruments(): readonly Instrument[] {
    return this.options.instruments;
  }

  /** Opens the venue's adapter (and its sandbox mock); blocked until `start` reconciles it. */
  static async open(options: LiveVenueOptions): Promise<LiveVenue> {
    return new LiveVenue(await openVenue(options), options);
  }

  /**
   * Connects, adopts our open orders from `records` (handing them to `onAdopted` before anything
   * is applied, so their cancels can be routed) and runs the first reconciliation. Never throws
   * for an unreachable venue or records: the venue stays blocked and this is retried.
   */
  async start(records: OrderRecords, onAdopted: AdoptedOrders): Promise<void> {
    this.records = records;
    this.onAdopted = onAdopted;
    await this.reconcile();
    this.timer = setInterval(() => void this.reconcile(), this.options.reconcileEveryMs ?? 60_000);
    this.timer.unref();
  }

  connect(sink: VenueEventSink): void {
    this.client.connect({
      onVenueEvent: (event: VenueEvent) => {
        if (event.type === 'order.filled') {
          const signed = event.side === 'BUY' ? event.quantity : -event.quantity;
          this.positions.set(event.instrumentId, (this.positions.get(event.instrumentId) ?? 0) + signed);
        }
        sink.onVenueEvent(event);
      },
    });
  }

  submitOrder(order: OrderView): void {
    this.client.submitOrder(order);
  }

  cancelOrder(order: OrderView): void {
    this.client.cancelOrder(order);
  }

  queryOrder(order: OrderView): void {
    this.client.queryOrder(order);
  }

  /** Circuit state and reconciliation, for routing, `/ready` and metrics. */
  status(): VenueStatus {
    const status = venueStatus(this.venue, this.opened.adapter.caller, this.reconciler);
    if (this.lastError === undefined || status.tradingAllowed) return status;
    return { ...status, detail: `${status.detail}; last error: ${this.lastError}` };
  }

  /** Sandbox mode: the bar's close is the mock venue's price (live venues have their own market). */
  onBar(bar: Bar): void {
    const symbol = this.symbols.get(bar.instrumentId);
    if (this.opened.sandbox !== undefined && symbol !== undefined) this.opened.sandbox.setPrice(symbol, bar.close);
  }

  /** Reconciles once more (also what the periodic timer runs); adopts first if that has not succeeded yet. */
  async reconcile(): Promise<void> {
    try {
      if (this.adopted) await this.reconciler.run();
      else await this.adopt();
      this.lastError = undefined;
    } catch (error) {
      this.lastError = (error as Error).message;
      this.retrySoon();
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    clearTimeout(this.retryTimer);
    this.client.close();
    await this.client.idle();
    await this.opened.close();
  }

  /** Our open orders here (their venue's open ones included), our positions, then the first pass. */
  private async adopt(): Promise<void> {
    await this.opened.adapter.connect();
    let orders: readonly OrderView[] = [];
    if (this.opened.mode === 'live') {
      const records = this.records!;
      const ids = this.options.instruments.map((i) => i.id);
      const venueOpen = await this.opened.adapter.openOrders(this.options.instruments);
      const [open, positions] = await Promise.all([
        records.openOrders(
          ids,
          venueOpen.map((o) => o.clientOrderId),
        ),
        records.positions(ids),
      ]).catch((error: unknown) => {
        throw new Error(`our order records are unavailable: ${(error as Error).message}`);
      });
      orders = open;
      // The fills applied before the restart; the ones routed from now on add to them.
      this.positions.clear();
      for (const [id, quantity] of positions) this.positions.set(id, quantity);
    }
    this.onAdopted?.(this, orders);
    this.adopted = true;
    this.markStarted();
    await this.reconciler.start(orders);
  }

  private retrySoon(): void {
    if (this.adopted || this.retryTimer !== undefined) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.reconcile();
    }, this.options.retryStartMs ?? 2_000);
    this.retryTimer.unref();
  }
}
