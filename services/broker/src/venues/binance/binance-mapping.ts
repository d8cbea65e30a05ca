import { OrderStatus } from '@tradeforge/core';
import type { Instrument, VenueFill, VenueOrderReport } from '@tradeforge/core';
import { VenueError } from '../shared/venue-error.js';
import type { VenueHttpResponse } from '../shared/venue-http.js';
import { retryAfterMs } from '../shared/venue-http.js';

/** An order as Binance returns it (new order FULL, query, cancel): numbers come as strings. */
export interface BinanceOrder {
  readonly orderId: number;
  readonly clientOrderId?: string;
  readonly origClientOrderId?: string;
  readonly status: string;
  readonly executedQty: string;
  readonly cummulativeQuoteQty: string;
  readonly transactTime?: number;
  readonly updateTime?: number;
  readonly time?: number;
  readonly fills?: readonly {
    price: string;
    qty: string;
    commission: string;
    commissionAsset: string;
    tradeId: number;
  }[];
}

export interface BinanceTrade {
  readonly id: number;
  readonly orderId: number;
  readonly price: string;
  readonly qty: string;
  readonly commission: string;
  readonly commissionAsset: string;
  readonly time: number;
  readonly isBuyer: boolean;
  readonly isMaker: boolean;
}

const STATUS: Readonly<Record<string, OrderStatus>> = {
  NEW: OrderStatus.Accepted,
  PENDING_NEW: OrderStatus.Accepted,
  PARTIALLY_FILLED: OrderStatus.PartiallyFilled,
  FILLED: OrderStatus.Filled,
  CANCELED: OrderStatus.Canceled,
  PENDING_CANCEL: OrderStatus.Accepted,
  REJECTED: OrderStatus.Rejected,
  EXPIRED: OrderStatus.Expired,
  EXPIRED_IN_MATCH: OrderStatus.Expired,
};

export function reportFromBinance(order: BinanceOrder, clientOrderId: string): VenueOrderReport {
  const filled = Number(order.executedQty);
  const quote = Number(order.cummulativeQuoteQty);
  return {
    clientOrderId,
    venueOrderId: String(order.orderId),
    status: STATUS[order.status] ?? OrderStatus.Accepted,
    filledQuantity: filled,
    averagePrice: filled > 0 ? quote / filled : undefined,
    ts: order.updateTime ?? order.transactTime ?? order.time ?? Date.now(),
    reason: order.status === 'EXPIRED' ? 'expired at the venue (IOC/FOK/market remainder)' : undefined,
  };
}

/** Fees charged in the base asset are converted at the fill price; other assets (BNB) are not known here. */
function feeInQuote(commission: number, asset: string, price: number, instrument: Instrument): number {
  if (asset === instrument.quoteCurrency) return commission;
  if (instrument.symbol === asset + instrument.quoteCurrency) return commission * price;
  return 0;
}

/** Fills from a FULL new-order response: immediate executions, so they took liquidity. */
export function fillsFromNewOrder(
  order: BinanceOrder,
  clientOrderId: string,
  instrument: Instrument,
  side: 'BUY' | 'SELL',
): VenueFill[] {
  const ts = order.transactTime ?? Date.now();
  return (order.fills ?? []).map((f) => ({
    tradeId: String(f.tradeId),
    venueOrderId: String(order.orderId),
    clientOrderId,
    side,
    quantity: Number(f.qty),
    price: Number(f.price),
    fee: feeInQuote(Number(f.commission), f.commissionAsset, Number(f.price), instrument),
    liquidity: 'TAKER',
    ts,
  }));
}

export function fillFromTrade(
  trade: BinanceTrade,
  clientOrderId: string | undefined,
  instrument: Instrument,
): VenueFill {
  const price = Number(trade.price);
  return {
    tradeId: String(trade.id),
    venueOrderId: String(trade.orderId),
    clientOrderId,
    side: trade.isBuyer ? 'BUY' : 'SELL',
    quantity: Number(trade.qty),
    price,
    fee: feeInQuote(Number(trade.commission), trade.commissionAsset, price, instrument),
    liquidity: trade.isMaker ? 'MAKER' : 'TAKER',
    ts: trade.time,
  };
}

/**
 * A non-2xx answer as a VenueError. Binance's error codes: -1021 timestamp outside recvWindow,
 * -1022 bad signature, -2014/-2015 API key, -2013 no such order, -2011 cancel of an unknown
 * order, -2010 order rejected (balance, duplicate), -1013 filter failure; 429 rate limit, 418
 * IP ban, 5xx unknown outcome.
 */
export function binanceError(label: string, response: VenueHttpResponse): VenueError {
  const { status, headers } = response;
  const body = (response.body ?? {}) as { code?: number; msg?: string };
  const code = body.code !== undefined ? String(body.code) : String(status);
  const message = `${label}: HTTP ${status} ${body.code ?? ''} ${body.msg ?? ''}`.trim();
  const venue = 'binance';
  if (status === 429) return new VenueError(venue, 'rate-limited', message, code, status, retryAfterMs(headers));
  if (status === 418) return new VenueError(venue, 'banned', message, code, status, retryAfterMs(headers));
  if (status >= 500) return new VenueError(venue, 'server', message, code, status);
  if (status === 401 || code === '-2014' || code === '-2015' || code === '-1022') {
    return new VenueError(venue, 'auth', message, code, status);
  }
  if (code === '-1021') return new VenueError(venue, 'clock-skew', message, code, status);
  if (code === '-2013' || (code === '-2011' && /unknown order/i.test(body.msg ?? ''))) {
    return new VenueError(venue, 'not-found', message, code, status);
  }
  return new VenueError(venue, 'rejected', message, code, status);
}
