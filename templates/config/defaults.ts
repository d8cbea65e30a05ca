import { VERSIONS } from '../versions.js';
import type { EnvironmentConfig, EnvironmentKind, ServiceSizeConfig } from './environment-config.js';
import type { ImageId, ImageSource, ObservabilityImageId } from './images-config.js';
import type { ResolvedAwsInfra } from './resolve-config.js';
import type { InstrumentConfig } from './instrument-config.js';
import type { LoadScenarioConfig } from './load-config.js';
import type { RiskLimitsConfig } from './risk-config.js';
import type { ServiceConfig } from './service-config.js';
import type { StrategyConfig } from './strategy-config.js';
import type { VenueConfig } from './venue-config.js';

/** The reference platform's services: the path of an order, gateway → order → risk → broker → portfolio. */
export const DEFAULT_SERVICES: readonly ServiceConfig[] = [
  { name: 'gateway', role: 'gateway', port: 3000, dependsOn: ['bus', 'database', 'cache'] },
  { name: 'market-data', role: 'market-data', port: 3001, dependsOn: ['bus'] },
  { name: 'strategy', role: 'strategy', port: 3002, dependsOn: ['bus'] },
  { name: 'risk', role: 'risk', port: 3003, dependsOn: ['bus', 'cache'] },
  { name: 'order', role: 'order', port: 3004, dependsOn: ['bus', 'database'] },
  { name: 'broker', role: 'broker', port: 3005, dependsOn: ['bus'] },
  { name: 'portfolio', role: 'portfolio', port: 3006, dependsOn: ['bus', 'database'] },
];

export const DEFAULT_VENUES: readonly VenueConfig[] = [{ id: 'paper' }];

export const DEFAULT_INSTRUMENTS: readonly InstrumentConfig[] = [
  { symbol: 'BTCUSDT', venue: 'paper', quoteCurrency: 'USDT', tickSize: 0.01, lotSize: 0.0001, minNotional: 10 },
  { symbol: 'ETHUSDT', venue: 'paper', quoteCurrency: 'USDT', tickSize: 0.01, lotSize: 0.001, minNotional: 10 },
];

export const DEFAULT_PAPER_STARTING_CASH = 1_000_000;

// 5 % of equity a position keeps each order well inside the default order and position limits.
export const DEFAULT_STRATEGIES: readonly StrategyConfig[] = [
  { name: 'sma-crossover', instrument: 'BTCUSDT.paper', params: { allocation: 0.05 } },
];

export const DEFAULT_RISK_LIMITS: Required<RiskLimitsConfig> = {
  maxOrderNotional: 100_000,
  maxPositionNotional: 500_000,
  maxOpenOrders: 50,
  maxOrdersPerSecond: 20,
  maxCancelsPerSecond: 50,
  dailyLossLimit: 25_000,
  priceBandPercent: 5,
};

export const DEFAULT_ENVIRONMENTS: readonly EnvironmentConfig[] = [
  { name: 'dev', kind: 'development' },
  { name: 'staging', kind: 'staging' },
  { name: 'prod', kind: 'production', serviceSize: { cpu: 512, memoryMiB: 1024, replicas: 2 } },
];

/** The template per-pull-request stacks are made from when the config lists no `ephemeral` environment. */
export const DEFAULT_EPHEMERAL_ENVIRONMENT: EnvironmentConfig = { name: 'pr', kind: 'ephemeral' };

/** AWS settings by environment kind: small and cheap until production, destroy-safe when ephemeral. */
export function defaultAwsInfra(kind: EnvironmentKind): ResolvedAwsInfra {
  const production = kind === 'production';
  return {
    region: 'eu-west-1',
    availabilityZones: production ? 3 : 2,
    vpcCidr: '10.0.0.0/16',
    natGateways: production ? 'per-zone' : 'single',
    certificateArn: undefined,
    logRetentionDays: ({ production: 365, staging: 30, development: 14, ephemeral: 3 } as const)[kind],
    ttlHours: kind === 'ephemeral' ? 72 : undefined,
    database: {
      instanceClass: production ? 'db.m7g.large' : 'db.t4g.micro',
      allocatedStorageGiB: production ? 100 : 20,
      backupRetentionDays: ({ production: 30, staging: 7, development: 7, ephemeral: 1 } as const)[kind],
      multiAz: production,
      deletionProtection: production,
    },
    bus: {
      kind: 'msk',
      instanceType: production ? 'kafka.m7g.large' : 'kafka.t3.small',
      brokersPerZone: 1,
      volumeSizeGiB: production ? 100 : 10,
    },
    cache: { nodeType: production ? 'cache.m7g.large' : 'cache.t4g.micro', replicas: production ? 1 : 0 },
  };
}

