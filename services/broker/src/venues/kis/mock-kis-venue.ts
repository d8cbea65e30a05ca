import { randomBytes } from 'node:crypto';
// The KRX tick table is the same for every Korean venue; Creon's mock introduced it.
import { krxTickSize as krxTick } from '../creon/krx-tick-size.js';
import { sleep } from '../shared/backoff.js';
import { FaultInjector } from '../shared/mock/mock-faults.js';
import type { MockFaults } from '../shared/mock/mock-faults.js';
import { startMockHttpServer } from '../shared/mock/mock-http-server.js';
import type { MockHttpServer, MockRequest, MockResponse } from '../shared/mock/mock-http-server.js';
import { FixedWindowCounter } from '../shared/mock/mock-limit-counter.js';
import { MockMatchingEngine } from '../shared/mock/mock-matching-engine.js';
import type { MockMarket, MockOrder, PlaceRejection } from '../shared/mock/mock-matching-engine.js';
import { KIS_TR_IDS } from './kis-limits.js';
import type { KisEnvironment, KisTransaction } from './kis-limits.js';
import { kstDateTime } from './kis-mapping.js';
import { kisOrderRow } from './mock-kis-rows.js';
import { MockKisStream } from './mock-kis-stream.js';
import type { MockKisCancel } from './mock-kis-rows.js';

export interface MockKisOptions {
  readonly appKey: string;
  readonly appSecret: string;
  /** `CANO-ACNT_PRDT_CD`, e.g. `12345678-01`. */
  readonly account: string;
  /** Which `tr_id`s it takes (`TTTC…` real, `VTTC…` paper). @default 'real' */
  readonly environment?: KisEnvironment;
  /** Stocks by 6-digit code (`symbol` = `base` = `005930`, quote `KRW`). */
  readonly markets: readonly MockMarket[];
  /** Starting cash (`KRW`) and holdings by code. */
  readonly balances: Readonly<Record<string, number>>;
  /** Requests per window per app key. @default 20 per 1000 ms */
  readonly limits?: { readonly perWindow?: number; readonly windowMs?: number };
  /** Least time between token issuances (`EGW00133` otherwise). @default 60000 */
  readonly tokenIntervalMs?: number;
  /** Token lifetime. @default 86400000 (24 h) */
  readonly tokenTtlMs?: number;
  /** Rows per page of an inquiry (KIS: 100 real, 15 paper). @default 100 */
  readonly pageSize?: number;
  readonly maxFillPerMatch?: number;
  readonly faultSeed?: number;
  readonly port?: number;
  /** How often the stream server sends PINGPONG. @default 5000 */
  readonly pingIntervalMs?: number;
  /** Stream registrations per session. @default 41 (KIS) */
  readonly maxStreamRegistrations?: number;
}

/** Each route's transaction ids (`tr_id`), by what it does. */
const ROUTES: Readonly<Record<string, readonly KisTransaction[]>> = {
  'POST /uapi/domestic-stock/v1/trading/order-cash': ['buy', 'sell'],
  'POST /uapi/domestic-stock/v1/trading/order-rvsecncl': ['cancel'],
  'GET /uapi/domestic-stock/v1/trading/inquire-daily-ccld': ['inquireOrders'],
  'GET /uapi/domestic-stock/v1/trading/inquire-balance': ['inquireBalance'],
};
const TOKEN_ROUTE = 'POST /oauth2/tokenP';
const APPROVAL_ROUTE = 'POST /oauth2/Approval';
const BRANCH = '91252';

/**
 * A KIS Open API server for tests and sandbox mode: the token endpoint with its once-a-minute
 * rule (a token re-issued within its life is the same token), tokens, app key and secret checked
 * on every call as KIS's gateway does (`EGW00121` invalid, `EGW00123` expired, `EGW00103`/
 * `EGW00105` wrong key or secret — with HTTP 500, as KIS answers them), `tr_id` per route and
 * environment, requests per second counted on arrival (`EGW00201`), cash orders, cancels and
 * paged inquiries in KIS's shapes, matching against fed prices, and the shared fault switches.
 */
