import { errors, jwtVerify } from 'jose';

/** Who called: the token's subject and what it may do. */
export interface AuthenticatedClient {
  readonly sub: string;
  readonly scopes: ReadonlySet<string>;
}

/** Why a token was refused, in words a client can act on. */
export class InvalidTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTokenError';
  }
}

/**
 * Checks an HS256 token's signature, expiry and claims with jose: `sub` and `exp` are required;
 * other algorithms (`none` included) are refused.
 */
export async function verifyToken(token: string, secret: Uint8Array): Promise<AuthenticatedClient> {
  return (await verifyTokenUntil(token, secret)).client;
}

/** As `verifyToken`, with the moment (epoch ms, its `exp`) the token stops being valid. */
export async function verifyTokenUntil(
  token: string,
  secret: Uint8Array,
): Promise<{ readonly client: AuthenticatedClient; readonly expiresAtMs: number }> {
  try {
    const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'], requiredClaims: ['sub', 'exp'] });
    const scope = typeof payload.scope === 'string' ? payload.scope : '';
    return {
      client: { sub: payload.sub!, scopes: new Set(scope.split(' ').filter(Boolean)) },
      expiresAtMs: payload.exp! * 1000,
    };
  } catch (error) {
    throw new InvalidTokenError(reasonOf(error));
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired; get a new one (npm run token)';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature does not verify';
  if (error instanceof errors.JWTClaimValidationFailed) return `the token's ${error.claim} claim is invalid or missing`;
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the token must be signed with HS256';
  return 'the token is not a valid JWT';
}
