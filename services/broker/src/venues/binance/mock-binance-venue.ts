import { sleep } from '../shared/backoff.js';
import { FaultInjector } from '../shared/mock/mock-faults.js';
import type { MockFaults } from '../shared/mock/mock-faults.js';
import { startMockHttpServer } from '../shared/mock/mock-http-server.js';
import type { MockHttpServer, MockRequest, MockResponse } from '../shared/mock/mock-http-server.js';
import { FixedWindowCounter } from '../shared/mock/mock-limit-counter.js';
import { MockMatchingEngine } from '../shared/mock/mock-matching-engine.js';
import type { MockMarket, MockOrder, PlaceRejection } from '../shared/mock/mock-matching-engine.js';
import { BINANCE_COSTS } from './binance-limits.js';
import { MockBinanceStream } from './mock-binance-stream.js';
import type { MockBinanceStreamOptions } from './mock-binance-stream.js';
import { binanceSignatureMatches } from './binance-signing.js';

export interface MockBinanceLimits {
  /** REQUEST_WEIGHT per window. @default 6000 per 60 s */
  readonly weight?: { readonly limit: number; readonly windowMs: number };
  /** ORDERS per window. @default 50 per 10 s */
  readonly orders?: { readonly limit: number; readonly windowMs: number };
}

export interface MockBinanceOptions {
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly markets: readonly MockMarket[];
  readonly balances: Readonly<Record<string, number>>;
  readonly limits?: MockBinanceLimits;
  /** Cap per match, for partial fills. */
  readonly maxFillPerMatch?: number;
  /** How long a 418 ban lasts. @default 120000 (Binance: 2 minutes to 3 days) */
  readonly banMs?: number;
  readonly faultSeed?: number;
  /** @default 0 (ephemeral) */
  readonly port?: number;
  /** The market-data stream's timings and limits. @default Binance's own */
  readonly stream?: MockBinanceStreamOptions;
}

type Answer = MockResponse;

const CLIENT_ORDER_ID = /^[a-zA-Z0-9-_]{1,36}$/;

/**
 * A Binance spot REST server for tests and sandbox mode: the endpoints the adapter uses, checked
 * the way Binance checks them (API key, HMAC signature over query + body, timestamp within
 * recvWindow, parameters and filters) with Binance's error codes, request weight and order
 * counts per fixed window with 429 and then 418 bans, matching against prices the test feeds,
 * and fault switches. Every request over a limit is counted in `limitViolations`.
 */
export class MockBinanceVenue {
  readonly engine: MockMatchingEngine;
  readonly faults: FaultInjector;
  readonly weight: FixedWindowCounter;
  readonly orderCount: FixedWindowCounter;
  /** Requests refused because of a bad key, signature or timestamp. */
  authFailures = 0;
  requests = 0;
  private bannedUntil = 0;
  private warned = false;
  private server: MockHttpServer | undefined;
  private marketStream: MockBinanceStream | undefined;

  private constructor(private readonly options: MockBinanceOptions) {
    this.engine = new MockMatchingEngine({
      markets: options.markets,
      balances: options.balances,
      maxFillPerMatch: options.maxFillPerMatch,
    });
    this.faults = new FaultInjector(options.faultSeed ?? 1);
    this.weight = new FixedWindowCounter(
      'REQUEST_WEIGHT',
      options.limits?.weight?.limit ?? 6_000,
      options.limits?.weight?.windowMs ?? 60_000,
    );
    this.orderCount = new FixedWindowCounter(
      'ORDERS',
      options.limits?.orders?.limit ?? 50,
      options.limits?.orders?.windowMs ?? 10_000,
    );
  }

  static async start(options: MockBinanceOptions): Promise<MockBinanceVenue> {
    const venue = new MockBinanceVenue(options);
    venue.server = await startMockHttpServer((request) => venue.handle(request), options.port);
    venue.marketStream = new MockBinanceStream(
      venue.server.server,
      venue.engine,
      options.markets.map((m) => m.symbol),
      options.stream,
    );
    return venue;
  }

  get url(): string {
    return this.server!.url;
  }

  /** The market-data WebSocket endpoint (`ws://` on the REST port), like `wss://stream.binance.com:9443`. */
  get streamUrl(): string {
    return this.url.replace(/^http:/, 'ws:');
  }

  /** The trade stream, its counters and fault switches (`server.dropAll()`, `server.refuseConnections`). */
  get stream(): MockBinanceStream {
    return this.marketStream!;
  }