export class MockKisVenue {
  readonly engine: MockMatchingEngine;
  readonly faults: FaultInjector;
  readonly counter: FixedWindowCounter;
  /** Token requests answered with an access token, and refused as within the minute. */
  tokensIssued = 0;
  tokenViolations = 0;
  authFailures = 0;
  requests = 0;
  private readonly environment: KisEnvironment;
  private readonly tokens = new Map<string, { expiresAt: number }>();
  private current: { value: string; issuedAt: number } | undefined;
  private lastIssuanceAt = -Infinity;
  private readonly cancels: MockKisCancel[] = [];
  private nextCancelNo = 1;
  private server: MockHttpServer | undefined;
  private realtime: MockKisStream | undefined;

  private constructor(private readonly options: MockKisOptions) {
    this.environment = options.environment ?? 'real';
    // KIS reports commission and tax in the daily settlement, not per order: no fee here.
    this.engine = new MockMatchingEngine({
      markets: options.markets,
      balances: options.balances,
      feeRate: 0,
      maxFillPerMatch: options.maxFillPerMatch,
    });
    this.faults = new FaultInjector(options.faultSeed ?? 1);
    this.counter = new FixedWindowCounter(
      'requests',
      options.limits?.perWindow ?? 20,
      options.limits?.windowMs ?? 1_000,
    );
  }

  static async start(options: MockKisOptions): Promise<MockKisVenue> {
    const venue = new MockKisVenue(options);
    venue.server = await startMockHttpServer((request) => venue.handle(request), options.port);
    venue.realtime = new MockKisStream(venue.server.server, {
      appKey: options.appKey,
      appSecret: options.appSecret,
      pingIntervalMs: options.pingIntervalMs,
      maxRegistrations: options.maxStreamRegistrations,
    });
    return venue;
  }

  get url(): string {
    return this.server!.url;
  }

  /** The real-time WebSocket endpoint (same port as the REST API; KIS's is a host of its own). */
  get streamUrl(): string {
    return this.url.replace(/^http/, 'ws');
  }

  /** The real-time side: approval keys, sessions, PINGPONG, faults. */
  get stream(): MockKisStream {
    return this.realtime!;
  }

  /** Requests over the per-second limit plus token requests within the minute. */
  get limitViolations(): number {
    return this.counter.violations + this.tokenViolations;
  }

  setFaults(faults: MockFaults): void {
    this.faults.faults = faults;
  }

  /**
   * A trade at `price` for a stock code (default 1 share): the new last price, which resting
   * orders it crosses fill against. The trade and those executions are streamed in one frame.
   */
  setPrice(code: string, price: number, volume = 1): void {
    const before = new Map(this.engine.openOrders(code).map((o) => [o, o.trades.length]));
    this.engine.setPrice(code, price);
    const ts = Date.now();
    const executions = [...before].flatMap(([order, seen]) => order.trades.slice(seen));
    this.realtime?.publish(code, [
      { price, volume, ts },
      ...executions.map((t) => ({ price: t.price, volume: t.quantity, ts: t.ts })),
    ]);
  }

  /** Every token issued so far expires now (KIS: after 24 h): the next call gets `EGW00123`. */
  expireTokens(): void {
    for (const token of this.tokens.values()) token.expiresAt = Date.now();
    this.current = undefined;
  }

  async stop(): Promise<void> {
    await this.realtime?.close();
    await this.server?.close();
  }

  private async handle(request: MockRequest): Promise<MockResponse> {
    this.requests += 1;
    const now = request.arrivedAt;
    const route = `${request.method} ${request.path}`;
    if (route === APPROVAL_ROUTE) return this.realtime!.approve(request);
    if (route !== TOKEN_ROUTE && ROUTES[route] === undefined)
      return { status: 404, body: { message: `no route ${route}` } };
    if (!this.counter.add(1, now)) return kisFailure(500, 'EGW00201', '초당 거래건수를 초과하였습니다.');

    const decision = this.faults.decide(route, request.method === 'POST' && route !== TOKEN_ROUTE);
    const latency = this.faults.faults.latencyMs ?? 0;
    if (latency > 0) await sleep(latency);
    if (decision === 'server-error') return { status: 503, body: { message: 'Service Unavailable' } };
    if (decision === 'stall') await sleep(this.faults.stallMs);
    const answer = route === TOKEN_ROUTE ? this.issueToken(request, now) : this.route(route, request);
    if (decision === 'drop-after-process') return { drop: true };
    if (decision === 'error-after-process') return { status: 500, body: { message: 'Internal Server Error' } };
    return answer;
  }

