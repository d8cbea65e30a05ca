import { sleep } from '../shared/backoff.js';
import { FaultInjector } from '../shared/mock/mock-faults.js';
import type { MockFaults } from '../shared/mock/mock-faults.js';
import { startMockHttpServer } from '../shared/mock/mock-http-server.js';
import type { MockHttpServer, MockRequest, MockResponse } from '../shared/mock/mock-http-server.js';
import { FixedWindowCounter } from '../shared/mock/mock-limit-counter.js';
import { MockMatchingEngine } from '../shared/mock/mock-matching-engine.js';
import type { MockMarket, MockOrder } from '../shared/mock/mock-matching-engine.js';
import {
  CREON_BRIDGE_HEADERS,
  CREON_SUBSCRIPTION_LIMIT,
  clientOrderIdSchema,
  fillsQuerySchema,
  openOrdersQuerySchema,
  parseBridge,
  submitOrderRequestSchema,
} from './creon-bridge-contract.js';
import type { CreonErrorCode, CreonOrder, SubmitOrderRequest } from './creon-bridge-contract.js';
import { CREON_WINDOW_MS } from './creon-limits.js';
import { creonSignatureMatches } from './creon-signing.js';
import { fillViews, orderView, problem, refusalOf } from './mock-creon-answers.js';
import { krxTickSize } from './krx-tick-size.js';
import { MockCreonStream } from './mock-creon-stream.js';

export interface MockCreonBridgeOptions {
  /** The key id and shared secret the bridge accepts. */
  readonly apiKey: string;
  readonly apiSecret: string;
  /** Stocks by Creon code (`A005930`): base the code, quote `KRW`, lot 1, tick 1. */
  readonly markets: readonly MockMarket[];
  /** Starting cash (`KRW`) and shares by code. */
  readonly balances: Readonly<Record<string, number>>;
  /** Creon's counters per window. @default order 20, query 60 per 15000 ms */
  readonly limits?: { readonly order?: number; readonly query?: number; readonly windowMs?: number };
  /** How old a signed request may be when it is processed. @default 5000 */
  readonly recvWindowMs?: number;
  readonly maxFillPerMatch?: number;
  /** Commission on the traded notional. @default 0.00015 */
  readonly feeRate?: number;
  readonly faultSeed?: number;
  readonly port?: number;
  /** Creon's real-time subscriptions (`GetLimitRemainCount(2)` with none held). @default 400 */
  readonly subscriptionLimit?: number;
}

type Bucket = 'order' | 'query';

/** Route templates (what fault switches name) and the Creon counter each spends. */
const ROUTE_BUCKET: Readonly<Record<string, Bucket | undefined>> = {
  'GET /v1/health': undefined,
  'GET /v1/session': undefined,
  'POST /v1/orders': 'order',
  'GET /v1/orders': 'query',
  'GET /v1/orders/:clientOrderId': 'query',
  'DELETE /v1/orders/:clientOrderId': 'order',
  'GET /v1/fills': 'query',
  'GET /v1/balances': 'query',
};

/** What the bridge remembers per client order id: the request, and the order or the refusal. */
interface SubmitRecord {
  readonly request: string;
  readonly order: MockOrder | undefined;
  readonly refusal: { readonly response: MockResponse; readonly view: CreonOrder } | undefined;
}

/**
 * A Creon bridge for tests and sandbox mode, and the reference for teams writing the real one
 * (docs/architecture/creon-bridge.md): HMAC auth with a receive window checked when a request is
 * processed, the contract's zod validation (400 naming the field), client order ids as
 * idempotency keys (a repeated submit is answered from the record, never placed twice), Creon's
 * 15-second order and inquiry counters with their remain headers and 429, Creon's refusals
 * (cash, holdings, KRX tick, unknown code), matching against fed prices, and fault switches —
 * including Creon Plus logging out (`setCreonConnected(false)`).
 */
