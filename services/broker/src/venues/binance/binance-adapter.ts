import { OrderType, TimeInForce } from '@tradeforge/core';
import type {
  Instrument,
  VenueAdapter,
  VenueBalance,
  VenueCancelResult,
  VenueCapabilities,
  VenueFill,
  VenueOrderRef,
  VenueOrderReport,
  VenueQueryResult,
  VenueStreamStatus,
  VenueSubmitResult,
  Tick,
} from '@tradeforge/core';
import { OpenTradeStreams } from '../shared/open-trade-streams.js';
import { CircuitBreaker } from '../shared/circuit-breaker.js';
import type { CircuitBreakerOptions } from '../shared/circuit-breaker.js';
import { WeightedRateLimiter } from '../shared/rate-limiter.js';
import type { LimiterClock, RateLimitBucket, RequestCost } from '../shared/rate-limiter.js';
import { ResilientCaller } from '../shared/resilient-caller.js';
import type { ResilienceOptions } from '../shared/resilient-caller.js';
import { asVenueError } from '../shared/venue-error.js';
import { webSocketUrlOf } from '../shared/trade-stream.js';
import { formatStep } from '../shared/venue-format.js';
import { venueHttp } from '../shared/venue-http.js';
import {
  BINANCE_COSTS,
  BINANCE_DEFAULT_LIMITS,
  BINANCE_MAX_IN_FLIGHT,
  BINANCE_USAGE_HEADERS,
} from './binance-limits.js';
import { binanceError, fillFromTrade, fillsFromNewOrder, reportFromBinance } from './binance-mapping.js';
import type { BinanceOrder, BinanceTrade } from './binance-mapping.js';
import { signedParams } from './binance-signing.js';
import { BINANCE_STREAM_URL, BinanceTradeStream } from './binance-trade-stream.js';

export interface BinanceAdapterOptions {
  /** e.g. `https://api.binance.com`, or a mock venue's URL. */
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly apiSecret: string;
  /**
   * The market-data WebSocket endpoint. @default `wss://stream.binance.com:9443` for
   * `https://api.binance.com`, otherwise the REST URL as `ws(s)://` (a mock serves both on one port)
   */
  readonly streamUrl?: string;
  /** How long a signed request stays valid at the venue (max 60000). @default 5000 */
  readonly recvWindowMs?: number;
  /** @default BINANCE_DEFAULT_LIMITS */
  readonly limits?: readonly RateLimitBucket[];
  /** `maxInFlight` defaults to `BINANCE_MAX_IN_FLIGHT`. */
  readonly resilience?: ResilienceOptions;
  readonly breaker?: CircuitBreakerOptions;
  readonly clock?: LimiterClock;
}

/** Binance's own rule for client order ids. */
const CLIENT_ORDER_ID = /^[a-zA-Z0-9-_]{1,36}$/;

/**
 * Binance spot over its REST API: HMAC-SHA256 signed requests, our client order id as
 * `newClientOrderId` (so every order can be queried and canceled by it), FULL responses for the
 * immediate fills, weight accounting from the `X-MBX-*` headers. A submit is sent once: when it
 * goes unanswered the result is `unknown` and the caller queries by `origClientOrderId`.
 * Public trades stream over the venue's WebSocket (`subscribeTrades`, `BinanceTradeStream`).
 */
export class BinanceAdapter implements VenueAdapter {
  readonly venue = 'binance';
  readonly capabilities: VenueCapabilities;
  readonly limiter: WeightedRateLimiter;
  readonly caller: ResilientCaller;
  private readonly recvWindowMs: number;
  private readonly clock: LimiterClock;
  /** Venue time minus ours, measured at connect. */
  private clockOffsetMs = 0;
  private readonly streams = new OpenTradeStreams<BinanceTradeStream>();