  /** `POST /oauth2/tokenP`: once a minute per app key; the same token while it lives. */
  private issueToken(request: MockRequest, now: number): MockResponse {
    const body = parseJson(request.rawBody);
    if (body?.['grant_type'] !== 'client_credentials')
      return tokenFailure('MOCK-GRANT_TYPE', 'grant_type must be client_credentials');
    if (body['appkey'] !== this.options.appKey) return tokenFailure('EGW00103', '유효하지 않은 AppKey입니다.');
    if (body['appsecret'] !== this.options.appSecret) return tokenFailure('EGW00105', '유효하지 않은 AppSecret입니다.');
    if (now - this.lastIssuanceAt < (this.options.tokenIntervalMs ?? 60_000)) {
      this.tokenViolations += 1;
      return tokenFailure('EGW00133', '접근토큰 발급 잠시 후 다시 시도하세요(1분당 1회)');
    }
    this.lastIssuanceAt = now;
    this.tokensIssued += 1;
    const ttl = this.options.tokenTtlMs ?? 86_400_000;
    if (this.current === undefined) {
      this.current = { value: randomBytes(24).toString('base64url'), issuedAt: now };
      this.tokens.set(this.current.value, { expiresAt: now + ttl });
    }
    const expiresAt = this.tokens.get(this.current.value)!.expiresAt;
    const { date, time } = kstDateTime(expiresAt);
    return {
      status: 200,
      body: {
        access_token: this.current.value,
        access_token_token_expired: `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6)} ${time.slice(0, 2)}:${time.slice(2, 4)}:${time.slice(4)}`,
        token_type: 'Bearer',
        expires_in: Math.round((expiresAt - now) / 1_000),
      },
    };
  }

  private route(route: string, request: MockRequest): MockResponse {
    const denied = this.authenticate(request, ROUTES[route]!);
    if (denied !== undefined) {
      this.authFailures += 1;
      return denied;
    }
    const params =
      request.method === 'POST'
        ? parseJson(request.rawBody)
        : Object.fromEntries(new URLSearchParams(request.rawQuery));
    if (params === undefined) return kisFailure(400, 'MOCK-BODY', 'body is not JSON');
    const [cano, product] = this.options.account.split('-');
    if (params['CANO'] !== cano || params['ACNT_PRDT_CD'] !== product)
      return kisFailure(
        200,
        'MOCK-ACCOUNT',
        `CANO/ACNT_PRDT_CD ${String(params['CANO'])}-${String(params['ACNT_PRDT_CD'])} is not this app key's account`,
      );
    switch (route) {
      case 'POST /uapi/domestic-stock/v1/trading/order-cash':
        return this.orderCash(params, request.headers['tr_id'] === KIS_TR_IDS[this.environment].buy ? 'BUY' : 'SELL');
      case 'POST /uapi/domestic-stock/v1/trading/order-rvsecncl':
        return this.cancel(params);
      case 'GET /uapi/domestic-stock/v1/trading/inquire-daily-ccld':
        return this.inquireOrders(params, request.headers['tr_cont']);
      default:
        return this.inquireBalance(params);
    }
  }

  /** The gateway's checks: token, app key and secret, `tr_id`, `custtype`. */
  private authenticate(request: MockRequest, transactions: readonly KisTransaction[]): MockResponse | undefined {
    const header = request.headers['authorization'];
    const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : '';
    const known = this.tokens.get(token);
    if (known === undefined) return kisFailure(500, 'EGW00121', '유효하지 않은 token 입니다.');
    if (known.expiresAt <= request.arrivedAt) return kisFailure(500, 'EGW00123', '기간이 만료된 token 입니다.');
    if (request.headers['appkey'] !== this.options.appKey)
      return kisFailure(500, 'EGW00103', '유효하지 않은 AppKey입니다.');
    if (request.headers['appsecret'] !== this.options.appSecret)
      return kisFailure(500, 'EGW00105', '유효하지 않은 AppSecret입니다.');
    const trId = request.headers['tr_id'];
    if (!transactions.some((t) => KIS_TR_IDS[this.environment][t] === trId))
      return kisFailure(
        400,
        'MOCK-TR_ID',
        `tr_id ${String(trId)} is not a ${this.environment} transaction of this route`,
      );
    const custType = request.headers['custtype'];
    if (custType !== 'P' && custType !== 'B') return kisFailure(400, 'MOCK-CUSTTYPE', 'custtype must be P or B');
    return undefined;
  }

