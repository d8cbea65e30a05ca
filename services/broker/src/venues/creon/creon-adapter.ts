import { OrderType, TimeInForce } from '@tradeforge/core';
import type {
  Instrument,
  Tick,
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
} from '@tradeforge/core';
import type { z } from 'zod';
import { OpenTradeStreams } from '../shared/open-trade-streams.js';
import type { BackoffOptions } from '../shared/backoff.js';
import { CircuitBreaker } from '../shared/circuit-breaker.js';
import type { CircuitBreakerOptions } from '../shared/circuit-breaker.js';
import { WeightedRateLimiter } from '../shared/rate-limiter.js';
import type { LimiterClock, RateLimitBucket, RequestCost } from '../shared/rate-limiter.js';
import { ResilientCaller } from '../shared/resilient-caller.js';
import type { ResilienceOptions } from '../shared/resilient-caller.js';
import { VenueError, asVenueError } from '../shared/venue-error.js';
import { formatStep } from '../shared/venue-format.js';
import { venueHttp } from '../shared/venue-http.js';
import {
  CLIENT_ORDER_ID_PATTERN,
  CREON_BRIDGE_HEADERS,
  CREON_BRIDGE_PREFIX,
  CREON_STREAM_PATH,
  STOCK_CODE_PATTERN,
  balancesResponseSchema,
  creonOrderSchema,
  fillsResponseSchema,
  healthResponseSchema,
  openOrdersResponseSchema,
  sessionResponseSchema,
} from './creon-bridge-contract.js';
import type { CreonFillsPage, SubmitOrderRequest } from './creon-bridge-contract.js';
import { CREON_COSTS, CREON_DEFAULT_LIMITS, CREON_REMAIN_HEADERS } from './creon-limits.js';
import { balancesFromCreon, creonError, fillFromCreon, reportFromCreon } from './creon-mapping.js';
import { signCreonRequest } from './creon-signing.js';
import { CreonTradeStream } from './creon-trade-stream.js';

export interface CreonAdapterOptions {
  /** The bridge's address, e.g. `http://creon-bridge.internal:8765` (Creon has no public endpoint). */
  readonly baseUrl: string;
  /** The key id the bridge knows the shared secret by (`X-Bridge-Key`). */
  readonly apiKey: string;
  /** The shared secret that signs every request (never sent). */
  readonly apiSecret: string;
  /** The bridge's receive window: it refuses a request signed longer ago. @default 5000 */
  readonly recvWindowMs?: number;
  /** @default CREON_DEFAULT_LIMITS (20 orders and 60 inquiries per 15 s) */
  readonly limits?: readonly RateLimitBucket[];
  readonly resilience?: ResilienceOptions;
  readonly breaker?: CircuitBreakerOptions;
  readonly clock?: LimiterClock;
  /**
   * The bridge's trade stream. @default `baseUrl` with a WebSocket scheme and `/v1/stream`
   * (the config's `streamUrl` is null for Creon: the stream is the bridge's own)
   */
  readonly streamUrl?: string;
  /** Reconnect waits of trade streams. @default base 250 ms, at most 10 s */
  readonly streamBackoff?: BackoffOptions;
}

interface BridgeCall<T> {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Below the prefix, e.g. `/orders`. */
  readonly path: string;
  readonly query?: Record<string, string>;
  readonly body?: unknown;
  readonly cost: RequestCost;
  readonly idempotent: boolean;
  readonly schema: z.ZodType<T>;
  readonly signed?: boolean;
}

/**
 * Creon (Daishin Securities) through the bridge process that runs beside Creon Plus on Windows
 * (docs/architecture/creon-bridge.md). Requests are HMAC-signed with a timestamp; our client
 * order id is the bridge's idempotency key, so a submit is found by it after a timeout — and is
 * never resent. Creon's 15-second order and inquiry counters are the limiter's buckets, kept in
 * step with what the bridge reports from `GetLimitRemainCount`.
 */
export class CreonAdapter implements VenueAdapter {
  readonly venue = 'creon';
  readonly capabilities: VenueCapabilities;
  readonly limiter: WeightedRateLimiter;
  readonly caller: ResilientCaller;
  private readonly clock: LimiterClock;
  /** Bridge time minus ours, measured at connect: the signature window is judged on its clock. */
  private clockOffsetMs = 0;
  private readonly streams = new OpenTradeStreams<CreonTradeStream>();

  constructor(private readonly options: CreonAdapterOptions) {
    this.clock = options.clock ?? { now: () => Date.now() };
    this.limiter = new WeightedRateLimiter(options.limits ?? CREON_DEFAULT_LIMITS, this.clock);
    this.caller = new ResilientCaller(
      this.venue,
      this.limiter,
      new CircuitBreaker(options.breaker, this.clock),
      options.resilience,
    );
    this.capabilities = {
      venue: this.venue,
      orderTypes: [OrderType.Market, OrderType.Limit],
      timeInForce: [TimeInForce.GTC, TimeInForce.IOC, TimeInForce.FOK],
      // Creon knows only its order numbers; the bridge keeps our id ↔ number map for us.
      clientOrderIds: 'native',
      // A request signed longer ago than the window is refused: after it, "not found" is final.
      staleRequestMs: (options.recvWindowMs ?? 5_000) + 1_000,
      marketDataStream: true,
      // Whole shares and won; KRX ticks grow with the price (1 to 1,000 won).
      precision: { maxDecimals: 0, tick: 'price-bands' },
    };
  }