  constructor(private readonly options: BinanceAdapterOptions) {
    this.clock = options.clock ?? { now: () => Date.now() };
    this.recvWindowMs = Math.min(options.recvWindowMs ?? 5_000, 60_000);
    this.limiter = new WeightedRateLimiter(options.limits ?? BINANCE_DEFAULT_LIMITS, this.clock);
    this.caller = new ResilientCaller(this.venue, this.limiter, new CircuitBreaker(options.breaker, this.clock), {
      maxInFlight: BINANCE_MAX_IN_FLIGHT,
      ...options.resilience,
    });
    this.capabilities = {
      venue: this.venue,
      orderTypes: [OrderType.Market, OrderType.Limit],
      timeInForce: [TimeInForce.GTC, TimeInForce.IOC, TimeInForce.FOK],
      clientOrderIds: 'native',
      // A request older than its recvWindow is refused by the venue: after that, "not found" is final.
      staleRequestMs: this.recvWindowMs + 1_000,
      marketDataStream: true,
      precision: { maxDecimals: 8, tick: 'instrument' },
    };
  }

  async connect(): Promise<void> {
    const sentAt = this.clock.now();
    const body = (await this.request('GET', '/api/v3/time', {}, BINANCE_COSTS.time, true, false)) as {
      serverTime: number;
    };
    const receivedAt = this.clock.now();
    this.clockOffsetMs = body.serverTime - Math.round((sentAt + receivedAt) / 2);
    await this.balances(); // proves the key and secret
  }

  async submit({ order, instrument }: VenueOrderRef): Promise<VenueSubmitResult> {
    const unsupported = this.unsupported(order.type, order.timeInForce, order.clientOrderId);
    if (unsupported !== undefined) return { status: 'rejected', reason: unsupported, code: 'unsupported' };
    const params: Record<string, string> = {
      symbol: instrument.symbol,
      side: order.side,
      type: order.type,
      quantity: formatStep(order.quantity, instrument.lotSize),
      newClientOrderId: order.clientOrderId,
      newOrderRespType: 'FULL',
    };
    if (order.type === OrderType.Limit) {
      params['timeInForce'] = order.timeInForce;
      params['price'] = formatStep(order.price!, instrument.tickSize);
    }
    try {
      const body = (await this.request('POST', '/api/v3/order', params, BINANCE_COSTS.newOrder, false)) as BinanceOrder;
      return {
        status: 'accepted',
        report: reportFromBinance(body, order.clientOrderId),
        fills: fillsFromNewOrder(body, order.clientOrderId, instrument, order.side),
      };
    } catch (error) {
      const failure = asVenueError(this.venue, error);
      // Never resend: the first request may have reached the matching engine.
      if (failure.outcomeUnknown) return { status: 'unknown', reason: failure.message };
      return { status: 'rejected', reason: failure.message, code: failure.code };
    }
  }

  async cancel({ order, instrument }: VenueOrderRef): Promise<VenueCancelResult> {
    const params = { symbol: instrument.symbol, origClientOrderId: order.clientOrderId };
    try {
      const body = (await this.request(
        'DELETE',
        '/api/v3/order',
        params,
        BINANCE_COSTS.cancelOrder,
        true,
      )) as BinanceOrder;
      return { status: 'canceled', report: reportFromBinance(body, order.clientOrderId) };
    } catch (error) {
      const failure = asVenueError(this.venue, error);
      if (failure.outcomeUnknown) return { status: 'unknown', reason: failure.message };
      return { status: 'rejected', reason: failure.message, code: failure.code };
    }
  }

  async queryOrder({ order, instrument }: VenueOrderRef): Promise<VenueQueryResult> {
    const params = { symbol: instrument.symbol, origClientOrderId: order.clientOrderId };
    try {
      const body = (await this.request('GET', '/api/v3/order', params, BINANCE_COSTS.queryOrder, true)) as BinanceOrder;
      return { status: 'found', report: reportFromBinance(body, order.clientOrderId) };
    } catch (error) {
      const failure = asVenueError(this.venue, error);
      if (failure.kind === 'not-found') return { status: 'not-found' };
      throw failure;
    }
  }

  async orderFills({ order, instrument }: VenueOrderRef, venueOrderId: string): Promise<readonly VenueFill[]> {
    const params = { symbol: instrument.symbol, orderId: venueOrderId };
    const trades = (await this.request(
      'GET',
      '/api/v3/myTrades',
      params,
      BINANCE_COSTS.myTradesByOrder,
      true,
    )) as BinanceTrade[];
    return trades.map((trade) => fillFromTrade(trade, order.clientOrderId, instrument));
  }

