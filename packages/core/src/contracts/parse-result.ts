import type { z } from 'zod';

/** Result of validating an incoming message: the typed value, or one line saying what is wrong. */
export type ParseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/**
 * Validates `data` against a schema without throwing, so a bus consumer can reject (and
 * dead-letter) a malformed message with a reason instead of crashing.
 */
export function parseWith<T>(schema: z.ZodType<T>, data: unknown): ParseResult<T> {
  const result = schema.safeParse(data);
  if (result.success) return { ok: true, value: result.data };
  const reason = result.error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(message)'}: ${issue.message}`)
    .join('; ');
  return { ok: false, reason };
}
