import { describe, expect, it } from 'vitest';
import { InvalidServiceEnvError, loadServiceEnv } from '../src/config/service-env.js';
import type { ServiceManifest } from '../src/service-manifest.js';

const manifest: ServiceManifest = {
  platform: 'acme',
  name: 'order',
  role: 'order',
  port: 3004,
  dependsOn: ['bus', 'database'],
};

function errorOf(env: NodeJS.ProcessEnv): string {
  try {
    loadServiceEnv(manifest, env);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidServiceEnvError);
    return (error as Error).message;
  }
  throw new Error('expected the environment to be rejected');
}

describe('service environment', () => {
  it('defaults to embedded mode on the manifest port', () => {
    const env = loadServiceEnv(manifest, {});
    expect(env).toMatchObject({ PORT: 3004, PLATFORM_MODE: 'embedded', LOG_LEVEL: 'log', HOST: '0.0.0.0' });
  });

  it('lets PORT override the manifest port', () => {
    expect(loadServiceEnv(manifest, { PORT: '8080' }).PORT).toBe(8080);
  });

  it('names the variable and the allowed values when one is wrong', () => {
    expect(errorOf({ LOG_LEVEL: 'loud' })).toBe(
      'order: invalid environment variable LOG_LEVEL="loud": must be one of fatal, error, warn, log, debug, verbose',
    );
    expect(errorOf({ PLATFORM_MODE: 'cluster' })).toBe(
      'order: invalid environment variable PLATFORM_MODE="cluster": must be one of embedded, distributed',
    );
    expect(errorOf({ PORT: 'abc' })).toMatch(/^order: invalid environment variable PORT="abc": /);
    expect(errorOf({ REDIS_URL: 'not a url' })).toBe(
      'order: invalid environment variable REDIS_URL="not a url": must be a URL such as redis://localhost:6379',
    );
  });

  it('requires a connection URL for each declared dependency in distributed mode', () => {
    expect(errorOf({ PLATFORM_MODE: 'distributed', KAFKA_BROKERS: 'localhost:9092' })).toBe(
      'order: DATABASE_URL is required in distributed mode (the service depends on database); set it, e.g. DATABASE_URL=postgresql://user:password@localhost:5432/tradeforge',
    );
    expect(errorOf({ PLATFORM_MODE: 'distributed', KAFKA_BROKERS: 'kafka' })).toBe(
      'order: invalid environment variable KAFKA_BROKERS="kafka": must be host:port[,host:port…] such as localhost:9092',
    );
  });

  it('accepts a complete distributed environment', () => {
    const env = loadServiceEnv(manifest, {
      PLATFORM_MODE: 'distributed',
      KAFKA_BROKERS: 'kafka-1:9092,kafka-2:9092',
      DATABASE_URL: 'postgresql://u:p@db:5432/acme',
    });
    expect(env.KAFKA_BROKERS).toBe('kafka-1:9092,kafka-2:9092');
  });
});
