import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

/** The JWT algorithms Upbit accepts: HS512 in current docs, HS256 in older material. */
export type UpbitJwtAlgorithm = 'HS256' | 'HS512';

const HASH: Readonly<Record<UpbitJwtAlgorithm, string>> = { HS256: 'sha256', HS512: 'sha512' };

export interface UpbitTokenInput {
  readonly accessKey: string;
  readonly secretKey: string;
  /** The request's parameters as a query string; omitted when the request has none. */
  readonly query?: string;
  /** @default 'HS512' */
  readonly algorithm?: UpbitJwtAlgorithm;
  /** @default a fresh UUID (Upbit refuses a nonce it has seen) */
  readonly nonce?: string;
}

/** SHA-512 (hex) of the query string: the `query_hash` claim. */
export function upbitQueryHash(query: string): string {
  return createHash('sha512').update(query, 'utf8').digest('hex');
}

/**
 * The `Authorization: Bearer` token for one Upbit request: a JWT signed with the secret key as
 * is (not base64-decoded), carrying `access_key`, a unique `nonce` and, when the request has
 * parameters, `query_hash` with `query_hash_alg: "SHA512"`.
 */
export function upbitToken(input: UpbitTokenInput): string {
  const algorithm = input.algorithm ?? 'HS512';
  const payload: Record<string, string> = { access_key: input.accessKey, nonce: input.nonce ?? randomUUID() };
  if (input.query !== undefined && input.query !== '') {
    payload['query_hash'] = upbitQueryHash(input.query);
    payload['query_hash_alg'] = 'SHA512';
  }
  const signingInput = `${base64url(JSON.stringify({ alg: algorithm, typ: 'JWT' }))}.${base64url(JSON.stringify(payload))}`;
  return `${signingInput}.${sign(signingInput, input.secretKey, algorithm)}`;
}

export type UpbitTokenCheck =
  | { readonly ok: true; readonly claims: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly reason: string };

/** Verifies a token's signature with the secret (the mock venue uses it); claims are checked by the caller. */
export function verifyUpbitToken(token: string, secretKey: string): UpbitTokenCheck {
  const [header, payload, signature, extra] = token.split('.');
  if (header === undefined || payload === undefined || signature === undefined || extra !== undefined) {
    return { ok: false, reason: 'not a JWT' };
  }
  let alg: unknown;
  let claims: Record<string, unknown>;
  try {
    alg = (JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown }).alg;
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return { ok: false, reason: 'malformed JWT' };
  }
  if (alg !== 'HS256' && alg !== 'HS512') return { ok: false, reason: `unsupported alg ${String(alg)}` };
  const expected = Buffer.from(sign(`${header}.${payload}`, secretKey, alg));
  const received = Buffer.from(signature);
  if (expected.length !== received.length || !timingSafeEqual(expected, received))
    return { ok: false, reason: 'bad signature' };
  return { ok: true, claims };
}

function sign(input: string, secret: string, algorithm: UpbitJwtAlgorithm): string {
  return createHmac(HASH[algorithm], secret).update(input).digest('base64url');
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
