// npm run token -- [--sub name] [--scope "orders:read orders:write"] [--ttl 8h]
// Prints a JWT the gateway accepts, signed with GATEWAY_JWT_SECRET (the gateway must run with the
// same secret). Signing lives in the gateway (services/gateway/src/auth/token-signer.ts).
import { parseArgs } from 'node:util';
import { SCOPES } from '../services/gateway/src/auth/scopes.js';
import { signToken } from '../services/gateway/src/auth/token-signer.js';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      sub: { type: 'string', default: 'local-operator' },
      scope: { type: 'string', default: SCOPES.join(' ') },
      ttl: { type: 'string', default: '8h' },
    },
  }));
} catch (error) {
  fail(`${(error as Error).message}\nusage: npm run token -- [--sub name] [--scope "${SCOPES.join(' ')}"] [--ttl 8h]`);
}

const secret = process.env.GATEWAY_JWT_SECRET;
if (!secret) {
  fail(
    'GATEWAY_JWT_SECRET is not set: the token must be signed with the secret the gateway verifies with.\n' +
      'Run both with one, e.g.  export GATEWAY_JWT_SECRET=$(openssl rand -base64 48)  then npm start and npm run token.\n' +
      '(npm start without it makes a secret of its own and prints a dashboard URL with a token.)',
  );
}
if (secret.length < 32) fail('GATEWAY_JWT_SECRET must be at least 32 characters (HS256 needs a 256-bit key)');
const unknown = values.scope.split(' ').filter((s) => s && !(SCOPES as readonly string[]).includes(s));
if (unknown.length > 0) fail(`unknown scope ${unknown.join(', ')}; allowed: ${SCOPES.join(', ')}`);
if (
  !/^\d+\s*(s|sec|secs|second|seconds|m|min|mins|minute|minutes|h|hr|hrs|hour|hours|d|day|days|w|week|weeks)$/.test(
    values.ttl,
  )
) {
  fail(`--ttl ${values.ttl}: must be a duration such as 30m, 8h or 7d`);
}

process.stdout.write(
  `${await signToken(new TextEncoder().encode(secret), { sub: values.sub, scope: values.scope, ttl: values.ttl })}\n`,
);