  /** Requests that arrived over a limit (each answered 429 or 418). */
  get limitViolations(): number {
    return this.weight.violations + this.orderCount.violations;
  }

  setFaults(faults: MockFaults): void {
    this.faults.faults = faults;
  }

  setPrice(symbol: string, price: number): void {
    this.engine.setPrice(symbol, price);
  }

  async stop(): Promise<void> {
    await this.marketStream?.close();
    await this.server?.close();
  }

  private async handle(request: MockRequest): Promise<Answer> {
    this.requests += 1;
    const now = request.arrivedAt;
    if (now < this.bannedUntil) {
      this.weight.violations += 1;
      return this.error(418, -1003, `Way too many requests; IP banned until ${this.bannedUntil}.`, {
        'Retry-After': String(Math.ceil((this.bannedUntil - now) / 1_000)),
      });
    }
    const route = `${request.method} ${request.path}`;
    const cost = ROUTE_COST[route];
    if (cost === undefined) return this.error(404, -1000, `Unknown endpoint ${route}.`);
    const isOrder = route === 'POST /api/v3/order';
    const withinWeight = this.weight.add(cost, now);
    const withinOrders = isOrder ? this.orderCount.add(1, now) : true;
    const headers = this.usageHeaders(now);
    if (!withinWeight || !withinOrders) return this.overLimit(now, headers);

    const decision = this.faults.decide(route, request.method !== 'GET');
    const latency = this.faults.faults.latencyMs ?? 0;
    if (latency > 0) await sleep(latency);
    if (decision === 'server-error')
      return {
        status: 503,
        body: { code: -1001, msg: 'Internal error; unable to process your request. Please try again.' },
        headers,
      };
    if (decision === 'stall') await sleep(this.faults.stallMs);

    const answer = this.route(route, request, headers);
    if (decision === 'drop-after-process') return { drop: true };
    if (decision === 'error-after-process')
      return {
        status: 500,
        body: { code: -1000, msg: 'An unknown error occurred while processing the request.' },
        headers,
      };
    return answer;
  }

  private overLimit(now: number, headers: Record<string, string>): Answer {
    // Binance: a 429 says back off; whoever keeps going after one is banned with a 418.
    const retryAfter = String(Math.ceil(Math.max(this.weight.resetInMs(now), this.orderCount.resetInMs(now)) / 1_000));
    if (this.warned) {
      this.bannedUntil = now + (this.options.banMs ?? 120_000);
      return this.error(418, -1003, 'Way too many requests; IP banned.', {
        ...headers,
        'Retry-After': String(Math.ceil((this.options.banMs ?? 120_000) / 1_000)),
      });
    }
    this.warned = true;
    return this.error(429, -1003, 'Too many requests; current limit is exceeded.', {
      ...headers,
      'Retry-After': retryAfter,
    });
  }

  private route(route: string, request: MockRequest, headers: Record<string, string>): Answer {
    if (route === 'GET /api/v3/time') return { status: 200, body: { serverTime: Date.now() }, headers };
    const auth = this.authenticate(request);
    if (typeof auth !== 'object' || auth === null || 'status' in auth) {
      this.authFailures += 1;
      return { ...(auth as { status: number; body: unknown }), headers };
    }
    const params = auth;
    switch (route) {
      case 'POST /api/v3/order':
        return { ...this.newOrder(params), headers };
      case 'GET /api/v3/order':
        return { ...this.queryOrder(params), headers };
      case 'DELETE /api/v3/order':
        return { ...this.cancelOrder(params), headers };
      case 'GET /api/v3/openOrders':
        return {
          status: 200,
          body: this.engine.openOrders(params.get('symbol') ?? undefined).map((o) => this.orderJson(o)),
          headers,
        };
      case 'GET /api/v3/myTrades':
        return { ...this.myTrades(params), headers };
      case 'GET /api/v3/account':
        return {
          status: 200,
          body: {
            balances: this.engine
              .allBalances()
              .map((b) => ({ asset: b.asset, free: String(b.free), locked: String(b.locked) })),
          },
          headers,
        };
      default:
        return this.error(404, -1000, `Unknown endpoint ${route}.`);
    }
  }

