import { reconcilePositions } from '@tradeforge/core';
import type {
  Instrument,
  OrderView,
  PositionReconciliation,
  VenueBalance,
  VenueOrderReport,
  VenuePositionReport,
  VenueReconciliationReport,
} from '@tradeforge/core';
import type { AdapterVenueClient } from './adapter-venue-client.js';

/** The outcome of one reconciliation pass on one venue. */
export interface VenueReconciliation {
  readonly report: VenueReconciliationReport;
  readonly positions: PositionReconciliation;
  /** Orders open at the venue that we do not know (sent by someone else, or lost by us). */
  readonly foreignOrders: readonly VenueOrderReport[];
  /** Trading on this venue may proceed only when true (fail closed). */
  readonly tradingAllowed: boolean;
}

/** Spot positions: each instrument's base-asset balance (free + locked). */
export function spotPositions(
  instruments: readonly Instrument[],
  balances: readonly VenueBalance[],
): VenuePositionReport[] {
  const byAsset = new Map(balances.map((b) => [b.asset, b.free + b.locked]));
  return instruments.map((instrument) => ({
    instrumentId: instrument.id,
    quantity: byAsset.get(baseAsset(instrument)) ?? 0,
  }));
}

/** `BTCUSDT` quoted in `USDT` → `BTC`. */
export function baseAsset(instrument: Instrument): string {
  const { symbol, quoteCurrency } = instrument;
  return symbol.endsWith(quoteCurrency) ? symbol.slice(0, -quoteCurrency.length) : symbol;
}

/**
 * Compares a venue with our books, at start-up and then periodically:
 * 1. our open orders (adopted from the order store after a restart) are queried, and what the
 *    venue did meanwhile — fills, cancels — is applied once through the venue client;
 * 2. orders open at the venue that we do not know are reported;
 * 3. positions are compared with core's `reconcilePositions` (fails closed: a missing report is
 *    not "flat").
 * `tradingAllowed` is true only when positions reconcile and no foreign order is open; the
 * broker keeps the venue blocked until then.
 */
export class VenueReconciler {
  private lastResult: VenueReconciliation | undefined;
  /** The most recent pass failed (venue unreachable): blocked until one succeeds. */
  private lastPassFailed = false;

  constructor(
    private readonly client: AdapterVenueClient,
    private readonly instruments: readonly Instrument[],
    /** Our signed position per instrument, after every event applied so far. */
    private readonly localPosition: (instrumentId: string) => number,
  ) {}

  /** Trading is blocked until the first pass reconciles, and whenever a later one does not. */
  get tradingAllowed(): boolean {
    return !this.lastPassFailed && (this.lastResult?.tradingAllowed ?? false);
  }

  get last(): VenueReconciliation | undefined {
    return this.lastResult;
  }

  /** After a restart: takes over our open orders without sending anything, then reconciles. */
  async start(openOrders: readonly OrderView[]): Promise<VenueReconciliation> {
    this.client.adopt(openOrders);
    return this.run();
  }

  /** One pass; if the venue cannot be asked, trading stays blocked and the error is thrown. */
  async run(): Promise<VenueReconciliation> {
    this.lastPassFailed = true;
    const result = await this.pass();
    this.lastPassFailed = false;
    return result;
  }

  private async pass(): Promise<VenueReconciliation> {
    const adapter = this.client.adapter;
    await this.client.refresh();
    await this.client.idle();
    const [openOrders, balances] = await Promise.all([adapter.openOrders(this.instruments), adapter.balances()]);
    const ours = new Set(this.client.openClientOrderIds());
    const foreignOrders = openOrders.filter((o) => !ours.has(o.clientOrderId));
    const positionReports = spotPositions(this.instruments, balances);
    const positions = reconcilePositions(this.instruments, this.localPosition, positionReports);
    const report: VenueReconciliationReport = {
      venue: adapter.venue,
      ts: Date.now(),
      openOrders,
      positions: positionReports,
      balances,
    };
    this.lastResult = {
      report,
      positions,
      foreignOrders,
      tradingAllowed: positions.status === 'reconciled' && foreignOrders.length === 0,
    };
    return this.lastResult;
  }
}
