import type { AuthenticatedClient } from './token-verifier.js';
import { verifyTokenUntil } from './token-verifier.js';

/**
 * Tokens already verified, by their exact text, until their `exp`: a client sends the same
 * token with every request, and checking its HMAC again each time is a large share of a small
 * request's cost. Only successful verifications are kept (a bad token is checked, and refused,
 * every time); an entry is dropped once the token expires, so expiry is enforced as before. The
 * text is the whole signed token, so a changed claim or signature is a different key.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, { readonly client: AuthenticatedClient; readonly expiresAtMs: number }>();

  constructor(
    private readonly secret: Uint8Array,
    /** Most tokens kept; the oldest entry goes first. */
    private readonly capacity = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The token's client, verified now or earlier; throws `InvalidTokenError` as `verifyToken` does. */
  async verify(token: string): Promise<AuthenticatedClient> {
    const cached = this.entries.get(token);
    if (cached && this.now() < cached.expiresAtMs) return cached.client;
    if (cached) this.entries.delete(token);
    const verified = await verifyTokenUntil(token, this.secret);
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, verified);
    return verified.client;
  }
}
