import { z } from 'zod';

/**
 * The HTTP contract between TradeForge's Creon adapter and the bridge process that runs next to
 * Creon Plus on Windows (Creon's COM API is Windows-only, 32-bit). The adapter sends these shapes,
 * the mock bridge enforces them, and a team writing the real bridge implements them:
 * docs/architecture/creon-bridge.md explains each rule.
 */

/** Path prefix of every endpoint; a breaking change gets a new one. */
export const CREON_BRIDGE_PREFIX = '/v1';

/** Our client order id as the bridge stores it (Creon itself has no such field). */
export const CLIENT_ORDER_ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * A Creon stock code: a market letter (`A` stocks and ETFs, `J` ELW, `Q` ETN) and the six-character
 * KRX short code, which starts with a digit and may hold letters in newer listings (`A005930` is
 * Samsung Electronics).
 */
export const STOCK_CODE_PATTERN = /^[A-Z][0-9][0-9A-Z]{5}$/;

/** Headers of the contract, lower-cased as node and fetch report them. */
export const CREON_BRIDGE_HEADERS = {
  /** Which shared secret signed the request (lets a bridge rotate keys). */
  key: 'x-bridge-key',
  /** Epoch ms when the request was signed; the bridge refuses it outside its receive window. */
  timestamp: 'x-bridge-timestamp',
  /** Hex HMAC-SHA256 over `creonSigningPayload`. */
  signature: 'x-bridge-signature',
  /** `GetLimitRemainCount(0)`: order requests left in Creon's current window. */
  remainOrder: 'x-creon-limit-remain-order',
  /** `GetLimitRemainCount(1)`: inquiry requests left in Creon's current window. */
  remainQuery: 'x-creon-limit-remain-query',
  /** `LimitRequestRemainTime`: ms until Creon's window resets. */
  resetMs: 'x-creon-limit-reset-ms',
  /** `true` on a submit answered from the idempotency record instead of placing again. */
  replay: 'idempotent-replay',
} as const;

/**
 * The bridge's error codes and their HTTP status. `rate_limited` and `creon_not_connected` are
 * answered before anything reaches Creon; `creon_timeout` and `internal` mean it may have.
 */
export const CREON_ERROR_STATUS = {
  invalid_request: 400,
  unauthorized: 401,
  stale_request: 401,
  not_found: 404,
  order_not_found: 404,
  client_order_id_conflict: 409,
  order_not_open: 409,
  insufficient_cash: 422,
  insufficient_holdings: 422,
  invalid_tick: 422,
  unknown_code: 422,
  market_closed: 422,
  creon_rejected: 422,
  rate_limited: 429,
  internal: 500,
  creon_not_connected: 503,
  creon_timeout: 504,
} as const;

export type CreonErrorCode = keyof typeof CREON_ERROR_STATUS;

const clientOrderId = z.string().regex(CLIENT_ORDER_ID_PATTERN, 'must be 1-64 characters of A-Z a-z 0-9 . _ : -');
const stockCode = z.string().regex(STOCK_CODE_PATTERN, 'must be a Creon stock code such as A005930');
const side = z.enum(['BUY', 'SELL']);
const orderType = z.enum(['LIMIT', 'MARKET']);
/** KRX orders live for the trading day: GTC here means "until filled, canceled or the close". */
const timeInForce = z.enum(['GTC', 'IOC', 'FOK']);
const epochMs = z.number().int().nonnegative();
const won = z.number().nonnegative();

/** `POST /v1/orders`. Quantities are shares and prices whole won, as Creon takes them. */
export const submitOrderRequestSchema = z
  .strictObject({
    clientOrderId,
    code: stockCode,
    side,
    orderType,
    timeInForce,
    quantity: z.number().int().positive(),
    price: z.number().int().positive().optional(),
  })
  .superRefine((order, ctx) => {
    if (order.orderType === 'LIMIT' && order.price === undefined)
      ctx.addIssue({ code: 'custom', path: ['price'], message: 'is required for a LIMIT order' });
    if (order.orderType === 'MARKET' && order.price !== undefined)
      ctx.addIssue({ code: 'custom', path: ['price'], message: 'must be absent for a MARKET order' });
  });
