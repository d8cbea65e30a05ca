import { randomUUID } from 'node:crypto';
import { sleep } from '../shared/backoff.js';
import { FaultInjector } from '../shared/mock/mock-faults.js';
import type { MockFaults } from '../shared/mock/mock-faults.js';
import { startMockHttpServer } from '../shared/mock/mock-http-server.js';
import type { MockHttpServer, MockRequest, MockResponse } from '../shared/mock/mock-http-server.js';
import { FixedWindowCounter } from '../shared/mock/mock-limit-counter.js';
import { MockMatchingEngine } from '../shared/mock/mock-matching-engine.js';
import type { MockMarket, MockOrder, PlaceRejection } from '../shared/mock/mock-matching-engine.js';
import { MockUpbitStream } from './mock-upbit-stream.js';
import type { MockUpbitStreamOptions } from './mock-upbit-stream.js';
import { upbitQueryHash, verifyUpbitToken } from './upbit-jwt.js';

export interface MockUpbitOptions {
  readonly accessKey: string;
  readonly secretKey: string;
  /** Markets by Upbit code (`KRW-BTC`): base BTC, quote KRW. */
  readonly markets: readonly MockMarket[];
  readonly balances: Readonly<Record<string, number>>;
  /** Requests per second per group. @default order 8, default 30 */
  readonly limits?: { readonly order?: number; readonly default?: number; readonly windowMs?: number };
  readonly maxFillPerMatch?: number;
  /** How long a 418 block lasts. @default 60000 */
  readonly blockMs?: number;
  readonly faultSeed?: number;
  readonly port?: number;
  /** The quotation stream's timings and limits. @default Upbit's own */
  readonly stream?: MockUpbitStreamOptions;
}

/** Each route's rate-limit group, as Upbit's docs assign them. */
const ROUTE_GROUP: Readonly<Record<string, 'order' | 'default'>> = {
  'POST /v1/orders': 'order',
  'GET /v1/order': 'default',
  'DELETE /v1/order': 'default',
  'GET /v1/orders/open': 'default',
  'GET /v1/accounts': 'default',
};

/**
 * An Upbit exchange REST server for tests and sandbox mode: JWT auth checked as Upbit does
 * (signature with the secret as is, HS256 or HS512, access key, nonce never reused, `query_hash`
 * over the parameters), `identifier` never accepted twice, per-second group limits with
 * `Remaining-Req`, 429 then 418, matching against fed prices, and fault switches.
 */
export class MockUpbitVenue {
  readonly engine: MockMatchingEngine;
  readonly faults: FaultInjector;
  readonly groups: Record<'order' | 'default', FixedWindowCounter>;
  authFailures = 0;
  requests = 0;
  private readonly seenNonces = new Set<string>();
  private readonly usedIdentifiers = new Set<string>();
  private readonly uuids = new Map<number, string>();
  private blockedUntil = 0;
  private warned = false;
  private server: MockHttpServer | undefined;
  private quotationStream: MockUpbitStream | undefined;

  private constructor(private readonly options: MockUpbitOptions) {
    this.engine = new MockMatchingEngine({
      markets: options.markets,
      balances: options.balances,
      feeRate: 0.0005,
      maxFillPerMatch: options.maxFillPerMatch,
    });
    this.faults = new FaultInjector(options.faultSeed ?? 1);
    const windowMs = options.limits?.windowMs ?? 1_000;
    this.groups = {
      order: new FixedWindowCounter('order', options.limits?.order ?? 8, windowMs),
      default: new FixedWindowCounter('default', options.limits?.default ?? 30, windowMs),
    };
  }

