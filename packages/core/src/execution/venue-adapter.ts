import type { Instrument } from '../model/instrument.js';
import type { Tick } from '../model/market-data.js';
import type { Liquidity } from '../model/order-events.js';
import type { OrderSide, OrderType, TimeInForce } from '../model/order-types.js';
import type { OrderView } from '../model/order-view.js';
import type { VenueOrderReport, VenuePositionReport } from './reconciliation.js';

/**
 * How a live venue's API behaves, so the broker can refuse what a venue cannot do before sending
 * it and choose the right recovery when a call goes unanswered.
 */
export interface VenueCapabilities {
  readonly venue: string;
  readonly orderTypes: readonly OrderType[];
  readonly timeInForce: readonly TimeInForce[];
  /**
   * `native`: the venue stores our client order id and can be queried and canceled by it (Binance
   * `newClientOrderId`, Upbit `identifier`). `local-map`: the venue knows only its own order
   * number, so the adapter keeps the map and buffers cancels until the number is known (KIS).
   */
  readonly clientOrderIds: 'native' | 'local-map';
  /**
   * After a submit went unanswered, how long the venue could still accept that request (Binance:
   * the request's `recvWindow`). Once it has passed, "no such order" is final: it never arrived.
   */
  readonly staleRequestMs: number;
  /** Whether the venue streams trades (last prices) the adapter can subscribe to (`subscribeTrades`). */
  readonly marketDataStream: boolean;
  /** Precision rules beyond the instrument's tick and lot sizes. */
  readonly precision: VenuePrecision;
}

export interface VenuePrecision {
  /** Most decimals the venue accepts in a price or quantity string. */
  readonly maxDecimals: number;
  /**
   * `instrument`: prices are multiples of the instrument's `tickSize`. `price-bands`: the tick
   * depends on the price level (Upbit KRW markets); the instrument's tick is the finest one.
   */
  readonly tick: 'instrument' | 'price-bands';
}

/** One execution as the venue reports it. `(venue, tradeId)` identifies it exactly once. */
export interface VenueFill {
  readonly tradeId: string;
  readonly venueOrderId: string;
  /** Our client order id, when the venue reports it with the trade. */
  readonly clientOrderId: string | undefined;
  readonly side: OrderSide;
  readonly quantity: number;
  readonly price: number;
  /** Fee in the instrument's quote currency (converted by the adapter when the venue charges another asset). */
  readonly fee: number;
  readonly liquidity: Liquidity;
  readonly ts: number;
}

/** One asset balance at the venue. */
export interface VenueBalance {
  readonly asset: string;
  readonly free: number;
  readonly locked: number;
}

/** The venue's answer to a submit. */
export type VenueSubmitResult =
  /** The venue holds the order; `fills` are the ones it reported with the acknowledgement. */
  | { readonly status: 'accepted'; readonly report: VenueOrderReport; readonly fills: readonly VenueFill[] }
  /** The venue refused the order: it will never trade. */
  | { readonly status: 'rejected'; readonly reason: string; readonly code: string }
  /**
   * No answer (timeout, 5xx, connection dropped after sending): the venue may or may not hold the
   * order. Resolve it by querying, never by resending.
   */
  | { readonly status: 'unknown'; readonly reason: string };

export type VenueCancelResult =
  | { readonly status: 'canceled'; readonly report: VenueOrderReport | undefined }
  | { readonly status: 'rejected'; readonly reason: string; readonly code: string }
  | { readonly status: 'unknown'; readonly reason: string };

/** The venue's answer to "what happened to this order?". */
export type VenueQueryResult =
  | { readonly status: 'found'; readonly report: VenueOrderReport }
  /** The venue has no such order (it never arrived, or it is older than the venue keeps). */
  | { readonly status: 'not-found' };

/** Our order as the adapter needs it: the order and the instrument's venue symbol and rules. */
export interface VenueOrderRef {
  readonly order: OrderView;
  readonly instrument: Instrument;
}

/** What one reconciliation pass gathered from a venue. */
export interface VenueReconciliationReport {
  readonly venue: string;
  readonly ts: number;
  /** Orders open at the venue (ours and any the venue holds that we do not know). */
  readonly openOrders: readonly VenueOrderReport[];
  /** Positions per configured instrument (spot venues: the base asset's balance). */
  readonly positions: readonly VenuePositionReport[];
  readonly balances: readonly VenueBalance[];
}

/**
 * A live venue's API, one request per call: what the broker's venue clients, reconciliation and
 * mock-venue tests talk to. Unlike `VenueClient` (fire and forget, answers as events) every call
 * returns the venue's answer, so the broker can decide what to do when there is none.
 *
 * Adapters never retry a submit; idempotent calls (query, open orders, fills, balances, cancel by
 * client id) may be retried by the adapter's resilience layer.
 */
export interface VenueAdapter {
  readonly venue: string;
  readonly capabilities: VenueCapabilities;
  /** Checks connectivity and credentials and syncs the clock offset; throws when unusable. */
  connect(): Promise<void>;
  submit(ref: VenueOrderRef): Promise<VenueSubmitResult>;
  cancel(ref: VenueOrderRef): Promise<VenueCancelResult>;
  /** The order's state at the venue, looked up by our client order id. */
  queryOrder(ref: VenueOrderRef): Promise<VenueQueryResult>;
  /** Every execution of one order, oldest first. */
  orderFills(ref: VenueOrderRef, venueOrderId: string): Promise<readonly VenueFill[]>;
  /** Orders open at the venue on these instruments. */
  openOrders(instruments: readonly Instrument[]): Promise<readonly VenueOrderReport[]>;
  balances(): Promise<readonly VenueBalance[]>;
  /**
   * Streams the venue's public trades on these instruments as ticks (`instrumentId` is ours),
   * where `capabilities.marketDataStream`. Reconnects by itself after a drop (and says so through
   * `onStatus`); the returned function unsubscribes and closes the stream.
   */
  subscribeTrades?(
    instruments: readonly Instrument[],
    onTick: (tick: Tick) => void,
    onStatus?: (status: VenueStreamStatus) => void,
  ): Promise<() => Promise<void>>;
  /** Releases connections and timers. */
  close(): Promise<void>;
}

/** A market-data stream's state changes, for logs, /ready and metrics. */
export type VenueStreamStatus =
  | { readonly state: 'open' }
  | { readonly state: 'reconnecting'; readonly reason: string; readonly attempt: number }
  | { readonly state: 'closed' };
