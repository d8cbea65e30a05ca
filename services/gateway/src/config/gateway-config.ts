import { randomBytes } from 'node:crypto';
import { InvalidServiceEnvError, serviceUrlOfRole } from '@tradeforge/runtime';
import type { ServiceEnv } from '@tradeforge/runtime';

/** Injection token of the gateway's validated settings. */
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');

/** A per-client token bucket: `burst` requests at once, refilled at `perMinute`. */
export interface RateLimitSettings {
  readonly burst: number;
  readonly perMinute: number;
}

export interface GatewayConfig {
  /** The HS256 key every token is signed and verified with. */
  readonly jwtSecret: Uint8Array;
  /** `env`: GATEWAY_JWT_SECRET; `generated`: made up at start (embedded mode without the variable). */
  readonly jwtSecretSource: 'env' | 'generated';
  readonly rateLimit: RateLimitSettings;
  /** Redis for rate-limit counters and the stream's fan-out across replicas; absent: in this process. */
  readonly redisUrl: string | undefined;
  /** Base URLs of the services the gateway calls, one hop each. */
  readonly upstreams: { readonly order: string; readonly risk: string; readonly portfolio: string };
}

/** HS256 needs a key at least as long as its hash: 256 bits. */
const MIN_SECRET_LENGTH = 32;

/**
 * Reads the gateway's own variables (the runtime validated the shared ones): GATEWAY_JWT_SECRET
 * (required in distributed mode; in embedded mode a random one is made when it is unset, so
 * `npm start` needs no setup), GATEWAY_RATE_LIMIT_BURST and GATEWAY_RATE_LIMIT_PER_MINUTE.
 * Throws `InvalidServiceEnvError` with one line naming the variable.
 */
export function loadGatewayConfig(env: ServiceEnv): GatewayConfig {
  const vars = env.variables;
  const secret = vars.GATEWAY_JWT_SECRET;
  if (secret !== undefined && secret.length < MIN_SECRET_LENGTH) {
    throw new InvalidServiceEnvError(
      `gateway: GATEWAY_JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters (HS256 needs a 256-bit key); generate one with: openssl rand -base64 48`,
    );
  }
  if (secret === undefined && env.PLATFORM_MODE === 'distributed') {
    throw new InvalidServiceEnvError(
      'gateway: GATEWAY_JWT_SECRET is required in distributed mode (every replica must verify the same tokens); set it, e.g. GATEWAY_JWT_SECRET=$(openssl rand -base64 48)',
    );
  }
  return {
    jwtSecret: secret !== undefined ? new TextEncoder().encode(secret) : randomBytes(MIN_SECRET_LENGTH),
    jwtSecretSource: secret !== undefined ? 'env' : 'generated',
    rateLimit: {
      burst: positiveInteger(vars, 'GATEWAY_RATE_LIMIT_BURST', 60),
      perMinute: positiveInteger(vars, 'GATEWAY_RATE_LIMIT_PER_MINUTE', 600),
    },
    redisUrl: env.REDIS_URL,
    upstreams: {
      order: serviceUrlOfRole('order', vars),
      risk: serviceUrlOfRole('risk', vars),
      portfolio: serviceUrlOfRole('portfolio', vars),
    },
  };
}

function positiveInteger(vars: ServiceEnv['variables'], name: string, fallback: number): number {
  const raw = vars[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new InvalidServiceEnvError(
      `gateway: invalid environment variable ${name}=${JSON.stringify(raw)}: must be a whole number of 1 or more`,
    );
  }
  return value;
}