export class MockCreonBridge {
  readonly engine: MockMatchingEngine;
  readonly faults: FaultInjector;
  readonly counters: Record<Bucket, FixedWindowCounter>;
  authFailures = 0;
  requests = 0;
  /** Submits answered from the idempotency record. */
  replays = 0;
  /** Requests passed on to Creon, per counter, since start (the windows' counts reset). */
  readonly sent: Record<Bucket, number> = { order: 0, query: 0 };
  private creonConnected = true;
  private readonly submits = new Map<string, SubmitRecord>();
  private readonly recvWindowMs: number;
  private server: MockHttpServer | undefined;
  private realtime: MockCreonStream | undefined;

  private constructor(private readonly options: MockCreonBridgeOptions) {
    this.engine = new MockMatchingEngine({
      markets: options.markets,
      balances: options.balances,
      feeRate: options.feeRate ?? 0.00015,
      maxFillPerMatch: options.maxFillPerMatch,
    });
    this.faults = new FaultInjector(options.faultSeed ?? 1);
    const windowMs = options.limits?.windowMs ?? CREON_WINDOW_MS;
    this.counters = {
      order: new FixedWindowCounter('order', options.limits?.order ?? 20, windowMs),
      query: new FixedWindowCounter('query', options.limits?.query ?? 60, windowMs),
    };
    this.recvWindowMs = options.recvWindowMs ?? 5_000;
  }

  static async start(options: MockCreonBridgeOptions): Promise<MockCreonBridge> {
    const bridge = new MockCreonBridge(options);
    bridge.server = await startMockHttpServer((request) => bridge.handle(request), options.port);
    bridge.realtime = new MockCreonStream(bridge.server.server, {
      apiKey: options.apiKey,
      apiSecret: options.apiSecret,
      recvWindowMs: bridge.recvWindowMs,
      subscriptionLimit: options.subscriptionLimit ?? CREON_SUBSCRIPTION_LIMIT,
      creonConnected: () => bridge.creonConnected,
    });
    return bridge;
  }

  /** The trade stream (`/v1/stream` on the bridge's port): sessions, subscriptions, faults. */
  get stream(): MockCreonStream {
    return this.realtime!;
  }

  get url(): string {
    return this.server!.url;
  }

  /** Requests that reached Creon over one of its limits (tests assert zero). */
  get limitViolations(): number {
    return this.counters.order.violations + this.counters.query.violations;
  }

  setFaults(faults: MockFaults): void {
    this.faults.faults = faults;
  }

  /** Creon Plus logged out or lost its server: every call but `/health` answers 503 unsent. */
  setCreonConnected(connected: boolean): void {
    this.creonConnected = connected;
  }

  /**
   * A trade at `price` for a code (default 1 share): the new last price, which resting orders it
   * crosses fill against. The trade and those executions go out on the stream.
   */
  setPrice(code: string, price: number, quantity = 1): void {
    const before = new Map(this.engine.openOrders(code).map((o) => [o, o.trades.length]));
    this.engine.setPrice(code, price);
    const executions = [...before].flatMap(([order, seen]) => order.trades.slice(seen));
    this.realtime?.publish(code, [
      { price, quantity, time: Date.now() },
      ...executions.map((t) => ({ price: t.price, quantity: t.quantity, time: t.ts })),
    ]);
  }

  async stop(): Promise<void> {
    await this.realtime?.close();
    await this.server?.close();
  }

