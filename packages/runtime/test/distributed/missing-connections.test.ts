import { describe, expect, it } from 'vitest';
import { missingConnections } from '../../src/distributed/start-distributed-platform.js';
import type { DistributedService } from '../../src/distributed/start-distributed-platform.js';

const service = (name: string, role: string, dependsOn: DistributedService['dependsOn']): DistributedService => ({
  name,
  role,
  dir: `services/${name}`,
  port: 3000,
  dependsOn,
});
const services = [
  service('gateway', 'gateway', ['bus', 'cache']),
  service('order', 'order', ['bus', 'database']),
  service('market-data', 'market-data', ['bus']),
];

describe('what distributed mode needs before it starts anything', () => {
  it('names each missing variable once, with the services that need it and an example', () => {
    expect(missingConnections(services, {})).toEqual([
      'KAFKA_BROKERS is not set (needed by gateway, order, market-data), e.g. KAFKA_BROKERS=localhost:9092',
      'REDIS_URL is not set (needed by gateway), e.g. REDIS_URL=redis://localhost:6379',
      'GATEWAY_JWT_SECRET is not set (needed by gateway), e.g. GATEWAY_JWT_SECRET=$(openssl rand -base64 48)',
      'DATABASE_URL is not set (needed by order), e.g. DATABASE_URL=postgresql://user:password@localhost:5432/tradeforge',
    ]);
  });

  it('asks for nothing when every variable is set', () => {
    expect(
      missingConnections(services, {
        KAFKA_BROKERS: 'k:9092',
        REDIS_URL: 'redis://r:6379',
        DATABASE_URL: 'postgresql://p/db',
        GATEWAY_JWT_SECRET: 's',
      }),
    ).toEqual([]);
  });
});
