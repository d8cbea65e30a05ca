import { OrderStatus } from '@tradeforge/core';
import type { OrderSide, VenueOrderReport } from '@tradeforge/core';
import { VenueError } from '../shared/venue-error.js';
import type { VenueHttpResponse } from '../shared/venue-http.js';

/**
 * One row of `inquire-daily-ccld` (주식일별주문체결조회) `output1`: one order with its cumulative
 * execution. Keys are lower-case and every value is a string, as KIS sends them.
 */
export interface KisOrderRow {
  /** Order date `YYYYMMDD` (KST). */
  readonly ord_dt: string;
  readonly ord_gno_brno: string;
  /** The venue order number. */
  readonly odno: string;
  /** For a modify or cancel: the order it acts on; empty for an order. */
  readonly orgn_odno: string;
  /** `01` sell, `02` buy. */
  readonly sll_buy_dvsn_cd: '01' | '02';
  readonly pdno: string;
  readonly ord_qty: string;
  readonly ord_unpr: string;
  /** Order time `HHMMSS` (KST). */
  readonly ord_tmd: string;
  readonly tot_ccld_qty: string;
  /** Average execution price. */
  readonly avg_prvs: string;
  readonly tot_ccld_amt: string;
  readonly cncl_yn: string;
  /** Quantity confirmed canceled (a cancel, or an IOC/FOK remainder the exchange ended). */
  readonly cncl_cfrm_qty: string;
  readonly rmn_qty: string;
  readonly rjct_qty: string;
  /** `ORD_DVSN` it was sent with: `00` limit, `01` market, `11`/`12` IOC/FOK limit, `13`/`14` IOC/FOK market. */
  readonly ord_dvsn_cd: string;
}

/** `ORD_DVSN` codes that ask the exchange to end any remainder at once (IOC and FOK). */
const IMMEDIATE_DVSN = new Set(['11', '12', '13', '14']);

export function kisSideCode(side: OrderSide): '01' | '02' {
  return side === 'BUY' ? '02' : '01';
}

export function sideFromKis(code: string): OrderSide {
  return code === '01' ? 'SELL' : 'BUY';
}

/** An order row as a report; `clientOrderId` comes from the adapter's map (KIS has no such field). */
export function reportFromKis(row: KisOrderRow, clientOrderId: string): VenueOrderReport {
  const quantity = Number(row.ord_qty);
  const filled = Number(row.tot_ccld_qty);
  const canceled = Number(row.cncl_cfrm_qty);
  const rejected = Number(row.rjct_qty);
  let status: OrderStatus;
  if (filled >= quantity) status = OrderStatus.Filled;
  else if (rejected > 0 && filled === 0) status = OrderStatus.Rejected;
  else if (canceled > 0 || Number(row.rmn_qty) === 0)
    status =
      IMMEDIATE_DVSN.has(row.ord_dvsn_cd) || row.ord_dvsn_cd === '01' ? OrderStatus.Expired : OrderStatus.Canceled;
  else status = filled > 0 ? OrderStatus.PartiallyFilled : OrderStatus.Accepted;
  return {
    clientOrderId,
    venueOrderId: row.odno,
    status,
    filledQuantity: filled,
    averagePrice: filled > 0 ? Number(row.avg_prvs) : undefined,
    ts: kstToEpoch(row.ord_dt, row.ord_tmd),
    ...(status === OrderStatus.Rejected ? { reason: 'rejected by the exchange' } : {}),
  };
}

const KST_OFFSET_MS = 9 * 3_600_000;

/** Epoch ms → KIS's date (`YYYYMMDD`) and time (`HHMMSS`) in Korea Standard Time (UTC+9, no DST). */
export function kstDateTime(epochMs: number): { date: string; time: string } {
  const iso = new Date(epochMs + KST_OFFSET_MS).toISOString(); // 2026-11-27T00:31:05.123Z
  return { date: iso.slice(0, 10).replace(/-/g, ''), time: iso.slice(11, 19).replace(/:/g, '') };
}

/** KIS's KST date and time → epoch ms. */
export function kstToEpoch(date: string, time: string): number {
  const [y, mo, d] = [date.slice(0, 4), date.slice(4, 6), date.slice(6, 8)].map(Number) as [number, number, number];
  const [h, mi, s] = [time.slice(0, 2), time.slice(2, 4), time.slice(4, 6)].map(Number) as [number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s) - KST_OFFSET_MS;
}

/**
 * Gateway codes that mean the request was refused before any processing, whatever the HTTP
 * status — KIS sends several of them with HTTP 500, which must not be read as "maybe processed".
 */
const KIS_AUTH_CODES = new Set([
  'EGW00102', // AppKey missing
  'EGW00103', // invalid AppKey
  'EGW00105', // invalid AppSecret
  'EGW00121', // invalid token
  'EGW00123', // token expired
]);
/** `EGW00201`: more requests per second than allowed. `EGW00133`: a second token within a minute. */
const KIS_RATE_CODES = new Set(['EGW00201', 'EGW00133']);
/** Token codes after which a new token should be issued. */
export const KIS_TOKEN_REFUSED = new Set(['EGW00121', 'EGW00123']);

interface KisErrorBody {
  readonly rt_cd?: string;
  readonly msg_cd?: string;
  readonly msg1?: string;
  /** The token endpoint answers errors in its own shape. */
  readonly error_code?: string;
  readonly error_description?: string;
}

/**
 * A refused or failed KIS answer as a VenueError. KIS answers `{rt_cd, msg_cd, msg1}`; `rt_cd`
 * other than `"0"` with HTTP 200 is a business refusal (insufficient cash, nothing to cancel…).
 * Gateway codes decide before the HTTP status (see above); any other 5xx is an unknown outcome.
 */
export function kisError(label: string, response: VenueHttpResponse): VenueError {
  const body = (typeof response.body === 'object' && response.body !== null ? response.body : {}) as KisErrorBody;
  const code = body.msg_cd ?? body.error_code ?? String(response.status);
  const text = body.msg1 ?? body.error_description ?? '';
  const message = `${label}: HTTP ${response.status} ${code} ${text}`.trim();
  const { status } = response;
  if (KIS_RATE_CODES.has(code)) return new VenueError('kis', 'rate-limited', message, code, status);
  if (KIS_AUTH_CODES.has(code)) return new VenueError('kis', 'auth', message, code, status);
  if (status >= 500) return new VenueError('kis', 'server', message, code, status);
  if (status === 401 || status === 403) return new VenueError('kis', 'auth', message, code, status);
  return new VenueError('kis', 'rejected', message, code, status);
}

/** True when a 2xx answer carries KIS's success code. */
export function kisSucceeded(body: unknown): boolean {
  return (body as KisErrorBody | undefined)?.rt_cd === '0';
}