  private async handle(request: MockRequest): Promise<MockResponse> {
    this.requests += 1;
    const match = routeOf(request.method, request.path);
    if (match === undefined) return problem('not_found', `no route ${request.method} ${request.path}`);
    if (match.route === 'GET /v1/health') {
      const status = this.creonConnected ? 'ok' : 'degraded';
      return { status: 200, body: { status, creonConnected: this.creonConnected, serverTime: Date.now() } };
    }
    const decision = this.faults.decide(match.route, request.method !== 'GET');
    const latency = this.faults.faults.latencyMs ?? 0;
    if (latency > 0) await sleep(latency);
    // What a reverse proxy says when the bridge behind it is down: no contract body.
    if (decision === 'server-error') return { status: 503, body: { error: 'service unavailable' } };
    if (decision === 'stall') await sleep(this.faults.stallMs);
    // Everything below happens when the request is processed, as the real bridge would.
    const now = Date.now();
    const denied = this.authenticate(request, now);
    if (denied !== undefined) {
      this.authFailures += 1;
      return denied;
    }
    const answer = this.process(match, request, now);
    if (decision === 'drop-after-process') return { drop: true };
    if (decision === 'error-after-process') return problem('internal', 'the bridge failed after calling Creon');
    return 'drop' in answer ? answer : { ...answer, headers: { ...answer.headers, ...this.limitHeaders(Date.now()) } };
  }

  private process(match: RouteMatch, request: MockRequest, now: number): MockResponse {
    if (match.route === 'GET /v1/session') return { status: 200, body: this.session(now) };
    const input = this.validate(match, request);
    if ('response' in input) return input.response;
    if (match.route === 'POST /v1/orders') {
      const submit = input.value as SubmitOrderRequest;
      const record = this.submits.get(submit.clientOrderId);
      if (record !== undefined) return this.replay(record, submit);
    }
    if (!this.creonConnected) return problem('creon_not_connected', 'Creon Plus is not connected; nothing was sent');
    const bucket = ROUTE_BUCKET[match.route]!;
    const counter = this.counters[bucket];
    if (!counter.add(1, now)) {
      const resetMs = counter.resetInMs(now);
      return problem('rate_limited', `Creon's ${counter.name} limit (${counter.limit} per window) is used up`, {
        headers: { 'Retry-After': String(Math.ceil(resetMs / 1_000)) },
      });
    }
    this.sent[bucket] += 1;
    return this.route(match, input.value);
  }

  private route(match: RouteMatch, input: unknown): MockResponse {
    switch (match.route) {
      case 'POST /v1/orders':
        return this.submit(input as SubmitOrderRequest);
      case 'GET /v1/orders': {
        const { code } = input as { code?: string };
        return { status: 200, body: { orders: this.engine.openOrders(code).map((o) => orderView(o)) } };
      }
      case 'GET /v1/orders/:clientOrderId': {
        const record = this.submits.get(input as string);
        if (record === undefined) return problem('order_not_found', `no order ${String(input)}`);
        return { status: 200, body: record.order ? orderView(record.order) : record.refusal!.view };
      }
      case 'DELETE /v1/orders/:clientOrderId': {
        const record = this.submits.get(input as string);
        if (record === undefined) return problem('order_not_found', `no order ${String(input)}`);
        if (record.order === undefined || !this.engine.cancel(record.order)) {
          return problem('order_not_open', `order ${String(input)} is not open`);
        }
        return { status: 200, body: orderView(record.order) };
      }
      case 'GET /v1/fills':
        return this.fills(input as { since: number; cursor?: string; clientOrderId?: string; limit: number });
      default:
        return { status: 200, body: this.balances() };
    }
  }

  /** The contract's checks; what the route needs on success (a body, a query, an id). */
  private validate(match: RouteMatch, request: MockRequest): { value: unknown } | { response: MockResponse } {
    const query = Object.fromEntries(new URLSearchParams(request.rawQuery));
    let parsed;
    switch (match.route) {
      case 'POST /v1/orders': {
        let body: unknown;
        try {
          body = JSON.parse(request.rawBody) as unknown;
        } catch {
          return { response: problem('invalid_request', 'the body is not JSON', { field: '(body)' }) };
        }
        parsed = parseBridge(submitOrderRequestSchema, body);
        break;
      }
      case 'GET /v1/orders':
        parsed = parseBridge(openOrdersQuerySchema, query);
        break;
      case 'GET /v1/fills':
        parsed = parseBridge(fillsQuerySchema, query);
        if (parsed.ok && parsed.value.cursor !== undefined && !/^\d+$/.test(parsed.value.cursor))
          parsed = { ok: false as const, field: 'cursor', reason: 'cursor: not one this bridge gave' };
        break;
      case 'GET /v1/orders/:clientOrderId':
      case 'DELETE /v1/orders/:clientOrderId':
        parsed = parseBridge(clientOrderIdSchema, match.clientOrderId);
        if (!parsed.ok) parsed = { ...parsed, field: 'clientOrderId', reason: `clientOrderId: ${parsed.reason}` };
        break;
      default:
        parsed = { ok: true as const, value: undefined };
    }
    if (parsed.ok) return { value: parsed.value };
    return { response: problem('invalid_request', parsed.reason, { field: parsed.field }) };
  }

