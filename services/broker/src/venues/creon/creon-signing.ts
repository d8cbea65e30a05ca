import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a bridge request's signature covers. */
export interface CreonSignedRequest {
  /** Epoch ms, exactly as sent in `X-Bridge-Timestamp`. */
  readonly timestamp: number | string;
  readonly method: string;
  /** Path and query exactly as sent, e.g. `/v1/fills?since=0`. */
  readonly pathAndQuery: string;
  /** The raw body, `''` when there is none. */
  readonly body: string;
}

/**
 * `timestamp\nMETHOD\npath?query\nbody`: every part the bridge acts on, so a captured request
 * cannot be replayed later (timestamp window) or altered (a changed quantity breaks the HMAC).
 */
export function creonSigningPayload(request: CreonSignedRequest): string {
  return `${request.timestamp}\n${request.method.toUpperCase()}\n${request.pathAndQuery}\n${request.body}`;
}

/** Hex HMAC-SHA256 with the shared secret, sent as `X-Bridge-Signature`. */
export function signCreonRequest(request: CreonSignedRequest, secret: string): string {
  return createHmac('sha256', secret).update(creonSigningPayload(request)).digest('hex');
}

/** Constant-time check of a received signature (the mock bridge, and the reference for the real one). */
export function creonSignatureMatches(request: CreonSignedRequest, secret: string, signature: string): boolean {
  const expected = Buffer.from(signCreonRequest(request, secret), 'utf8');
  const received = Buffer.from(signature, 'utf8');
  return expected.length === received.length && timingSafeEqual(expected, received);
}
