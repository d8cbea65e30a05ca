import type { Admin, SASLOptions } from 'kafkajs';
import type { ProbeResult, ReadinessProbe } from '../health/readiness-probes.js';

export interface KafkaReadinessProbeOptions {
  readonly brokers: readonly string[];
  readonly ssl?: boolean;
  readonly sasl?: SASLOptions;
  /** @default 3_000 */
  readonly timeoutMs?: number;
}

/**
 * A readiness probe that asks Kafka for its cluster metadata (DescribeCluster) instead of only
 * opening a TCP connection: 'up' means a broker answered the Kafka protocol, with TLS and SASL
 * as configured. It keeps one admin connection and reconnects after a failure. A service with an
 * `EventBus` can use `bus.probe()` instead, which reuses the bus's connection.
 */
export function kafkaReadinessProbe(options: KafkaReadinessProbeOptions): ReadinessProbe {
  let admin: Admin | undefined;
  return async () => {
    const timeoutMs = options.timeoutMs ?? 3_000;
    if (admin === undefined) {
      // Loaded on first use: embedded mode never pays for the Kafka client.
      const { Kafka, logLevel } = await import('kafkajs');
      admin = new Kafka({
        clientId: 'readiness-probe',
        brokers: [...options.brokers],
        ssl: options.ssl ?? false,
        sasl: options.sasl,
        connectionTimeout: timeoutMs,
        logLevel: logLevel.NOTHING,
        retry: { retries: 0 },
      }).admin();
    }
    const result = await describeCluster(admin, timeoutMs);
    if (result.status === 'down') {
      const failed = admin;
      admin = undefined;
      await failed.disconnect().catch(() => {});
    }
    return result;
  };
}

export async function withDeadline<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(message)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** A Kafka metadata call (DescribeCluster) with a deadline: 'up' with the broker count, or why not. */
export async function describeCluster(admin: Admin, timeoutMs: number): Promise<ProbeResult> {
  try {
    const cluster = await withDeadline(admin.describeCluster(), timeoutMs, `no answer within ${timeoutMs} ms`);
    return {
      status: cluster.brokers.length > 0 ? 'up' : 'down',
      detail: `kafka cluster ${cluster.clusterId}: ${cluster.brokers.length} broker(s), controller ${cluster.controller}`,
    };
  } catch (error) {
    return { status: 'down', detail: `kafka metadata request failed: ${(error as Error).message}` };
  }
}
