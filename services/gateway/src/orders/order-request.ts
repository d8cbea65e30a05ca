import { randomUUID } from 'node:crypto';
import { contracts } from '@tradeforge/core';

/** One field the client got wrong, named as in the gateway's API. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export type OrderRequestResult =
  | { readonly ok: true; readonly body: Record<string, unknown> }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

/** The gateway's field names where the order service's differ. */
const API_FIELD: Readonly<Record<string, string>> = { orderType: 'type' };

/**
 * Turns a client's `POST /api/orders` body into the order service's request: `type` becomes
 * `orderType`, the client's token `sub` becomes the strategy id (manual orders are attributed to
 * who sent them), and a missing client order id is made here, before any network call, so a
 * retried request can reuse it. Validated by core's `order.submit` contract, the same one the
 * order service and the bus apply, with errors naming the gateway's fields.
 */
export function toOrderServiceRequest(body: unknown, client: string, now: number): OrderRequestResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, errors: [{ field: '(body)', message: 'must be a JSON object' }] };
  }
  const { type, strategyId: _ignored, ...rest } = body as Record<string, unknown>;
  const request = { clientOrderId: randomUUID(), ...rest, orderType: type, strategyId: client };
  const parsed = contracts.submitOrderSchema.safeParse({ ...request, type: 'order.submit', version: 1, ts: now });
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => {
        const field = issue.path.map(String).join('.') || '(body)';
        return { field: API_FIELD[field] ?? field, message: issue.message };
      }),
    };
  }
  const { type: _type, version: _version, ts: _ts, ...command } = parsed.data;
  return { ok: true, body: command };
}
