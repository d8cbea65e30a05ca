import { contracts } from '@tradeforge/core';

/** One field the client got wrong, as a problem-details entry. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export type SubmissionResult =
  | { readonly ok: true; readonly command: contracts.SubmitOrderCommand }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

/**
 * Turns a client's order request into the `order.submit` command the platform carries, validated
 * by the same contract the bus enforces, so what the API accepts the bus accepts too.
 */
export function toSubmitCommand(body: unknown, now: number): SubmissionResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, errors: [{ field: '(body)', message: 'must be a JSON object' }] };
  }
  const parsed = contracts.submitOrderSchema.safeParse({ ...body, type: 'order.submit', version: 1, ts: now });
  if (parsed.success) return { ok: true, command: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || '(body)', message: issue.message })),
  };
}
