// `npm run load -- --target <gateway url>`: load on a platform that is already running (the compose
// stack of `npm run stack:up`, a preview environment) instead of the embedded one the runner
// starts itself. Checked before any load is sent, so a stack that is down, a token the gateway
// refuses or a rate limit that would answer 429 fails in a second with the reason, not after a
// minute of 100 % errors.
import { signToken } from '../services/gateway/src/auth/token-signer.js';

/** The variable the gateway verifies tokens with (compose/platform.yml passes it to the gateway). */
export const GATEWAY_SECRET_VARIABLE = 'GATEWAY_JWT_SECRET';
/** What the scenarios call: orders:write for POST /api/orders, orders:read for every GET. */
const LOAD_SCOPE = 'orders:read orders:write';
const PROBE_TIMEOUT_MS = 10_000;

/** A gateway ready for the scenarios, and the bearer token they send. */
export interface LoadTarget {
  readonly baseUrl: string;
  readonly token: string;
}

/** The target's base URL without a trailing slash; throws naming `--target` when it is not http(s). */
export function parseTargetUrl(target: string): string {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new Error(`--target ${target}: not a URL; expected the gateway's, e.g. http://127.0.0.1:3000`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`--target ${target}: must be an http:// or https:// URL`);
  }
  return url.href.replace(/\/+$/, '');
}

/**
 * The bearer token: `--token` as given, else one signed (sub `load`, 2 h) with the gateway's own
 * secret from `GATEWAY_JWT_SECRET`, the way `npm run token` signs.
 */
export async function loadToken(token: string | undefined, env: NodeJS.ProcessEnv): Promise<string> {
  if (token) return token;
  const secret = env[GATEWAY_SECRET_VARIABLE];
  if (!secret) {
    throw new Error(
      `--target needs a token: pass --token <gateway JWT with ${LOAD_SCOPE}> (npm run token), or set ` +
        `${GATEWAY_SECRET_VARIABLE} to the secret the target's gateway runs with and one is signed here`,
    );
  }
  return signToken(new TextEncoder().encode(secret), { sub: 'load', scope: LOAD_SCOPE, ttl: '2h' });
}

async function probe(url: string, token?: string): Promise<{ status: number; body: string }> {
  const response = await fetch(url, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
  });
  return { status: response.status, body: (await response.text()).slice(0, 300) };
}

/**
 * Checks the target before the load: the gateway answers `/ready` with 200, and an authenticated
 * read through it (`GET <probePath>`) succeeds, so the token and the rate limit are right.
 */
export async function connectToTarget(
  target: string,
  token: string | undefined,
  env: NodeJS.ProcessEnv,
  probePath = '/api/positions',
): Promise<LoadTarget> {
  const baseUrl = parseTargetUrl(target);
  const ready = await probe(`${baseUrl}/ready`).catch((error: unknown) => {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new Error(`--target ${baseUrl}: no answer on /ready (${cause}); is the stack up? npm run stack:up`);
  });
  if (ready.status !== 200) {
    throw new Error(`--target ${baseUrl}: /ready answered ${ready.status}, not ready: ${ready.body}`);
  }
  const bearer = await loadToken(token, env);
  const read = await probe(`${baseUrl}${probePath}`, bearer);
  if (read.status === 401 || read.status === 403) {
    throw new Error(
      `--target ${baseUrl}: the gateway refused the token (${read.status} on GET ${probePath}); it must be signed ` +
        `with the gateway's ${GATEWAY_SECRET_VARIABLE} and carry ${LOAD_SCOPE}: ${read.body}`,
    );
  }
  if (read.status === 429) {
    throw new Error(
      `--target ${baseUrl}: the gateway already rate-limits this client (429 on GET ${probePath}); one token sends ` +
        'every request, so start the stack with GATEWAY_RATE_LIMIT_BURST and GATEWAY_RATE_LIMIT_PER_MINUTE raised',
    );
  }
  if (read.status < 200 || read.status >= 300) {
    throw new Error(`--target ${baseUrl}: GET ${probePath} answered ${read.status}: ${read.body}`);
  }
  return { baseUrl, token: bearer };
}
