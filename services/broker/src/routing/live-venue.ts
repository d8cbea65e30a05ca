import type { Bar, Instrument, OrderView, VenueClient, VenueEvent, VenueEventSink } from '@tradeforge/core';
import { AdapterVenueClient } from '../venues/shared/adapter-venue-client.js';
import { venueStatus } from '../venues/shared/venue-readiness.js';
import type { VenueStatus } from '../venues/shared/venue-readiness.js';
import { VenueReconciler } from '../venues/shared/venue-reconciler.js';
import { openVenue } from '../venues/venue-factory.js';
import type { LiveVenueId, OpenedVenue } from '../venues/venue-factory.js';
import { upbitMarket } from '../venues/upbit/upbit-mapping.js';

export interface LiveVenueOptions {
  readonly id: LiveVenueId;
  /** This venue's instruments. */
  readonly instruments: readonly Instrument[];
  readonly credentialSecrets: readonly string[];
  /** @default the venue's production endpoint */
  readonly baseUrl?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** How often positions are reconciled again after start-up. @default 60000 */
  readonly reconcileEveryMs?: number;
}

/**
 * One real venue (Binance, Upbit) as the broker routes to it: the adapter `openVenue` gives (live,
 * or the in-process mock in sandbox mode), driven through `AdapterVenueClient`, and reconciled at
 * start-up and then periodically. Orders may go there only while `status().tradingAllowed`.
 *
 * Our position per instrument is what the fills routed here since start-up add up to: the broker
 * has no order store, so after a restart a venue holding positions does not reconcile and stays
 * blocked until someone looks (fail closed).
 */
export class LiveVenue implements VenueClient {
  readonly venue: string;
  readonly client: AdapterVenueClient;
  private readonly reconciler: VenueReconciler;
  private readonly positions = new Map<string, number>();
  private readonly symbols: ReadonlyMap<string, string>;
  private timer: NodeJS.Timeout | undefined;
  /** Why the last start-up step or pass failed (venue unreachable, bad credentials). */
  private lastError: string | undefined;

  private constructor(
    readonly opened: OpenedVenue,
    private readonly options: LiveVenueOptions,
  ) {
    this.venue = options.id;
    this.client = new AdapterVenueClient({
      adapter: opened.adapter,
      instruments: new Map(options.instruments.map((i) => [i.id, i])),
    });
    this.reconciler = new VenueReconciler(this.client, options.instruments, (id) => this.positions.get(id) ?? 0);
    // The mock venue's market symbol for each instrument, to feed it prices in sandbox mode.
    this.symbols = new Map(options.instruments.map((i) => [i.id, options.id === 'upbit' ? upbitMarket(i) : i.symbol]));
  }

  /**
   * Opens the venue and runs the first reconciliation. Never throws for an unreachable venue:
   * it opens blocked, and the periodic pass unblocks it once the venue answers and reconciles.
   */
  static async open(options: LiveVenueOptions): Promise<LiveVenue> {
    const opened = await openVenue(options);
    const venue = new LiveVenue(opened, options);
    await venue.start();
    return venue;
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

  /** Reconciles once more (also what the periodic timer runs). */
  async reconcile(): Promise<void> {
    try {
      await this.reconciler.run();
      this.lastError = undefined;
    } catch (error) {
      this.lastError = (error as Error).message;
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.client.close();
    await this.client.idle();
    await this.opened.close();
  }

  private async start(): Promise<void> {
    try {
      await this.opened.adapter.connect();
      // No order store here: nothing to adopt, the pass compares positions and lists foreign orders.
      await this.reconciler.start([]);
    } catch (error) {
      this.lastError = (error as Error).message;
    }
    this.timer = setInterval(() => void this.reconcile(), this.options.reconcileEveryMs ?? 60_000);
    this.timer.unref();
  }
}