  /** Binance's checks, in its order: key, signature, timestamp window. */
  private authenticate(request: MockRequest): URLSearchParams | { status: number; body: unknown } {
    const key = request.headers['x-mbx-apikey'];
    if (typeof key !== 'string' || key === '') return this.error(401, -2014, 'API-key format invalid.');
    if (key !== this.options.apiKey) return this.error(401, -2015, 'Invalid API-key, IP, or permissions for action.');
    const [query, querySignature] = splitSignature(request.rawQuery);
    const [body, bodySignature] = splitSignature(request.rawBody);
    const signature = querySignature ?? bodySignature;
    if (signature === undefined) {
      return this.error(400, -1102, "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.");
    }
    if (!binanceSignatureMatches(query + body, this.options.apiSecret, signature)) {
      return this.error(400, -1022, 'Signature for this request is not valid.');
    }
    const params = new URLSearchParams([...new URLSearchParams(query), ...new URLSearchParams(body)]);
    const timestamp = Number(params.get('timestamp'));
    const recvWindow = Number(params.get('recvWindow') ?? 5_000);
    if (!params.has('timestamp') || !Number.isFinite(timestamp)) {
      return this.error(400, -1102, "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.");
    }
    if (!(recvWindow > 0) || recvWindow > 60_000) return this.error(400, -1131, 'recvWindow must be less than 60000');
    // Checked when the request is processed: a stalled request can arrive too late.
    const now = Date.now();
    if (timestamp > now + 1_000)
      return this.error(400, -1021, "Timestamp for this request was 1000ms ahead of the server's time.");
    if (now - timestamp > recvWindow)
      return this.error(400, -1021, 'Timestamp for this request is outside of the recvWindow.');
    return params;
  }

