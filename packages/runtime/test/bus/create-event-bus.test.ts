import { describe, expect, it } from 'vitest';
import { createEventBus } from '../../src/bus/create-event-bus.js';
import { loadServiceEnv } from '../../src/config/service-env.js';
import type { ServiceManifest } from '../../src/service-manifest.js';
import { PLATFORM_TOPICS } from '../../src/generated/platform-topics.js';

const manifest: ServiceManifest = { platform: 'acme', name: 'risk', role: 'risk', port: 3003, dependsOn: ['bus'] };

describe('createEventBus', () => {
  it('picks the in-memory bus in embedded mode, with the generated topic catalogue', async () => {
    const bus = await createEventBus({ env: loadServiceEnv(manifest, {}), clientId: 'risk' });
    expect(bus.kind).toBe('in-memory');
    expect(bus.topics).toBe(PLATFORM_TOPICS);
  });

  it('picks Kafka when KAFKA_BROKERS is set, in either mode', async () => {
    for (const PLATFORM_MODE of ['distributed', 'embedded']) {
      const env = loadServiceEnv(manifest, { PLATFORM_MODE, KAFKA_BROKERS: 'kafka-1:9092,kafka-2:9092' });
      const bus = await createEventBus({ env, clientId: 'risk' });
      expect(bus.kind).toBe('kafka');
      // Not started, so nothing connects: the probe says so instead of hanging.
      expect(await bus.probe()).toEqual({ status: 'down', detail: 'kafka bus not started' });
    }
  });

  it('refuses distributed mode without brokers, and MSK IAM without a SASL provider, saying what to do', async () => {
    await expect(
      createEventBus({ env: { PLATFORM_MODE: 'distributed', KAFKA_BROKERS: undefined }, clientId: 'risk' }),
    ).rejects.toThrow('KAFKA_BROKERS is required in distributed mode; set it, e.g. KAFKA_BROKERS=localhost:9092');
    const env = loadServiceEnv(manifest, {
      PLATFORM_MODE: 'distributed',
      KAFKA_BROKERS: 'b-1.msk:9098',
      KAFKA_TLS: 'true',
      KAFKA_SASL_MECHANISM: 'aws-msk-iam',
    });
    expect(env.KAFKA_TLS).toBe(true);
    await expect(createEventBus({ env, clientId: 'risk' })).rejects.toThrow(
      /^KAFKA_SASL_MECHANISM=aws-msk-iam needs a SASL provider: pass kafka.sasl to createEventBus/,
    );
  });

  it('rejects a KAFKA_TLS that is not a boolean', () => {
    expect(() => loadServiceEnv(manifest, { KAFKA_TLS: 'sometimes' })).toThrow(
      'risk: invalid environment variable KAFKA_TLS="sometimes": must be true or false',
    );
  });
});