export type SubmitOrderRequest = z.infer<typeof submitOrderRequestSchema>;

/** Most fills one `GET /v1/fills` page holds. */
export const FILLS_PAGE_MAX = 500;

/** `GET /v1/orders?state=open[&code=]`. */
export const openOrdersQuerySchema = z.strictObject({ state: z.literal('open'), code: stockCode.optional() });

/**
 * `GET /v1/fills?since=<epoch ms, inclusive>[&cursor=][&clientOrderId=][&limit=]`, in the order
 * the bridge journaled them. A full page carries `nextCursor`: pass it back (it wins over
 * `since`) so fills sharing a millisecond are neither skipped nor repeated.
 */
export const fillsQuerySchema = z.strictObject({
  since: z.coerce.number().int().nonnegative().default(0),
  cursor: z.string().min(1).optional(),
  clientOrderId: clientOrderId.optional(),
  limit: z.coerce.number().int().min(1).max(FILLS_PAGE_MAX).default(FILLS_PAGE_MAX),
});

/** The `clientOrderId` path segment of `GET|DELETE /v1/orders/{clientOrderId}`. */
export const clientOrderIdSchema = clientOrderId;

/**
 * One execution. Creon's fill notices (`CpDib.CpConclusion`) carry no trade id, so the bridge
 * derives one that survives its restarts: `<orderNo>:<cumulative filled quantity after it>`.
 */
export const creonFillSchema = z.object({
  fillId: z.string().min(1),
  orderNo: z.string().min(1),
  clientOrderId,
  code: stockCode,
  side,
  quantity: z.number().int().positive(),
  price: won,
  /** Commission plus any transaction tax, in won. */
  fee: won,
  /** `true` when the order rested on the book before this execution. */
  maker: z.boolean(),
  ts: epochMs,
});
export type CreonFill = z.infer<typeof creonFillSchema>;

/** An order as the bridge knows it; `orderNo` is Creon's number, null when Creon refused it. */
export const creonOrderSchema = z.object({
  clientOrderId,
  orderNo: z.string().min(1).nullable(),
  code: stockCode,
  side,
  orderType,
  timeInForce,
  quantity: z.number().int().positive(),
  price: won.nullable(),
  status: z.enum(['open', 'filled', 'canceled', 'expired', 'rejected']),
  filledQuantity: z.number().int().nonnegative(),
  averagePrice: won.nullable(),
  /** The bridge's error code and Creon's message, for `rejected`. */
  rejectCode: z.string().optional(),
  rejectReason: z.string().optional(),
  createdAt: epochMs,
  updatedAt: epochMs,
  fills: z.array(creonFillSchema),
});
export type CreonOrder = z.infer<typeof creonOrderSchema>;

export const openOrdersResponseSchema = z.object({ orders: z.array(creonOrderSchema) });
export const fillsResponseSchema = z.object({
  fills: z.array(creonFillSchema),
  /** Set when the page is full: more may follow. */
  nextCursor: z.string().nullable(),
  serverTime: epochMs,
});
export type CreonFillsPage = z.infer<typeof fillsResponseSchema>;

/** `GET /v1/balances`: the account's cash and holdings (Creon `CpTd6033`, `CpTdNew5331A`). */
export const balancesResponseSchema = z.object({
  currency: z.literal('KRW'),
  cash: z.object({ free: won, locked: won }),
  holdings: z.array(
    z.object({
      code: stockCode,
      quantity: z.number().int().nonnegative(),
      /** Shares not held by open sell orders. */
      sellable: z.number().int().nonnegative(),
    }),
  ),
});
export type CreonBalances = z.infer<typeof balancesResponseSchema>;

const limitState = z.object({ limit: z.number().int(), remaining: z.number().int() });

/** `GET /v1/health`, unauthenticated: liveness and the bridge's clock (for the signature window). */
export const healthResponseSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  creonConnected: z.boolean(),
  serverTime: epochMs,
});

/** `GET /v1/session`, signed: Creon Plus login state (`CpCybos.IsConnect`, `CpTdUtil.TradeInit`). */
export const sessionResponseSchema = z.object({
  connected: z.boolean(),
  /** `CpCybos.ServerType`: 1 Creon Plus server, 2 HTS server, 0 not connected. */
  serverType: z.number().int(),
  tradeReady: z.boolean(),
  /** The account trading, masked (`1234****-01`). */
  account: z.string(),
  limits: z.object({ order: limitState, query: limitState, windowMs: z.number().int().positive() }),
});