  async openOrders(instruments: readonly Instrument[]): Promise<readonly VenueOrderReport[]> {
    const reports: VenueOrderReport[] = [];
    for (const instrument of instruments) {
      const params = { symbol: instrument.symbol };
      const orders = (await this.request(
        'GET',
        '/api/v3/openOrders',
        params,
        BINANCE_COSTS.openOrdersOneSymbol,
        true,
      )) as BinanceOrder[];
      for (const o of orders) reports.push(reportFromBinance(o, o.clientOrderId ?? ''));
    }
    return reports;
  }

  async balances(): Promise<readonly VenueBalance[]> {
    const body = (await this.request('GET', '/api/v3/account', {}, BINANCE_COSTS.account, true)) as {
      balances: { asset: string; free: string; locked: string }[];
    };
    return body.balances.map((b) => ({ asset: b.asset, free: Number(b.free), locked: Number(b.locked) }));
  }

  /** Public trades over Binance's combined streams (`BinanceTradeStream`); needs no key. */
  async subscribeTrades(
    instruments: readonly Instrument[],
    onTick: (tick: Tick) => void,
    onStatus?: (status: VenueStreamStatus) => void,
  ): Promise<() => Promise<void>> {
    const stream = new BinanceTradeStream({ streamUrl: this.streamUrl, instruments, onTick, onStatus });
    return this.streams.start(stream, () => stream.close());
  }

  /** Where `subscribeTrades` connects. */
  get streamUrl(): string {
    if (this.options.streamUrl !== undefined) return this.options.streamUrl;
    return new URL(this.options.baseUrl).hostname === 'api.binance.com'
      ? BINANCE_STREAM_URL
      : webSocketUrlOf(this.options.baseUrl);
  }

  async close(): Promise<void> {
    // fetch's connection pool closes idle sockets on its own; trade streams are ours to close.
    await this.streams.closeAll();
  }

  private unsupported(type: OrderType, timeInForce: TimeInForce, clientOrderId: string): string | undefined {
    if (!this.capabilities.orderTypes.includes(type)) return `binance adapter does not send ${type} orders`;
    if (type === OrderType.Limit && !this.capabilities.timeInForce.includes(timeInForce)) {
      return `binance spot has no ${timeInForce} time in force`;
    }
    if (!CLIENT_ORDER_ID.test(clientOrderId))
      return `client order id ${clientOrderId} breaks binance's ${CLIENT_ORDER_ID}`;
    return undefined;
  }

  /** One call through the limiter, breaker and timeout; signed unless `signed` is false. */
  private request(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    params: Record<string, string>,
    cost: RequestCost,
    idempotent: boolean,
    signed = true,
  ): Promise<unknown> {
    const label = `${method} ${path}`;
    return this.caller.call({ label, cost, idempotent }, async (signal) => {
      // Signed afresh per attempt: a retry carries a new timestamp.
      const query = signed
        ? signedParams(
            {
              ...params,
              recvWindow: String(this.recvWindowMs),
              timestamp: String(this.clock.now() + this.clockOffsetMs),
            },
            this.options.apiSecret,
          )
        : new URLSearchParams(params).toString();
      const inBody = method === 'POST';
      const response = await venueHttp(this.venue, {
        method,
        url: `${this.options.baseUrl}${path}${!inBody && query !== '' ? `?${query}` : ''}`,
        headers: {
          'X-MBX-APIKEY': this.options.apiKey,
          ...(inBody ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        body: inBody ? query : undefined,
        signal,
      });
      this.observeUsage(response.headers);
      if (response.status < 200 || response.status >= 300) throw binanceError(label, response);
      return response.body;
    });
  }

  private observeUsage(headers: Headers): void {
    for (const [header, bucket] of Object.entries(BINANCE_USAGE_HEADERS)) {
      const value = headers.get(header);
      if (value !== null) this.limiter.observeUsed(bucket, Number(value));
    }
  }
}