  /** Syncs the clock with the bridge, then checks the key and that Creon Plus is logged in. */
  async connect(): Promise<void> {
    const sentAt = this.clock.now();
    const health = await this.request({
      method: 'GET',
      path: '/health',
      cost: CREON_COSTS.none,
      idempotent: true,
      schema: healthResponseSchema,
      signed: false,
    });
    this.clockOffsetMs = health.serverTime - Math.round((sentAt + this.clock.now()) / 2);
    const session = await this.request({
      method: 'GET',
      path: '/session',
      cost: CREON_COSTS.none,
      idempotent: true,
      schema: sessionResponseSchema,
    });
    if (!session.connected || !session.tradeReady) {
      throw new VenueError(
        this.venue,
        'unreachable',
        `Creon Plus on the bridge host is ${session.connected ? 'connected but trading is not initialised (CpTdUtil.TradeInit)' : 'not logged in'}`,
      );
    }
  }

  async submit({ order, instrument }: VenueOrderRef): Promise<VenueSubmitResult> {
    const unsupported = this.unsupported(order.type, order.timeInForce, order.clientOrderId, instrument);
    if (unsupported !== undefined) return { status: 'rejected', reason: unsupported, code: 'unsupported' };
    const body: SubmitOrderRequest = {
      clientOrderId: order.clientOrderId,
      code: instrument.symbol,
      side: order.side,
      orderType: order.type === OrderType.Limit ? 'LIMIT' : 'MARKET',
      timeInForce: order.timeInForce as SubmitOrderRequest['timeInForce'],
      quantity: Number(formatStep(order.quantity, instrument.lotSize)),
      ...(order.type === OrderType.Limit ? { price: Number(formatStep(order.price!, instrument.tickSize)) } : {}),
    };
    try {
      const placed = await this.request({
        method: 'POST',
        path: '/orders',
        body,
        cost: CREON_COSTS.submit,
        // Never resent: the first request may have reached Creon. UNKNOWN is resolved by query.
        idempotent: false,
        schema: creonOrderSchema,
      });
      if (placed.status === 'rejected') {
        return { status: 'rejected', reason: reportFromCreon(placed).reason!, code: placed.rejectCode ?? 'rejected' };
      }
      return { status: 'accepted', report: reportFromCreon(placed), fills: placed.fills.map(fillFromCreon) };
    } catch (error) {
      const failure = asVenueError(this.venue, error);
      if (failure.outcomeUnknown) return { status: 'unknown', reason: failure.message };
      return { status: 'rejected', reason: failure.message, code: failure.code };
    }
  }

  async cancel({ order }: VenueOrderRef): Promise<VenueCancelResult> {
    try {
      const canceled = await this.request({
        method: 'DELETE',
        path: `/orders/${encodeURIComponent(order.clientOrderId)}`,
        cost: CREON_COSTS.cancel,
        idempotent: true,
        schema: creonOrderSchema,
      });
      return { status: 'canceled', report: reportFromCreon(canceled) };
    } catch (error) {
      const failure = asVenueError(this.venue, error);
      if (failure.outcomeUnknown) return { status: 'unknown', reason: failure.message };
      return { status: 'rejected', reason: failure.message, code: failure.code };
    }
  }

  async queryOrder({ order }: VenueOrderRef): Promise<VenueQueryResult> {
    try {
      const found = await this.request({
        method: 'GET',
        path: `/orders/${encodeURIComponent(order.clientOrderId)}`,
        cost: CREON_COSTS.queryOrder,
        idempotent: true,
        schema: creonOrderSchema,
      });
      return { status: 'found', report: reportFromCreon(found) };
    } catch (error) {
      const failure = asVenueError(this.venue, error);
      if (failure.kind === 'not-found') return { status: 'not-found' };
      throw failure;
    }
  }

  async orderFills({ order }: VenueOrderRef): Promise<readonly VenueFill[]> {
    return this.fillsSince(0, order.clientOrderId);
  }

  /** Every execution from `since` (epoch ms) on, oldest first; of one order when `clientOrderId` is given. */
  async fillsSince(since: number, clientOrderId?: string): Promise<readonly VenueFill[]> {
    const fills: VenueFill[] = [];
    let cursor: string | null = null;
    do {
      const page: CreonFillsPage = await this.request({
        method: 'GET',
        path: '/fills',
        query: {
          since: String(since),
          ...(cursor !== null ? { cursor } : {}),
          ...(clientOrderId !== undefined ? { clientOrderId } : {}),
        },
        cost: CREON_COSTS.fills,
        idempotent: true,
        schema: fillsResponseSchema,
      });
      fills.push(...page.fills.map(fillFromCreon));
      cursor = page.nextCursor;
    } while (cursor !== null);
    return fills;
  }

