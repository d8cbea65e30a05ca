import { OrderStatus } from '@tradeforge/core';
import type { VenueBalance, VenueFill, VenueOrderReport } from '@tradeforge/core';
import { VenueError } from '../shared/venue-error.js';
import type { VenueErrorKind } from '../shared/venue-error.js';
import type { VenueHttpResponse } from '../shared/venue-http.js';
import { retryAfterMs } from '../shared/venue-http.js';
import { CREON_BRIDGE_HEADERS, bridgeProblemSchema } from './creon-bridge-contract.js';
import type { CreonBalances, CreonFill, CreonOrder } from './creon-bridge-contract.js';

const STATUS: Readonly<Record<CreonOrder['status'], OrderStatus>> = {
  open: OrderStatus.Accepted,
  filled: OrderStatus.Filled,
  canceled: OrderStatus.Canceled,
  expired: OrderStatus.Expired,
  rejected: OrderStatus.Rejected,
};

export function reportFromCreon(order: CreonOrder): VenueOrderReport {
  const status =
    order.status === 'open' && order.filledQuantity > 0 ? OrderStatus.PartiallyFilled : STATUS[order.status];
  return {
    clientOrderId: order.clientOrderId,
    venueOrderId: order.orderNo ?? '',
    status,
    filledQuantity: order.filledQuantity,
    averagePrice: order.averagePrice ?? undefined,
    reason: order.status === 'rejected' ? `${order.rejectCode ?? 'rejected'}: ${order.rejectReason ?? ''}` : undefined,
    ts: order.updatedAt,
  };
}

export function fillFromCreon(fill: CreonFill): VenueFill {
  return {
    tradeId: fill.fillId,
    venueOrderId: fill.orderNo,
    clientOrderId: fill.clientOrderId,
    side: fill.side,
    quantity: fill.quantity,
    price: fill.price,
    fee: fill.fee,
    liquidity: fill.maker ? 'MAKER' : 'TAKER',
    ts: fill.ts,
  };
}

/** Cash as `KRW`, each holding under its stock code (the base asset of a Creon instrument). */
export function balancesFromCreon(body: CreonBalances): VenueBalance[] {
  return [
    { asset: body.currency, free: body.cash.free, locked: body.cash.locked },
    ...body.holdings.map((h) => ({ asset: h.code, free: h.sellable, locked: h.quantity - h.sellable })),
  ];
}

/** Bridge codes that are not plain refusals of the request. */
const KIND_BY_CODE: Readonly<Record<string, VenueErrorKind>> = {
  unauthorized: 'auth',
  stale_request: 'clock-skew',
  order_not_found: 'not-found',
  rate_limited: 'rate-limited',
  // The bridge answers this before calling Creon: nothing was sent, like a refused connection.
  creon_not_connected: 'unreachable',
};

/**
 * A non-2xx answer as a VenueError. The bridge answers problem details with a `code`; an answer
 * without one (a proxy's 502, a crashed bridge) is classified by its status alone, so a 5xx
 * always means the outcome is unknown.
 */
export function creonError(label: string, response: VenueHttpResponse): VenueError {
  const { status, headers } = response;
  const parsed = bridgeProblemSchema.safeParse(response.body);
  const problem = parsed.success ? parsed.data : undefined;
  const code = problem?.code ?? String(status);
  const creon = problem?.creon ? ` (Creon ${problem.creon.status}: ${problem.creon.message})` : '';
  const message = `${label}: HTTP ${status} ${code}${problem ? ` ${problem.detail}` : ''}${creon}`;
  const kind: VenueErrorKind =
    KIND_BY_CODE[code] ??
    (status === 429
      ? 'rate-limited'
      : status >= 500
        ? 'server'
        : status === 401 || status === 403
          ? 'auth'
          : status === 404
            ? 'not-found'
            : 'rejected');
  return new VenueError('creon', kind, message, code, status, kind === 'rate-limited' ? waitMs(headers) : undefined);
}

/** Creon's own reset time when the bridge sends it (ms precision), else `Retry-After`. */
function waitMs(headers: Headers): number | undefined {
  const reset = Number(headers.get(CREON_BRIDGE_HEADERS.resetMs) ?? Number.NaN);
  return Number.isFinite(reset) && reset >= 0 ? reset : retryAfterMs(headers);
}