export const DEFAULT_SERVICE_SIZE: Required<ServiceSizeConfig> = { cpu: 256, memoryMiB: 512, replicas: 1 };

export const DEFAULT_OWNER = 'platform-team';
export const DEFAULT_BUS_PARTITIONS = 3;
export const DEFAULT_DEAD_LETTER_SUFFIX = 'dlq';
export const DEFAULT_MAX_DELIVERY_ATTEMPTS = 3;
export const DEFAULT_DEDUPLICATION_WINDOW = 100_000;

/** Ports the infrastructure listens on in compose and the devcontainer; services may not take them. */
export const INFRASTRUCTURE_PORTS: Readonly<Record<number, string>> = {
  5432: 'PostgreSQL',
  6379: 'Redis',
  9092: 'Kafka',
  9093: 'Kafka controller',
};

export const DEFAULT_IMAGE_SOURCE: ImageSource = 'official';

/** The upstream images, used when `images.source` is `official` and the config names none. */
export const OFFICIAL_IMAGES: Readonly<Record<ImageId, string>> = {
  postgres: `postgres:${VERSIONS.postgresMajor}`,
  kafka: `apache/kafka:${VERSIONS.kafka}`,
  redis: `redis:${VERSIONS.redisMajor}`,
  node: `node:${VERSIONS.nodeMajor}-bookworm-slim`,
};

/** What `npm run images:build` builds (images/), used when `images.source` is `local`. */
export const LOCAL_IMAGES: Readonly<Record<ImageId, string>> = {
  postgres: `tradeforge-local/postgres:${VERSIONS.postgresMajor}`,
  kafka: `tradeforge-local/kafka:${VERSIONS.kafka}`,
  redis: `tradeforge-local/redis:${VERSIONS.redisMajor}`,
  node: `tradeforge-local/node:${VERSIONS.nodeMajor}`,
};

/** The version each image carries (major for PostgreSQL and Redis, exact for Kafka and Node). */
export const IMAGE_VERSIONS: Readonly<Record<ImageId, string>> = {
  postgres: VERSIONS.postgresMajor,
  kafka: VERSIONS.kafka,
  redis: VERSIONS.redisMajor,
  node: VERSIONS.node,
};

/** The observability profile's images: official only, under either source (no local build). */
export const OBSERVABILITY_IMAGES: Readonly<Record<ObservabilityImageId, string>> = {
  otelCollector: `otel/opentelemetry-collector-contrib:${VERSIONS.otelCollector}`,
  jaeger: `jaegertracing/jaeger:${VERSIONS.jaeger}`,
  prometheus: `prom/prometheus:v${VERSIONS.prometheus}`,
  grafana: `grafana/grafana:${VERSIONS.grafana}`,
};

/**
 * Load scenarios sized for a 2-core machine shared with other work, running the embedded platform
 * (all services in one process; PGlite holds the order path to ~40 orders/s there): rates well
 * under saturation, thresholds about twice what it measured (docs/BENCHMARKS.md, "Load
 * scenarios"). Raise them for the compose stack or a bigger machine.
 */
export const DEFAULT_LOAD_SCENARIOS: readonly LoadScenarioConfig[] = [
  {
    name: 'place-orders',
    endpoint: 'POST /api/orders',
    ratePerSecond: 10,
    durationSeconds: 30,
    thresholds: { p95Ms: 500, p99Ms: 1000, maxErrorRate: 0.01 },
  },
  {
    name: 'read-positions',
    endpoint: 'GET /api/positions',
    ratePerSecond: 25,
    durationSeconds: 30,
    thresholds: { p95Ms: 250, p99Ms: 500, maxErrorRate: 0.01 },
  },
];