/** Every non-2xx answer: RFC 9457 problem details (`application/problem+json`) with `code`. */
export const bridgeProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string(),
  /** The request field at fault, for `invalid_request`. */
  field: z.string().optional(),
  /** Creon's own answer when it refused (`GetDibStatus`, `GetDibMsg1`). */
  creon: z.object({ status: z.number().int(), message: z.string() }).optional(),
});
export type BridgeProblem = z.infer<typeof bridgeProblemSchema>;

/** A validation outcome that names the first field at fault, for 400 answers. */
export type BridgeParse<T> = { ok: true; value: T } | { ok: false; field: string; reason: string };

/** Validates `data`, naming the first offending field (`price`, `quantity`, `(body)`). */
export function parseBridge<T>(schema: z.ZodType<T>, data: unknown): BridgeParse<T> {
  const result = schema.safeParse(data);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0]!;
  // An unexpected key is reported on its parent; the key itself is the field to fix.
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
  const field = path.length > 0 ? path.join('.') : '(body)';
  return { ok: false, field, reason: `${field}: ${issue.message}` };
}

// ---------------------------------------------------------------------------------------------
// The trade stream: `GET /v1/stream` upgraded to a WebSocket (docs/architecture/creon-bridge.md).

/** The stream's path. The upgrade request is signed like any request, with an empty body. */
export const CREON_STREAM_PATH = `${CREON_BRIDGE_PREFIX}/stream`;

/**
 * Real-time subscriptions Creon Plus allows at once (CYBOS Plus help, "CybosPlus Interface": at
 * most 400 SB requests, more is an error). Creon counts them apart from requests and reports what
 * is left as `GetLimitRemainCount(2)`; the bridge answers from that count, this is only a default.
 */
export const CREON_SUBSCRIPTION_LIMIT = 400;

/** Codes one subscribe or unsubscribe message may carry. */
export const STREAM_CODES_MAX = 100;

const streamCodes = z.array(stockCode).min(1).max(STREAM_CODES_MAX);

/** What the client sends: `{"op":"subscribe","codes":["A005930"]}`, or `unsubscribe`. */
export const streamClientMessageSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('subscribe'), codes: streamCodes }),
  z.strictObject({ op: z.literal('unsubscribe'), codes: streamCodes }),
]);
export type StreamClientMessage = z.infer<typeof streamClientMessageSchema>;

/** The stream's error codes (in a `type: error` message; the connection stays open). */
export const CREON_STREAM_ERRORS = [
  'bad_request',
  'subscription_limit',
  'creon_not_connected',
  'creon_rejected',
] as const;
export type CreonStreamErrorCode = (typeof CREON_STREAM_ERRORS)[number];

/** One trade on the exchange (Creon `CpSysDib.StockCur`), expected-price prints left out. */
export const streamTradeSchema = z.strictObject({
  type: z.literal('trade'),
  code: stockCode,
  price: z.number().int().positive(),
  quantity: z.number().int().positive(),
  /** The trade's time as Creon reports it (KST, whole seconds), as epoch ms. */
  time: epochMs,
});

/** What the bridge sends: trades, (un)subscription answers and errors. */
export const streamServerMessageSchema = z.discriminatedUnion('type', [
  streamTradeSchema,
  z.strictObject({
    type: z.literal('subscribed'),
    codes: z.array(stockCode),
    /** `GetLimitRemainCount(2)` after subscribing. */
    remaining: z.number().int().nonnegative(),
  }),
  z.strictObject({
    type: z.literal('unsubscribed'),
    codes: z.array(stockCode),
    remaining: z.number().int().nonnegative(),
  }),
  z.strictObject({
    type: z.literal('error'),
    code: z.enum(CREON_STREAM_ERRORS),
    message: z.string(),
    /** The message's field at fault, for `bad_request`. */
    field: z.string().optional(),
  }),
]);
export type StreamServerMessage = z.infer<typeof streamServerMessageSchema>;
