/**
 * Injection token of a service that authenticates clients and, in embedded mode with a secret it
 * made up itself, can issue a development token: `npm start` asks for one to print a URL that
 * works without further setup. Absent when the operator configured the secret.
 */
export const DEV_TOKEN_ISSUER = Symbol.for('tradeforge.dev-token-issuer');

export interface DevTokenIssuer {
  /** A token for a local operator with every scope, valid for some hours. */
  issue(): Promise<string>;
}
