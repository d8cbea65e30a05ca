import { OrderSide, OrderType, TimeInForce } from '@tradeforge/core';
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
import type { TradeStream } from '../shared/trade-stream.js';
import { CircuitBreaker } from '../shared/circuit-breaker.js';
import type { CircuitBreakerOptions } from '../shared/circuit-breaker.js';
import { WeightedRateLimiter } from '../shared/rate-limiter.js';
import type { RateLimitBucket, RequestCost } from '../shared/rate-limiter.js';
import { ResilientCaller } from '../shared/resilient-caller.js';
import type { ResilienceOptions } from '../shared/resilient-caller.js';
import { asVenueError } from '../shared/venue-error.js';
import { webSocketUrlOf } from '../shared/trade-stream.js';
import { formatStep } from '../shared/venue-format.js';
import { venueHttp } from '../shared/venue-http.js';
import { UPBIT_COSTS, UPBIT_DEFAULT_LIMITS, parseRemainingReq } from './upbit-limits.js';
import { fillsFromUpbit, reportFromUpbit, upbitError, upbitMarket } from './upbit-mapping.js';
import type { UpbitOrder } from './upbit-mapping.js';
import { upbitToken } from './upbit-jwt.js';
import type { UpbitJwtAlgorithm } from './upbit-jwt.js';
import { upbitTradeStream } from './upbit-trade-stream.js';

export interface UpbitAdapterOptions {
  /** e.g. `https://api.upbit.com`, or a mock venue's URL. */
  readonly baseUrl: string;
  readonly accessKey: string;
  readonly secretKey: string;
  /**
   * The quotation WebSocket endpoint (`/websocket/v1` is added). @default the REST URL as
   * `ws(s)://` (`wss://api.upbit.com`; a mock serves both on one port)
   */
  readonly streamUrl?: string;
  /** How often an open trade stream sends "PING" (Upbit drops a connection silent for 120 s). @default 60000 */
  readonly streamHeartbeatMs?: number;
  /** @default 'HS512' */
  readonly jwtAlgorithm?: UpbitJwtAlgorithm;
  /** @default UPBIT_DEFAULT_LIMITS */
  readonly limits?: readonly RateLimitBucket[];
  /**
   * Upbit requests carry no expiry: how long after an unanswered submit "no such order" is
   * taken as final. @default 10000
   */
  readonly unknownGraceMs?: number;
  readonly resilience?: ResilienceOptions;
  readonly breaker?: CircuitBreakerOptions;
}

/**
 * Upbit over its REST API: a fresh JWT per request (`query_hash` over the parameters), our
 * client order id as `identifier` — Upbit never accepts an identifier twice, even after a failed
 * request, so a submit can never be doubled — limits per group with `Remaining-Req`. Public
 * trades stream over the quotation WebSocket (`subscribeTrades`, `upbitTradeStream`).
 */
export class UpbitAdapter implements VenueAdapter {
  readonly venue = 'upbit';
  readonly capabilities: VenueCapabilities;
  readonly limiter: WeightedRateLimiter;
  readonly caller: ResilientCaller;
  private readonly streams = new OpenTradeStreams<TradeStream>();

  constructor(private readonly options: UpbitAdapterOptions) {
    this.limiter = new WeightedRateLimiter(options.limits ?? UPBIT_DEFAULT_LIMITS);
    this.caller = new ResilientCaller(
      this.venue,
      this.limiter,
      new CircuitBreaker(options.breaker),
      options.resilience,
    );
    this.capabilities = {
      venue: this.venue,
      orderTypes: [OrderType.Market, OrderType.Limit],
      timeInForce: [TimeInForce.GTC, TimeInForce.IOC, TimeInForce.FOK],
      clientOrderIds: 'native',
      staleRequestMs: options.unknownGraceMs ?? 10_000,
      marketDataStream: true,
      precision: { maxDecimals: 8, tick: 'price-bands' },
    };
  }

  async connect(): Promise<void> {
    await this.balances();
  }

  async submit({ order, instrument }: VenueOrderRef): Promise<VenueSubmitResult> {
    const unsupported = this.unsupported(order.type, order.side, order.timeInForce);
    if (unsupported !== undefined) return { status: 'rejected', reason: unsupported, code: 'unsupported' };
    const params: Record<string, string> = {
      market: upbitMarket(instrument),
      side: order.side === OrderSide.Buy ? 'bid' : 'ask',
      volume: formatStep(order.quantity, instrument.lotSize),
      ord_type: order.type === OrderType.Limit ? 'limit' : 'market',
      identifier: order.clientOrderId,
    };
    if (order.type === OrderType.Limit) {
      params['price'] = formatStep(order.price!, instrument.tickSize);
      if (order.timeInForce !== TimeInForce.GTC) params['time_in_force'] = order.timeInForce.toLowerCase();
    }
    try {
      const body = (await this.request('POST', '/v1/orders', params, UPBIT_COSTS.newOrder, false)) as UpbitOrder;
      return {
        status: 'accepted',
        report: reportFromUpbit(body, order.clientOrderId),
        fills: fillsFromUpbit(body, order.clientOrderId),
      };
    } catch (error) {
      const failure = asVenueError(this.venue, error);
      if (failure.outcomeUnknown) return { status: 'unknown', reason: failure.message };
      return { status: 'rejected', reason: failure.message, code: failure.code };
    }
  }