  static async start(options: MockUpbitOptions): Promise<MockUpbitVenue> {
    const venue = new MockUpbitVenue(options);
    venue.server = await startMockHttpServer((request) => venue.handle(request), options.port);
    venue.quotationStream = new MockUpbitStream(
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

  /** The quotation WebSocket's base (`ws://` on the REST port; `/websocket/v1` below it), like `wss://api.upbit.com`. */
  get streamUrl(): string {
    return this.url.replace(/^http:/, 'ws:');
  }

  /** The trade stream, its counters and fault switches (`server.dropAll()`, `server.refuseConnections`). */
  get stream(): MockUpbitStream {
    return this.quotationStream!;
  }

  get limitViolations(): number {
    return this.groups.order.violations + this.groups.default.violations;
  }

  setFaults(faults: MockFaults): void {
    this.faults.faults = faults;
  }

  setPrice(market: string, price: number): void {
    this.engine.setPrice(market, price);
  }

  async stop(): Promise<void> {
    await this.quotationStream?.close();
    await this.server?.close();
  }

  private async handle(request: MockRequest): Promise<MockResponse> {
    this.requests += 1;
    const now = request.arrivedAt;
    const route = `${request.method} ${request.path}`;
    const groupName = ROUTE_GROUP[route];
    if (groupName === undefined) return error(404, 'not_found', `no route ${route}`);
    const group = this.groups[groupName];
    if (now < this.blockedUntil) {
      group.violations += 1;
      return error(418, 'too_many_requests', `blocked for ${Math.ceil((this.blockedUntil - now) / 1_000)} s`, {
        'Retry-After': String(Math.ceil((this.blockedUntil - now) / 1_000)),
      });
    }
    const within = group.add(1, now);
    const headers = { 'Remaining-Req': `group=${groupName}; min=1800; sec=${group.remainingAt(now)}` };
    if (!within) {
      if (this.warned) {
        const blockMs = this.options.blockMs ?? 60_000;
        this.blockedUntil = now + blockMs;
        return error(418, 'too_many_requests', `blocked for ${blockMs / 1_000} s`, {
          ...headers,
          'Retry-After': String(blockMs / 1_000),
        });
      }
      this.warned = true;
      return error(429, 'too_many_requests', 'Too many API requests.', headers);
    }

    const decision = this.faults.decide(route, request.method !== 'GET');
    const latency = this.faults.faults.latencyMs ?? 0;
    if (latency > 0) await sleep(latency);
    if (decision === 'server-error') return error(503, 'server_error', 'temporarily unavailable', headers);
    if (decision === 'stall') await sleep(this.faults.stallMs);
    const answer = this.route(route, request);
    if (decision === 'drop-after-process') return { drop: true };
    if (decision === 'error-after-process') return error(500, 'server_error', 'internal error', headers);
    return 'drop' in answer ? answer : { ...answer, headers: { ...answer.headers, ...headers } };
  }

  private route(route: string, request: MockRequest): MockResponse {
    const params = request.method === 'POST' ? jsonParams(request.rawBody) : new URLSearchParams(request.rawQuery);
    if (params === undefined) return error(400, 'validation_error', 'body is not JSON');
    const denied = this.authenticate(request, params.toString());
    if (denied !== undefined) {
      this.authFailures += 1;
      return denied;
    }
    switch (route) {
      case 'POST /v1/orders':
        return this.newOrder(params);
      case 'GET /v1/order': {
        const order = this.lookup(params);
        return order === undefined
          ? error(404, 'order_not_found', '주문을 찾지 못했습니다.')
          : { status: 200, body: this.orderJson(order, true) };
      }
      case 'DELETE /v1/order': {
        const order = this.lookup(params);
        if (order === undefined) return error(404, 'order_not_found', '주문을 찾지 못했습니다.');
        if (!this.engine.cancel(order)) return error(400, 'validation_error', 'order is not open');
        return { status: 200, body: this.orderJson(order, false) };
      }
      case 'GET /v1/orders/open':
        return {
          status: 200,
          body: this.engine.openOrders(params.get('market') ?? undefined).map((o) => this.orderJson(o, false)),
        };
      default:
        return {
          status: 200,
          body: this.engine.allBalances().map((b) => ({
            currency: b.asset,
            balance: String(b.free),
            locked: String(b.locked),
            avg_buy_price: '0',
            unit_currency: 'KRW',
          })),
        };
    }
  }

  /** Upbit's token checks; undefined when the request may proceed. */
  private authenticate(request: MockRequest, query: string): MockResponse | undefined {
    const header = request.headers['authorization'];
    if (typeof header !== 'string' || !header.startsWith('Bearer '))
      return error(401, 'jwt_verification', '잘못된 엑세스 키입니다.');
    const check = verifyUpbitToken(header.slice('Bearer '.length), this.options.secretKey);
    if (!check.ok) return error(401, 'jwt_verification', `JWT verification failed: ${check.reason}`);
    const { access_key: accessKey, nonce, query_hash: queryHash, query_hash_alg: hashAlg } = check.claims;
    if (accessKey !== this.options.accessKey) return error(401, 'invalid_access_key', '잘못된 엑세스 키입니다.');
    if (typeof nonce !== 'string' || this.seenNonces.has(nonce))
      return error(401, 'nonce_used', '이미 요청한 nonce값이 다시 사용되었습니다.');
    this.seenNonces.add(nonce);
    if (query !== '' && (hashAlg !== 'SHA512' || queryHash !== upbitQueryHash(query))) {
      return error(401, 'invalid_query_payload', '쿼리 오류입니다.');
    }
    return undefined;
  }

  private newOrder(params: URLSearchParams): MockResponse {
    const market = params.get('market') ?? '';
    const side = params.get('side');
    const ordType = params.get('ord_type');
    const identifier = params.get('identifier') ?? undefined;
    if (side !== 'bid' && side !== 'ask') return error(400, 'validation_error', 'side is missing or invalid');
    if (ordType !== 'limit' && ordType !== 'market')
      return error(400, 'validation_error', `ord_type ${String(ordType)} is not supported by this mock`);
    // Upbit never takes an identifier twice, even one whose request failed.
    if (identifier !== undefined) {
      if (this.usedIdentifiers.has(identifier))
        return error(400, 'validation_error', `identifier ${identifier} was already used`);
      this.usedIdentifiers.add(identifier);
    }
    const tif = params.get('time_in_force');
    const result = this.engine.place({
      clientOrderId: identifier ?? randomUUID(),
      symbol: market,
      side: side === 'bid' ? 'BUY' : 'SELL',
      type: ordType === 'limit' ? 'LIMIT' : 'MARKET',
      timeInForce: ordType === 'market' ? 'IOC' : tif === 'ioc' ? 'IOC' : tif === 'fok' ? 'FOK' : 'GTC',
      quantity: Number(params.get('volume')),
      price: ordType === 'limit' ? Number(params.get('price')) : undefined,
    });
    if ('rejection' in result) return rejection(result.rejection, side);
    return { status: 201, body: this.orderJson(result.order, false) };
  }

  private lookup(params: URLSearchParams): MockOrder | undefined {
    const uuid = params.get('uuid');
    if (uuid) {
      const entry = [...this.uuids].find(([, u]) => u === uuid);
      return entry === undefined ? undefined : this.engine.findByVenueId(entry[0]);
    }
    const identifier = params.get('identifier');
    return identifier ? this.engine.findByClientId(undefined, identifier) : undefined;
  }

  private uuidOf(order: MockOrder): string {
    let uuid = this.uuids.get(order.venueOrderId);
    if (uuid === undefined) {
      uuid = randomUUID();
      this.uuids.set(order.venueOrderId, uuid);
    }
    return uuid;
  }

  private orderJson(order: MockOrder, withTrades: boolean): Record<string, unknown> {
    const side = order.side === 'BUY' ? 'bid' : 'ask';
    const state = order.status === 'open' ? 'wait' : order.status === 'filled' ? 'done' : 'cancel';
    return {
      uuid: this.uuidOf(order),
      identifier: order.clientOrderId,
      side,
      ord_type: order.type === 'LIMIT' ? 'limit' : 'market',
      price: order.price === undefined ? null : String(order.price),
      state,
      market: order.symbol,
      created_at: new Date(order.createdAt).toISOString(),
      volume: String(order.quantity),
      remaining_volume: String(order.quantity - order.executed),
      reserved_fee: '0',
      remaining_fee: '0',
      paid_fee: String(order.fees),
      locked: String(order.locked),
      executed_volume: String(order.executed),
      trades_count: order.trades.length,
      ...(withTrades
        ? {
            trades: order.trades.map((t) => ({
              market: order.symbol,
              uuid: `${this.uuidOf(order)}-t${t.tradeId}`,
              price: String(t.price),
              volume: String(t.quantity),
              funds: String(t.price * t.quantity),
              side,
              trend: t.maker ? (side === 'bid' ? 'ask' : 'bid') : side,
              created_at: new Date(t.ts).toISOString(),
            })),
          }
        : {}),
    };
  }
}

function jsonParams(raw: string): URLSearchParams | undefined {
  try {
    const body = raw === '' ? {} : (JSON.parse(raw) as Record<string, unknown>);
    return new URLSearchParams(Object.entries(body).map(([k, v]): [string, string] => [k, String(v)]));
  } catch {
    return undefined;
  }
}

function rejection(reason: PlaceRejection, side: 'bid' | 'ask'): MockResponse {
  switch (reason) {
    case 'insufficient-balance':
      return error(400, `insufficient_funds_${side}`, '주문가능한 금액이 부족합니다.');
    case 'min-notional':
      return error(400, `under_min_total_${side}`, '최소주문금액 이상으로 주문해주세요');
    case 'unknown-symbol':
      return error(400, 'validation_error', 'market does not exist');
    case 'price-filter':
      return error(400, `invalid_price_${side}`, '주문 가격 단위를 잘못 입력하셨습니다.');
    case 'lot-size':
      return error(400, 'validation_error', 'volume is invalid');
    case 'no-price':
      return error(400, 'validation_error', 'market has no price yet');
  }
}

function error(status: number, name: string, message: string, headers?: Record<string, string>): MockResponse {
  return { status, body: { error: { name, message } }, headers };
}
