import type { DevTokenIssuer } from '@tradeforge/runtime';
import type { GatewayConfig } from '../config/gateway-config.js';
import { SCOPES } from './scopes.js';
import { signToken } from './token-signer.js';

/**
 * In embedded mode without GATEWAY_JWT_SECRET the secret is made up at start and known only to
 * this process, so the gateway itself issues the token `npm start` prints. With a configured
 * secret there is no issuer: `npm run token` signs with it.
 */
export function devTokenIssuer(config: GatewayConfig): DevTokenIssuer | undefined {
  if (config.jwtSecretSource !== 'generated') return undefined;
  return { issue: () => signToken(config.jwtSecret, { sub: 'local-operator', scope: SCOPES.join(' '), ttl: '12h' }) };
}