  async cancel({ order }: VenueOrderRef): Promise<VenueCancelResult> {
    try {
      const body = (await this.request(
        'DELETE',
        '/v1/order',
        { identifier: order.clientOrderId },
        UPBIT_COSTS.cancelOrder,
        true,
      )) as UpbitOrder;
      return { status: 'canceled', report: reportFromUpbit(body, order.clientOrderId) };
    } catch (error) {
      const failure = asVenueError(this.venue, error);
      if (failure.outcomeUnknown) return { status: 'unknown', reason: failure.message };
      return { status: 'rejected', reason: failure.message, code: failure.code };
    }
  }

  async queryOrder({ order }: VenueOrderRef): Promise<VenueQueryResult> {
    try {
      const body = (await this.request(
        'GET',
        '/v1/order',
        { identifier: order.clientOrderId },
        UPBIT_COSTS.queryOrder,
        true,
      )) as UpbitOrder;
      return { status: 'found', report: reportFromUpbit(body, order.clientOrderId) };
    } catch (error) {
      const failure = asVenueError(this.venue, error);
      if (failure.kind === 'not-found') return { status: 'not-found' };
      throw failure;
    }
  }

  /** Upbit returns an order's trades with the order itself. */
  async orderFills({ order }: VenueOrderRef, venueOrderId: string): Promise<readonly VenueFill[]> {
    const body = (await this.request(
      'GET',
      '/v1/order',
      { uuid: venueOrderId },
      UPBIT_COSTS.queryOrder,
      true,
    )) as UpbitOrder;
    return fillsFromUpbit(body, order.clientOrderId);
  }

  async openOrders(instruments: readonly Instrument[]): Promise<readonly VenueOrderReport[]> {
    const reports: VenueOrderReport[] = [];
    for (const instrument of instruments) {
      const orders = (await this.request(
        'GET',
        '/v1/orders/open',
        { market: upbitMarket(instrument) },
        UPBIT_COSTS.openOrders,
        true,
      )) as UpbitOrder[];
      for (const o of orders) reports.push(reportFromUpbit(o, o.identifier ?? ''));
    }
    return reports;
  }

  async balances(): Promise<readonly VenueBalance[]> {
    const accounts = (await this.request('GET', '/v1/accounts', {}, UPBIT_COSTS.accounts, true)) as {
      currency: string;
      balance: string;
      locked: string;
    }[];
    return accounts.map((a) => ({ asset: a.currency, free: Number(a.balance), locked: Number(a.locked) }));
  }

  /** Public trades over Upbit's quotation WebSocket (`upbitTradeStream`); needs no key. */
  async subscribeTrades(
    instruments: readonly Instrument[],
    onTick: (tick: Tick) => void,
    onStatus?: (status: VenueStreamStatus) => void,
  ): Promise<() => Promise<void>> {
    const stream = upbitTradeStream({
      streamUrl: this.streamUrl,
      instruments,
      onTick,
      onStatus,
      heartbeatMs: this.options.streamHeartbeatMs,
    });
    return this.streams.start(stream, () => stream.close());
  }

  /** Where `subscribeTrades` connects. */
  get streamUrl(): string {
    return this.options.streamUrl ?? webSocketUrlOf(this.options.baseUrl);
  }

  async close(): Promise<void> {
    // fetch's idle connection pool closes itself; trade streams are ours to close.
    await this.streams.closeAll();
  }

  private unsupported(type: OrderType, side: OrderSide, timeInForce: TimeInForce): string | undefined {
    if (!this.capabilities.orderTypes.includes(type)) return `upbit adapter does not send ${type} orders`;
    // Upbit market buys spend a KRW amount (ord_type=price); our orders are by quantity.
    if (type === OrderType.Market && side === OrderSide.Buy)
      return 'upbit market buys are by quote amount: send a marketable IOC limit';
    if (type === OrderType.Limit && !this.capabilities.timeInForce.includes(timeInForce))
      return `upbit has no ${timeInForce} time in force`;
    return undefined;
  }

  private request(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    params: Record<string, string>,
    cost: RequestCost,
    idempotent: boolean,
  ): Promise<unknown> {
    const label = `${method} ${path}`;
    const query = new URLSearchParams(params).toString();
    return this.caller.call({ label, cost, idempotent }, async (signal) => {
      // A fresh token (and nonce) per attempt: Upbit refuses a nonce it has seen.
      const token = upbitToken({
        accessKey: this.options.accessKey,
        secretKey: this.options.secretKey,
        query,
        algorithm: this.options.jwtAlgorithm,
      });
      const inBody = method === 'POST';
      const response = await venueHttp(this.venue, {
        method,
        url: `${this.options.baseUrl}${path}${!inBody && query !== '' ? `?${query}` : ''}`,
        headers: {
          authorization: `Bearer ${token}`,
          ...(inBody ? { 'content-type': 'application/json; charset=utf-8' } : {}),
        },
        body: inBody ? JSON.stringify(params) : undefined,
        signal,
      });
      const remaining = parseRemainingReq(response.headers.get('remaining-req'));
      if (remaining !== undefined) this.limiter.observeRemaining(remaining.group, remaining.remaining);
      if (response.status < 200 || response.status >= 300) throw upbitError(label, response);
      return response.body;
    });
  }
}
