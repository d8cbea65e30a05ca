/**
 * The variables the generated compose files read at run time. The files carry the config's
 * values as defaults (`${POSTGRES_IMAGE:-postgres:17}`), so they run as they are, and
 * `npm run stack:up` (scripts/stack.ts) sets what differs per run: the image names of the source
 * in effect, the build arguments, a JWT secret. A pure module, imported by the script too.
 */

/** Where the compose files are written, relative to the repository root. */
export const COMPOSE_DIR = 'compose';
export const COMPOSE_FILES = {
  infrastructure: `${COMPOSE_DIR}/infrastructure.yml`,
  platform: `${COMPOSE_DIR}/platform.yml`,
  observability: `${COMPOSE_DIR}/observability.yml`,
} as const;

/** The profile that enables the collector, Jaeger, Prometheus and Grafana. */
export const OBSERVABILITY_PROFILE = 'observability';

/** `postgres` → `POSTGRES_IMAGE`, `otelCollector` → `OTEL_COLLECTOR_IMAGE`. */
export function imageVariable(id: string): string {
  return `${constantCase(id)}_IMAGE`;
}

/** The host port a container is published on: `market-data` → `MARKET_DATA_HOST_PORT`. */
export function hostPortVariable(name: string): string {
  return `${constantCase(name)}_HOST_PORT`;
}

/**
 * Where a service finds a peer: `market-data` → `MARKET_DATA_SERVICE_URL`. The same rule as the
 * runtime's `serviceUrlVariable` (packages/runtime/src/config/service-directory.ts).
 */
export function serviceUrlVariable(name: string): string {
  return `${name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_SERVICE_URL`;
}

/**
 * The variable a venue credential's secret is read from: `binance-api-key` → `BINANCE_API_KEY`.
 * The same rule as the broker's `secretEnvName` (services/broker/src/venues/venue-factory.ts) and
 * the ECS task definition's secret names (infra/src/naming.ts).
 */
export function secretVariable(secretName: string): string {
  return secretName.toUpperCase().replace(/-/g, '_');
}

/** Tag of the service images compose builds or runs (`<platform>/<service>:<tag>`). */
export const IMAGE_TAG_VARIABLE = 'IMAGE_TAG';
export const DEFAULT_IMAGE_TAG = 'dev';

/** The gateway's token key: required, never written into a file (stack:up makes one when unset). */
export const JWT_SECRET_VARIABLE = 'GATEWAY_JWT_SECRET';

/** PEM text of an extra CA for `npm ci` inside the service image builds (a TLS-inspecting proxy). */
export const EXTRA_CA_CERT_VARIABLE = 'EXTRA_CA_CERT';

/**
 * The name clients outside Docker reach Kafka's published port by, advertised to them by the
 * broker: `localhost` on a developer's machine; the Docker host's address when the client runs in
 * another container on the same engine (a dev container, a CI job; the integration harness sets it).
 */
export const KAFKA_HOST_NAME_VARIABLE = 'KAFKA_HOST_NAME';

/** PostgreSQL's password inside the stack; the default only serves a stack published on 127.0.0.1. */
export const POSTGRES_PASSWORD_VARIABLE = 'POSTGRES_PASSWORD';

/** `${NAME:-default}`: the variable when set and not empty, else the config's value. */
export function withDefault(variable: string, value: string | number): string {
  return `\${${variable}:-${value}}`;
}

/** `${NAME:?message}`: compose stops with the message when the variable is unset or empty. */
export function required(variable: string, message: string): string {
  return `\${${variable}:?${message}}`;
}

/** Published on the loopback interface only: a development stack with development passwords. */
export function publishedPort(hostVariable: string, hostPort: number, containerPort: number): string {
  return `127.0.0.1:${withDefault(hostVariable, hostPort)}:${containerPort}`;
}

function constantCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();
}