  private orderCash(params: Record<string, unknown>, side: 'BUY' | 'SELL'): MockResponse {
    const dvsn = String(params['ORD_DVSN']);
    const market = dvsn === '01' || dvsn === '13' || dvsn === '14';
    const price = Number(params['ORD_UNPR']);
    const quantity = Number(params['ORD_QTY']);
    if (!['00', '01', '11', '12', '13', '14'].includes(dvsn))
      return kisFailure(200, 'MOCK-ORD_DVSN', `ORD_DVSN ${dvsn} is not supported by this mock`);
    if (!Number.isInteger(quantity) || quantity <= 0) return kisFailure(200, 'MOCK-ORD_QTY', '주문수량을 확인하세요.');
    if (!market && (!(price > 0) || price % krxTick(price) !== 0))
      return kisFailure(200, 'MOCK-TICK', `호가단위 오류: ${price} is not a multiple of ${krxTick(price)}`);
    const result = this.engine.place({
      clientOrderId: '',
      symbol: String(params['PDNO']),
      side,
      type: market ? 'MARKET' : 'LIMIT',
      timeInForce:
        dvsn === '11' || dvsn === '13' || dvsn === '01' ? 'IOC' : dvsn === '12' || dvsn === '14' ? 'FOK' : 'GTC',
      quantity,
      price: market ? undefined : price,
    });
    if ('rejection' in result) return rejection(result.rejection, side);
    this.dvsnOf.set(result.order.venueOrderId, dvsn);
    // Executions on arrival are trades on the exchange like any other.
    this.realtime?.publish(
      result.order.symbol,
      result.order.trades.map((t) => ({ price: t.price, volume: t.quantity, ts: t.ts })),
    );
    return accepted(odnoOf(result.order), result.order.createdAt);
  }

  private readonly dvsnOf = new Map<number, string>();

  private cancel(params: Record<string, unknown>): MockResponse {
    if (params['RVSE_CNCL_DVSN_CD'] !== '02')
      return kisFailure(200, 'MOCK-RVSE', 'this mock only cancels (RVSE_CNCL_DVSN_CD 02)');
    const order = this.engine.findByVenueId(Number(params['ORGN_ODNO']));
    if (order === undefined || params['KRX_FWDG_ORD_ORGNO'] !== BRANCH)
      return kisFailure(200, 'MOCK-NO_ORDER', '원주문번호가 존재하지 않습니다.');
    const remaining = order.quantity - order.executed;
    if (!this.engine.cancel(order)) return kisFailure(200, 'MOCK-NOTHING_LEFT', '정정취소 가능수량이 없습니다.');
    const cancelNo = String(9_000_000_000 + this.nextCancelNo++);
    const ts = Date.now();
    this.cancels.push({ odno: cancelNo, original: order, quantity: remaining, ts });
    return accepted(cancelNo, ts);
  }

  /** `inquire-daily-ccld`: orders (and cancels) of the account, filtered and paged like KIS. */
  private inquireOrders(params: Record<string, unknown>, trCont: string | string[] | undefined): MockResponse {
    const from = String(params['INQR_STRT_DT'] ?? '');
    const to = String(params['INQR_END_DT'] ?? '');
    const side = String(params['SLL_BUY_DVSN_CD'] ?? '00');
    const code = String(params['PDNO'] ?? '');
    const odno = String(params['ODNO'] ?? '');
    const executed = String(params['CCLD_DVSN'] ?? '00');
    const rows = [
      ...this.engine.orders.map((o) => kisOrderRow(o, this.dvsnOf.get(o.venueOrderId) ?? '00', BRANCH)),
      ...this.cancels.map((c) => ({
        ...kisOrderRow(c.original, '00', BRANCH),
        odno: c.odno,
        orgn_odno: odnoOf(c.original),
        ord_qty: String(c.quantity),
        tot_ccld_qty: '0',
        ...timeFields(c.ts),
      })),
    ].filter(
      (row) =>
        row.ord_dt >= from &&
        row.ord_dt <= to &&
        (side === '00' || row.sll_buy_dvsn_cd === side) &&
        (code === '' || row.pdno === code) &&
        (odno === '' || row.odno === odno) &&
        (executed !== '01' || Number(row.tot_ccld_qty) > 0) &&
        (executed !== '02' || Number(row.rmn_qty) > 0),
    );
    rows.sort((a, b) => a.odno.localeCompare(b.odno));
    if (params['INQR_DVSN'] !== '01') rows.reverse();
    const pageSize = this.options.pageSize ?? 100;
    const offset = trCont === 'N' ? Number(params['CTX_AREA_NK100'] ?? 0) || 0 : 0;
    const page = rows.slice(offset, offset + pageSize);
    const more = offset + pageSize < rows.length;
    return {
      status: 200,
      headers: { tr_cont: more ? 'M' : 'D' },
      body: {
        rt_cd: '0',
        msg_cd: more ? 'KIOK0510' : 'KIOK0460',
        msg1: more ? '조회가 계속됩니다..다음버튼을 Click 하십시오.' : '조회 되었습니다. (마지막 자료)',
        ctx_area_fk100: '',
        ctx_area_nk100: more ? String(offset + pageSize) : '',
        output1: page,
        output2: {
          tot_ord_qty: String(page.reduce((sum, r) => sum + Number(r.ord_qty), 0)),
          tot_ccld_qty: String(page.reduce((sum, r) => sum + Number(r.tot_ccld_qty), 0)),
        },
      },
    };
  }