  async openOrders(instruments: readonly Instrument[]): Promise<readonly VenueOrderReport[]> {
    const reports: VenueOrderReport[] = [];
    for (const instrument of instruments) {
      const page = await this.request({
        method: 'GET',
        path: '/orders',
        query: { state: 'open', code: instrument.symbol },
        cost: CREON_COSTS.openOrders,
        idempotent: true,
        schema: openOrdersResponseSchema,
      });
      reports.push(...page.orders.map(reportFromCreon));
    }
    return reports;
  }

  async balances(): Promise<readonly VenueBalance[]> {
    const body = await this.request({
      method: 'GET',
      path: '/balances',
      cost: CREON_COSTS.balances,
      idempotent: true,
      schema: balancesResponseSchema,
    });
    return balancesFromCreon(body);
  }

  /**
   * Creon trades on these stocks as ticks, through the bridge's `/v1/stream`
   * (docs/architecture/creon-bridge.md#the-trade-stream). Resolves once the bridge has subscribed
   * every code; refused past Creon's real-time subscription limit (`subscription_limit`).
   */
  async subscribeTrades(
    instruments: readonly Instrument[],
    onTick: (tick: Tick) => void,
    onStatus?: (status: VenueStreamStatus) => void,
  ): Promise<() => Promise<void>> {
    const url = this.options.streamUrl ?? `${this.options.baseUrl.replace(/^http/, 'ws')}${CREON_STREAM_PATH}`;
    const stream = new CreonTradeStream(
      {
        url,
        signedHeaders: () => this.signedHeaders('GET', new URL(url).pathname, ''),
        backoff: this.options.streamBackoff,
      },
      instruments,
      onTick,
      onStatus,
    );
    return this.streams.start(stream, () => stream.stop());
  }

  async close(): Promise<void> {
    // Beyond open trade streams, nothing is held but fetch's idle connection pool.
    await this.streams.closeAll();
  }

  /** The contract's three auth headers for one request, timestamped on the bridge's clock. */
  private signedHeaders(method: string, pathAndQuery: string, body: string): Record<string, string> {
    const timestamp = this.clock.now() + this.clockOffsetMs;
    return {
      [CREON_BRIDGE_HEADERS.key]: this.options.apiKey,
      [CREON_BRIDGE_HEADERS.timestamp]: String(timestamp),
      [CREON_BRIDGE_HEADERS.signature]: signCreonRequest(
        { timestamp, method, pathAndQuery, body },
        this.options.apiSecret,
      ),
    };
  }

  private unsupported(
    type: OrderType,
    timeInForce: TimeInForce,
    clientOrderId: string,
    instrument: Instrument,
  ): string | undefined {
    if (!this.capabilities.orderTypes.includes(type)) return `creon adapter does not send ${type} orders`;
    if (!this.capabilities.timeInForce.includes(timeInForce)) return `creon has no ${timeInForce} time in force`;
    if (!CLIENT_ORDER_ID_PATTERN.test(clientOrderId))
      return `client order id ${clientOrderId} breaks the bridge's ${CLIENT_ORDER_ID_PATTERN}`;
    if (!STOCK_CODE_PATTERN.test(instrument.symbol))
      return `instrument symbol ${instrument.symbol} is not a Creon stock code (e.g. A005930)`;
    return undefined;
  }

  /** One call through breaker, limiter and timeout; signed per attempt; the answer validated. */
  private request<T>(call: BridgeCall<T>): Promise<T> {
    const query = new URLSearchParams(call.query ?? {}).toString();
    const pathAndQuery = `${CREON_BRIDGE_PREFIX}${call.path}${query !== '' ? `?${query}` : ''}`;
    const label = `${call.method} ${CREON_BRIDGE_PREFIX}${call.path}`;
    const body = call.body === undefined ? '' : JSON.stringify(call.body);
    return this.caller.call({ label, cost: call.cost, idempotent: call.idempotent }, async (signal) => {
      const headers: Record<string, string> = call.body === undefined ? {} : { 'content-type': 'application/json' };
      // A fresh timestamp per attempt: a retry must not fall outside the bridge's window.
      if (call.signed !== false) Object.assign(headers, this.signedHeaders(call.method, pathAndQuery, body));
      const response = await venueHttp(this.venue, {
        method: call.method,
        url: `${this.options.baseUrl}${pathAndQuery}`,
        headers,
        body: call.body === undefined ? undefined : body,
        signal,
      });
      this.observeRemaining(response.headers);
      if (response.status < 200 || response.status >= 300) throw creonError(label, response);
      const parsed = call.schema.safeParse(response.body);
      if (!parsed.success) {
        // It answered 2xx, so it acted; an unreadable answer leaves the outcome unknown.
        throw new VenueError(
          this.venue,
          'server',
          `${label}: answer breaks the bridge contract: ${parsed.error.message}`,
        );
      }
      return parsed.data;
    });
  }

  private observeRemaining(headers: Headers): void {
    for (const [header, bucket] of Object.entries(CREON_REMAIN_HEADERS)) {
      const value = headers.get(header);
      if (value !== null) this.limiter.observeRemaining(bucket, Number(value));
    }
  }
}
