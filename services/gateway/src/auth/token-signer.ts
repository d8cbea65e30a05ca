import { SignJWT } from 'jose';

export interface TokenClaims {
  /** The client id: rate limits are counted per `sub`. */
  readonly sub: string;
  /** Space-separated scopes, e.g. `orders:read orders:write`. */
  readonly scope: string;
  /** Lifetime in jose's notation: `8h`, `30m`, `7d`. */
  readonly ttl: string;
}

/**
 * Signs an HS256 token the gateway accepts. Used by `npm run token` and, in embedded mode, by
 * the dev token `npm start` prints; imports nothing but jose so scripts can load it from source.
 */
export async function signToken(secret: Uint8Array, claims: TokenClaims): Promise<string> {
  return new SignJWT({ scope: claims.scope })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(claims.ttl)
    .sign(secret);
}