  /** HMAC over timestamp, method, path and body; the timestamp judged now, when it is processed. */
  private authenticate(request: MockRequest, now: number): MockResponse | undefined {
    const key = request.headers[CREON_BRIDGE_HEADERS.key];
    const timestamp = request.headers[CREON_BRIDGE_HEADERS.timestamp];
    const signature = request.headers[CREON_BRIDGE_HEADERS.signature];
    if (typeof key !== 'string' || typeof timestamp !== 'string' || typeof signature !== 'string') {
      return problem('unauthorized', 'X-Bridge-Key, X-Bridge-Timestamp and X-Bridge-Signature are required');
    }
    if (key !== this.options.apiKey) return problem('unauthorized', `unknown key ${key}`);
    const pathAndQuery = `${request.path}${request.rawQuery !== '' ? `?${request.rawQuery}` : ''}`;
    const signed = { timestamp, method: request.method, pathAndQuery, body: request.rawBody };
    if (!creonSignatureMatches(signed, this.options.apiSecret, signature)) {
      return problem('unauthorized', 'signature does not match the request');
    }
    const sent = Number(timestamp);
    if (!Number.isFinite(sent) || sent < now - this.recvWindowMs || sent > now + 1_000) {
      return problem('stale_request', `timestamp ${timestamp} is outside the ${this.recvWindowMs} ms window at ${now}`);
    }
    return undefined;
  }

  /** A client order id seen before: the same answer again, never a second order. */
  private replay(record: SubmitRecord, submit: SubmitOrderRequest): MockResponse {
    if (record.request !== JSON.stringify(submit)) {
      return problem('client_order_id_conflict', `client order id ${submit.clientOrderId} was used for another order`);
    }
    this.replays += 1;
    const replayHeader = { [CREON_BRIDGE_HEADERS.replay]: 'true' };
    if (record.order !== undefined) return { status: 200, body: orderView(record.order), headers: replayHeader };
    const refused = record.refusal!.response as Extract<MockResponse, { status: number }>;
    return { ...refused, headers: { ...refused.headers, ...replayHeader } };
  }

  private submit(submit: SubmitOrderRequest): MockResponse {
    const request = JSON.stringify(submit);
    const refuse = (code: CreonErrorCode, detail: string, creonMessage: string): MockResponse => {
      const response = problem(code, detail, { creon: { status: -1, message: creonMessage } });
      const now = Date.now();
      const view: CreonOrder = {
        clientOrderId: submit.clientOrderId,
        orderNo: null,
        code: submit.code,
        side: submit.side,
        orderType: submit.orderType,
        timeInForce: submit.timeInForce,
        quantity: submit.quantity,
        price: submit.price ?? null,
        status: 'rejected',
        filledQuantity: 0,
        averagePrice: null,
        rejectCode: code,
        rejectReason: creonMessage,
        createdAt: now,
        updatedAt: now,
        fills: [],
      };
      this.submits.set(submit.clientOrderId, { request, order: undefined, refusal: { response, view } });
      return response;
    };
    if (submit.price !== undefined && submit.price % krxTickSize(submit.price) !== 0) {
      return refuse(
        'invalid_tick',
        `${submit.price} is not on the KRX tick of ${krxTickSize(submit.price)} won`,
        '호가단위 오류',
      );
    }
    const result = this.engine.place({
      clientOrderId: submit.clientOrderId,
      symbol: submit.code,
      side: submit.side,
      type: submit.orderType,
      timeInForce: submit.orderType === 'MARKET' && submit.timeInForce === 'GTC' ? 'IOC' : submit.timeInForce,
      quantity: submit.quantity,
      price: submit.price,
    });
    if ('rejection' in result) {
      const [code, detail, message] = refusalOf(result.rejection, submit.side);
      return refuse(code, detail, message);
    }
    this.submits.set(submit.clientOrderId, { request, order: result.order, refusal: undefined });
    // Executions on arrival are trades on the exchange like any other.
    this.realtime?.publish(
      submit.code,
      result.order.trades.map((t) => ({ price: t.price, quantity: t.quantity, time: t.ts })),
    );
    return { status: 201, body: orderView(result.order) };
  }