  /** `inquire-balance`: holdings (`output1`) and the cash deposit (`output2[0].dnca_tot_amt`). */
  private inquireBalance(_params: Record<string, unknown>): MockResponse {
    const holdings = this.engine
      .allBalances()
      .filter((b) => b.asset !== 'KRW' && b.free + b.locked > 0)
      .map((b) => ({
        pdno: b.asset,
        prdt_name: b.asset,
        hldg_qty: String(b.free + b.locked),
        ord_psbl_qty: String(b.free),
        prpr: String(this.engine.lastPrice(b.asset) ?? 0),
      }));
    const cash = this.engine.balanceOf('KRW');
    return {
      status: 200,
      headers: { tr_cont: 'D' },
      body: {
        rt_cd: '0',
        msg_cd: 'KIOK0460',
        msg1: '조회 되었습니다. (마지막 자료)',
        ctx_area_fk100: '',
        ctx_area_nk100: '',
        output1: holdings,
        output2: [{ dnca_tot_amt: String(cash.free + cash.locked) }],
      },
    };
  }
}

function odnoOf(order: MockOrder): string {
  return String(order.venueOrderId).padStart(10, '0');
}

function timeFields(ts: number): { ord_dt: string; ord_tmd: string } {
  const { date, time } = kstDateTime(ts);
  return { ord_dt: date, ord_tmd: time };
}

function accepted(odno: string, ts: number): MockResponse {
  return {
    status: 200,
    body: {
      rt_cd: '0',
      msg_cd: 'APBK0013',
      msg1: '주문 전송 완료 되었습니다.',
      output: { KRX_FWDG_ORD_ORGNO: BRANCH, ODNO: odno, ORD_TMD: kstDateTime(ts).time },
    },
  };
}

/**
 * Business refusals. `APBK0952` is the code KIS sends for an order above the buying power; KIS's
 * exact codes for the other cases are not in our reference, so this mock names them `MOCK-…`.
 */
function rejection(reason: PlaceRejection, side: 'BUY' | 'SELL'): MockResponse {
  switch (reason) {
    case 'insufficient-balance':
      return side === 'BUY'
        ? kisFailure(200, 'APBK0952', '주문가능금액을 초과 했습니다')
        : kisFailure(200, 'MOCK-SELL_QTY', '주문가능수량을 초과 했습니다');
    case 'unknown-symbol':
      return kisFailure(200, 'MOCK-PDNO', '종목코드를 확인하세요.');
    case 'price-filter':
      return kisFailure(200, 'MOCK-TICK', '호가단위 오류');
    case 'lot-size':
      return kisFailure(200, 'MOCK-ORD_QTY', '주문수량을 확인하세요.');
    case 'min-notional':
      return kisFailure(200, 'MOCK-MIN_AMOUNT', '최소 주문금액 미만입니다.');
    case 'no-price':
      return kisFailure(200, 'MOCK-NO_PRICE', '시세가 없습니다.');
  }
}

function kisFailure(status: number, code: string, message: string): MockResponse {
  return { status, body: { rt_cd: '1', msg_cd: code, msg1: message } };
}

function tokenFailure(code: string, description: string): MockResponse {
  return { status: 403, body: { error_code: code, error_description: description } };
}

function parseJson(raw: string): Record<string, unknown> | undefined {
  try {
    const value = raw === '' ? {} : (JSON.parse(raw) as unknown);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
