import net from 'node:net';
import { kafkaReadinessProbe } from '../bus/kafka-readiness-probe.js';
import type { ServiceEnv } from '../config/service-env.js';
import type { ServiceDependency, ServiceManifest } from '../service-manifest.js';

export interface ProbeResult {
  readonly status: 'up' | 'down';
  readonly detail: string;
}

export type ReadinessProbe = () => Promise<ProbeResult>;

/**
 * One probe per declared dependency. In embedded mode the dependency lives in this process and
 * is up once the service has started; in distributed mode the bus answers a Kafka metadata call
 * (`kafkaReadinessProbe`) and the others are probed by opening a TCP connection to the configured
 * address. A service adds a check of its own (the broker: one per enabled real venue) by
 * injecting `READINESS_PROBES` and setting `probes[name]` when its module initialises.
 */
export function dependencyProbes(manifest: ServiceManifest, env: ServiceEnv): Record<string, ReadinessProbe> {
  return Object.fromEntries(manifest.dependsOn.map((dep) => [dep, probeFor(dep, env)]));
}

function probeFor(dependency: ServiceDependency, env: ServiceEnv): ReadinessProbe {
  if (env.PLATFORM_MODE === 'embedded') return async () => ({ status: 'up', detail: 'embedded' });
  // Kafka gets a protocol-level check: a metadata call, over TLS when configured.
  if (dependency === 'bus' && env.KAFKA_BROKERS !== undefined && env.KAFKA_SASL_MECHANISM === undefined) {
    return kafkaReadinessProbe({ brokers: env.KAFKA_BROKERS.split(','), ssl: env.KAFKA_TLS });
  }
  const address = addressOf(dependency, env);
  return () => tcpProbe(address.host, address.port);
}

function addressOf(dependency: ServiceDependency, env: ServiceEnv): { host: string; port: number } {
  if (dependency === 'bus') {
    const [host = 'localhost', port = '9092'] = (env.KAFKA_BROKERS ?? 'localhost:9092').split(',')[0]!.split(':');
    return { host, port: Number(port) };
  }
  const url = new URL(dependency === 'database' ? env.DATABASE_URL! : env.REDIS_URL!);
  const defaultPort = dependency === 'database' ? 5432 : 6379;
  return { host: url.hostname, port: url.port ? Number(url.port) : defaultPort };
}

/** Resolves (never rejects) with whether host:port accepted a connection within the timeout. */
export function tcpProbe(host: string, port: number, timeoutMs = 1_000): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const finish = (result: ProbeResult) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () =>
      finish({ status: 'down', detail: `${host}:${port} timed out after ${timeoutMs} ms` }),
    );
    socket.once('connect', () => finish({ status: 'up', detail: `${host}:${port} reachable` }));
    socket.once('error', (error) => finish({ status: 'down', detail: `${host}:${port} ${error.message}` }));
  });
}