  private newOrder(params: URLSearchParams): { status: number; body: unknown } {
    for (const name of ['symbol', 'side', 'type', 'quantity']) {
      if (!params.get(name))
        return this.error(400, -1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`);
    }
    const type = params.get('type')!;
    const side = params.get('side')!;
    if (type !== 'LIMIT' && type !== 'MARKET') return this.error(400, -1116, 'Invalid orderType.');
    if (side !== 'BUY' && side !== 'SELL') return this.error(400, -1117, 'Invalid side.');
    const clientOrderId = params.get('newClientOrderId') ?? `mock-${this.engine.orders.length + 1}`;
    if (!CLIENT_ORDER_ID.test(clientOrderId)) {
      return this.error(
        400,
        -1100,
        "Illegal characters found in parameter 'newClientOrderId'; legal range is '^[a-zA-Z0-9-_]{1,36}$'.",
      );
    }
    const timeInForce = (params.get('timeInForce') ?? 'GTC') as 'GTC' | 'IOC' | 'FOK';
    if (type === 'LIMIT' && (!params.get('price') || !params.get('timeInForce'))) {
      return this.error(400, -1102, "Mandatory parameter 'price' was not sent, was empty/null, or malformed.");
    }
    const symbol = params.get('symbol')!;
    // Binance refuses a client order id only while an order with it is still open.
    if (this.engine.findByClientId(symbol, clientOrderId)?.status === 'open')
      return this.error(400, -2010, 'Duplicate order sent.');
    const result = this.engine.place({
      clientOrderId,
      symbol,
      side,
      type,
      timeInForce: type === 'MARKET' ? 'IOC' : timeInForce,
      quantity: Number(params.get('quantity')),
      price: type === 'LIMIT' ? Number(params.get('price')) : undefined,
    });
    if ('rejection' in result) return this.rejection(result.rejection);
    const order = result.order;
    const quote = this.engine.market(symbol)!.quote;
    return {
      status: 200,
      body: {
        ...this.orderJson(order),
        transactTime: order.createdAt,
        fills: order.trades
          .filter((t) => !t.maker)
          .map((t) => ({
            price: String(t.price),
            qty: String(t.quantity),
            commission: String(t.fee),
            commissionAsset: quote,
            tradeId: t.tradeId,
          })),
      },
    };
  }

  private queryOrder(params: URLSearchParams): { status: number; body: unknown } {
    const order = this.lookup(params);
    if (order === undefined) return this.error(400, -2013, 'Order does not exist.');
    return { status: 200, body: this.orderJson(order) };
  }

  private cancelOrder(params: URLSearchParams): { status: number; body: unknown } {
    const order = this.lookup(params);
    if (order === undefined || !this.engine.cancel(order)) return this.error(400, -2011, 'Unknown order sent.');
    return { status: 200, body: { ...this.orderJson(order), origClientOrderId: order.clientOrderId } };
  }

  private myTrades(params: URLSearchParams): { status: number; body: unknown } {
    const symbol = params.get('symbol');
    if (!symbol)
      return this.error(400, -1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.");
    const orderId = params.get('orderId');
    const orders = orderId
      ? [this.engine.findByVenueId(Number(orderId))].filter((o) => o?.symbol === symbol)
      : this.engine.orders.filter((o) => o.symbol === symbol);
    const quote = this.engine.market(symbol)?.quote ?? '';
    const trades = orders.flatMap((o) =>
      o!.trades.map((t) => ({
        symbol,
        id: t.tradeId,
        orderId: o!.venueOrderId,
        price: String(t.price),
        qty: String(t.quantity),
        quoteQty: String(t.price * t.quantity),
        commission: String(t.fee),
        commissionAsset: quote,
        time: t.ts,
        isBuyer: o!.side === 'BUY',
        isMaker: t.maker,
      })),
    );
    return { status: 200, body: trades };
  }

  private lookup(params: URLSearchParams): MockOrder | undefined {
    const symbol = params.get('symbol') ?? undefined;
    const orderId = params.get('orderId');
    if (orderId) return this.engine.findByVenueId(Number(orderId));
    const clientId = params.get('origClientOrderId');
    return clientId ? this.engine.findByClientId(symbol, clientId) : undefined;
  }

  private orderJson(order: MockOrder): Record<string, unknown> {
    return {
      symbol: order.symbol,
      orderId: order.venueOrderId,
      orderListId: -1,
      clientOrderId: order.clientOrderId,
      price: String(order.price ?? 0),
      origQty: String(order.quantity),
      executedQty: String(order.executed),
      cummulativeQuoteQty: String(order.quoteExecuted),
      status: STATUS[order.status](order),
      timeInForce: order.timeInForce,
      type: order.type,
      side: order.side,
      time: order.createdAt,
      updateTime: order.updatedAt,
      isWorking: order.status === 'open',
    };
  }

  private rejection(rejection: PlaceRejection): { status: number; body: unknown } {
    switch (rejection) {
      case 'unknown-symbol':
        return this.error(400, -1121, 'Invalid symbol.');
      case 'price-filter':
        return this.error(400, -1013, 'Filter failure: PRICE_FILTER');
      case 'lot-size':
        return this.error(400, -1013, 'Filter failure: LOT_SIZE');
      case 'min-notional':
        return this.error(400, -1013, 'Filter failure: NOTIONAL');
      case 'insufficient-balance':
        return this.error(400, -2010, 'Account has insufficient balance for requested action.');
      case 'no-price':
        return this.error(400, -2010, 'Market is closed.');
    }
  }

  private usageHeaders(now: number): Record<string, string> {
    return {
      'X-MBX-USED-WEIGHT-1M': String(this.weight.usedAt(now)),
      'X-MBX-ORDER-COUNT-10S': String(this.orderCount.usedAt(now)),
    };
  }

  private error(
    status: number,
    code: number,
    msg: string,
    headers?: Record<string, string>,
  ): { status: number; body: unknown; headers?: Record<string, string> } {
    return { status, body: { code, msg }, headers };
  }
}

const STATUS: Readonly<Record<MockOrder['status'], (o: MockOrder) => string>> = {
  open: (o) => (o.executed > 0 ? 'PARTIALLY_FILLED' : 'NEW'),
  filled: () => 'FILLED',
  canceled: () => 'CANCELED',
  expired: () => 'EXPIRED',
};

/** Request weights as the mock counts them (the adapter's table, which follows Binance's docs). */
const ROUTE_COST: Readonly<Record<string, number>> = {
  'GET /api/v3/time': BINANCE_COSTS.time.REQUEST_WEIGHT,
  'POST /api/v3/order': BINANCE_COSTS.newOrder.REQUEST_WEIGHT,
  'GET /api/v3/order': BINANCE_COSTS.queryOrder.REQUEST_WEIGHT,
  'DELETE /api/v3/order': BINANCE_COSTS.cancelOrder.REQUEST_WEIGHT,
  'GET /api/v3/openOrders': BINANCE_COSTS.openOrdersOneSymbol.REQUEST_WEIGHT,
  'GET /api/v3/myTrades': BINANCE_COSTS.myTradesByOrder.REQUEST_WEIGHT,
  'GET /api/v3/account': BINANCE_COSTS.account.REQUEST_WEIGHT,
};

/** `a=1&b=2&signature=x` → [`a=1&b=2`, `x`]; the signature is the last parameter. */
function splitSignature(raw: string): [string, string | undefined] {
  const match = /(?:^|&)signature=([^&]*)$/.exec(raw);
  if (match === null) return [raw, undefined];
  return [raw.slice(0, match.index), match[1]];
}
