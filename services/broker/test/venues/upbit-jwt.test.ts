import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { upbitQueryHash, upbitToken, verifyUpbitToken } from '../../src/venues/upbit/upbit-jwt.js';

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('Upbit JWT', () => {
  it('carries access_key, a nonce and the SHA-512 hash of the query', () => {
    const query = 'market=KRW-BTC&side=bid&volume=0.01&price=100000000&ord_type=limit';
    const token = upbitToken({ accessKey: 'ak', secretKey: 'sk', query, nonce: 'n-1' });
    expect(claimsOf(token)).toEqual({
      access_key: 'ak',
      nonce: 'n-1',
      query_hash: createHash('sha512').update(query).digest('hex'),
      query_hash_alg: 'SHA512',
    });
    expect(upbitQueryHash(query)).toHaveLength(128);
  });

  it('has no query_hash when the request has no parameters', () => {
    expect(claimsOf(upbitToken({ accessKey: 'ak', secretKey: 'sk' }))).not.toHaveProperty('query_hash');
  });

  it('signs with HS512 by default and HS256 on request; both verify with the raw secret', () => {
    for (const algorithm of ['HS512', 'HS256'] as const) {
      const token = upbitToken({ accessKey: 'ak', secretKey: 'sk', algorithm });
      expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8'))).toEqual({
        alg: algorithm,
        typ: 'JWT',
      });
      expect(verifyUpbitToken(token, 'sk').ok).toBe(true);
      expect(verifyUpbitToken(token, 'other')).toEqual({ ok: false, reason: 'bad signature' });
    }
  });

  it('refuses tokens that are not HMAC JWTs', () => {
    const [, payload, signature] = upbitToken({ accessKey: 'ak', secretKey: 'sk' }).split('.');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.${signature}`;
    expect(verifyUpbitToken(none, 'sk')).toMatchObject({ ok: false, reason: 'unsupported alg none' });
    expect(verifyUpbitToken('abc', 'sk').ok).toBe(false);
  });

  it('every token has a fresh nonce', () => {
    const a = claimsOf(upbitToken({ accessKey: 'ak', secretKey: 'sk' }));
    const b = claimsOf(upbitToken({ accessKey: 'ak', secretKey: 'sk' }));
    expect(a['nonce']).not.toBe(b['nonce']);
  });
});
