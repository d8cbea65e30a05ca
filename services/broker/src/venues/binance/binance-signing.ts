import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Binance's SIGNED endpoint signature: HMAC-SHA256 (hex) with the API secret over the query
 * string concatenated with the request body, exactly as sent.
 */
export function signBinance(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}

/** Constant-time check of a received signature (the mock venue uses it). */
export function binanceSignatureMatches(payload: string, secret: string, signature: string): boolean {
  const expected = Buffer.from(signBinance(payload, secret), 'utf8');
  const received = Buffer.from(signature, 'utf8');
  return expected.length === received.length && timingSafeEqual(expected, received);
}

/** `key=value&...` in the given order, percent-encoded, with `&signature=` appended. */
export function signedParams(params: Readonly<Record<string, string>>, secret: string): string {
  const payload = new URLSearchParams(params).toString();
  return `${payload}&signature=${signBinance(payload, secret)}`;
}
