import { BadRequestException } from '@nestjs/common';

/** `?limit=N` of a list route: 1–`max`, `fallback` when absent; else 400 naming `limit`. */
export function parseListLimit(raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw new BadRequestException({
      title: 'Invalid query',
      status: 400,
      errors: [{ field: 'limit', message: `must be a whole number from 1 to ${max}, got ${JSON.stringify(raw)}` }],
    });
  }
  return limit;
}
