import { OrderStatus } from '@tradeforge/core';
import type { Instrument, VenueFill, VenueOrderReport } from '@tradeforge/core';
import { baseAsset } from '../shared/venue-reconciler.js';
import { VenueError } from '../shared/venue-error.js';
import type { VenueHttpResponse } from '../shared/venue-http.js';
import { retryAfterMs } from '../shared/venue-http.js';

/** An order as Upbit returns it: numbers are strings, times ISO 8601 with the KST offset. */
export interface UpbitOrder {
  readonly uuid: string;
  readonly identifier?: string;
  readonly side: 'bid' | 'ask';
  readonly ord_type: string;
  readonly state: 'wait' | 'watch' | 'done' | 'cancel';
  readonly market: string;
  readonly created_at: string;
  readonly volume: string | null;
  readonly executed_volume: string;
  readonly paid_fee: string;
  readonly trades_count: number;
  readonly trades?: readonly UpbitTrade[];
}

export interface UpbitTrade {
  readonly uuid: string;
  readonly price: string;
  readonly volume: string;
  readonly funds: string;
  readonly side: 'bid' | 'ask';
  readonly created_at: string;
  /** `bid`/`ask`: who took liquidity; absent in older answers. */
  readonly trend?: string;
}

/** `BTCKRW` quoted in KRW → `KRW-BTC`. */
export function upbitMarket(instrument: Instrument): string {
  return `${instrument.quoteCurrency}-${baseAsset(instrument)}`;
}

export function reportFromUpbit(order: UpbitOrder, clientOrderId: string): VenueOrderReport {
  const filled = Number(order.executed_volume);
  const trades = order.trades ?? [];
  const funds = trades.reduce((sum, t) => sum + Number(t.funds), 0);
  const traded = trades.reduce((sum, t) => sum + Number(t.volume), 0);
  return {
    clientOrderId,
    venueOrderId: order.uuid,
    status: statusOf(order, filled),
    filledQuantity: filled,
    averagePrice: traded > 0 ? funds / traded : undefined,
    ts: Date.parse(order.created_at),
  };
}

function statusOf(order: UpbitOrder, filled: number): OrderStatus {
  switch (order.state) {
    case 'done':
      return OrderStatus.Filled;
    case 'cancel':
      return OrderStatus.Canceled;
    default:
      return filled > 0 ? OrderStatus.PartiallyFilled : OrderStatus.Accepted;
  }
}

/** The order's trades as fills; Upbit reports the fee per order, so each trade carries its share. */
export function fillsFromUpbit(order: UpbitOrder, clientOrderId: string): VenueFill[] {
  const executed = Number(order.executed_volume);
  const paidFee = Number(order.paid_fee);
  return (order.trades ?? []).map((trade) => {
    const volume = Number(trade.volume);
    return {
      tradeId: trade.uuid,
      venueOrderId: order.uuid,
      clientOrderId,
      side: trade.side === 'bid' ? 'BUY' : 'SELL',
      quantity: volume,
      price: Number(trade.price),
      fee: executed > 0 ? (paidFee * volume) / executed : 0,
      liquidity: trade.trend === undefined || trade.trend === trade.side ? 'TAKER' : 'MAKER',
      ts: Date.parse(trade.created_at),
    };
  });
}

/**
 * A non-2xx answer as a VenueError. Upbit answers `{"error": {"name", "message"}}`: 401 for
 * token problems (`jwt_verification`, `invalid_query_payload`, `nonce_used`, ...), 404
 * `order_not_found`, 400 for refused orders (`insufficient_funds_bid`, `under_min_total_bid`,
 * `validation_error`, ...), 429 too many requests, 418 blocked, 5xx unknown outcome.
 */
export function upbitError(label: string, response: VenueHttpResponse): VenueError {
  const { status, headers } = response;
  const error = ((response.body ?? {}) as { error?: { name?: string; message?: string } }).error ?? {};
  const code = error.name ?? String(status);
  const message = `${label}: HTTP ${status} ${error.name ?? ''} ${error.message ?? ''}`.trim();
  const venue = 'upbit';
  if (status === 429) return new VenueError(venue, 'rate-limited', message, code, status, retryAfterMs(headers));
  if (status === 418) return new VenueError(venue, 'banned', message, code, status, retryAfterMs(headers));
  if (status >= 500) return new VenueError(venue, 'server', message, code, status);
  if (status === 401) return new VenueError(venue, 'auth', message, code, status);
  if (status === 404 || code === 'order_not_found') return new VenueError(venue, 'not-found', message, code, status);
  return new VenueError(venue, 'rejected', message, code, status);
}
