import type { EnvironmentConfig, ServiceSizeConfig } from './environment-config.js';
import type { RiskLimitsConfig } from './risk-config.js';
import type { ServiceConfig } from './service-config.js';
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

export const DEFAULT_SERVICE_SIZE: Required<ServiceSizeConfig> = { cpu: 256, memoryMiB: 512, replicas: 1 };

export const DEFAULT_OWNER = 'platform-team';
export const DEFAULT_BUS_PARTITIONS = 3;

/** Ports the infrastructure listens on in compose and the devcontainer; services may not take them. */
export const INFRASTRUCTURE_PORTS: Readonly<Record<number, string>> = {
  5432: 'PostgreSQL',
  6379: 'Redis',
  9092: 'Kafka',
  9093: 'Kafka controller',
};