  private fills(query: { since: number; cursor?: string; clientOrderId?: string; limit: number }): MockResponse {
    // The engine numbers trades in the order they happened: that number is the journal cursor.
    const after = query.cursor === undefined ? 0 : Number(query.cursor);
    const journal = this.engine.orders
      .filter((o) => query.clientOrderId === undefined || o.clientOrderId === query.clientOrderId)
      .flatMap((o) => fillViews(o).map((fill, i) => ({ fill, seq: o.trades[i]!.tradeId })))
      .filter(({ fill, seq }) => (query.cursor === undefined ? fill.ts >= query.since : seq > after))
      .sort((a, b) => a.seq - b.seq);
    const page = journal.slice(0, query.limit);
    const nextCursor = journal.length > query.limit ? String(page.at(-1)!.seq) : null;
    return { status: 200, body: { fills: page.map((f) => f.fill), nextCursor, serverTime: Date.now() } };
  }

  private balances(): Record<string, unknown> {
    const all = this.engine.allBalances();
    const cash = all.find((b) => b.asset === 'KRW') ?? { free: 0, locked: 0 };
    return {
      currency: 'KRW',
      cash: { free: cash.free, locked: cash.locked },
      holdings: all
        .filter((b) => b.asset !== 'KRW' && b.free + b.locked > 0)
        .map((b) => ({ code: b.asset, quantity: b.free + b.locked, sellable: b.free })),
    };
  }

  private session(now: number): Record<string, unknown> {
    const { order, query } = this.counters;
    return {
      connected: this.creonConnected,
      serverType: this.creonConnected ? 1 : 0,
      tradeReady: this.creonConnected,
      account: '3301****-01',
      limits: {
        order: { limit: order.limit, remaining: order.remainingAt(now) },
        query: { limit: query.limit, remaining: query.remainingAt(now) },
        windowMs: order.windowMs,
      },
    };
  }

  /** `GetLimitRemainCount(0|1)` and `LimitRequestRemainTime`, on every authenticated answer. */
  private limitHeaders(now: number): Record<string, string> {
    return {
      [CREON_BRIDGE_HEADERS.remainOrder]: String(this.counters.order.remainingAt(now)),
      [CREON_BRIDGE_HEADERS.remainQuery]: String(this.counters.query.remainingAt(now)),
      [CREON_BRIDGE_HEADERS.resetMs]: String(this.counters.order.resetInMs(now)),
    };
  }
}

interface RouteMatch {
  readonly route: string;
  readonly clientOrderId?: string;
}

function routeOf(method: string, path: string): RouteMatch | undefined {
  const byId = /^\/v1\/orders\/([^/]+)$/.exec(path);
  if (byId !== null && (method === 'GET' || method === 'DELETE')) {
    let clientOrderId: string;
    try {
      clientOrderId = decodeURIComponent(byId[1]!);
    } catch {
      clientOrderId = byId[1]!;
    }
    return { route: `${method} /v1/orders/:clientOrderId`, clientOrderId };
  }
  const route = `${method} ${path}`;
  return route in ROUTE_BUCKET ? { route } : undefined;
}
