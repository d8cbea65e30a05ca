import { createHash } from 'node:crypto';
import type { ImageId } from '../config/images-config.js';
import type { ResolvedPlatformConfig } from '../config/resolve-config.js';
import type { ServiceDependency } from '../config/service-config.js';
import { POSTGRES_PASSWORD_VARIABLE, withDefault } from './compose-variables.js';

/** One piece of infrastructure as compose runs it: its service name, image and port inside the network. */
export interface InfrastructureService {
  /** Compose service name, which is also its host name inside the stack's network. */
  readonly service: string;
  readonly image: ImageId;
  /** Port other containers reach it on. */
  readonly port: number;
}

/** What each declared dependency (`dependsOn`) runs as. */
export const INFRASTRUCTURE: Readonly<Record<ServiceDependency, InfrastructureService>> = {
  database: { service: 'postgres', image: 'postgres', port: 5432 },
  bus: { service: 'kafka', image: 'kafka', port: 9092 },
  cache: { service: 'redis', image: 'redis', port: 6379 },
};

/** Kafka's listener for clients on the host, published as the host's Kafka port. */
export const KAFKA_HOST_LISTENER_PORT = 29092;
export const KAFKA_CONTROLLER_PORT = 9093;

/** The dependencies some service declares, in a fixed order: compose starts exactly these. */
export function declaredDependencies(platform: ResolvedPlatformConfig): ServiceDependency[] {
  const declared = new Set(platform.services.flatMap((s) => s.dependsOn));
  return (Object.keys(INFRASTRUCTURE) as ServiceDependency[]).filter((d) => declared.has(d));
}

/** The PostgreSQL role and database of the stack: the platform's name. */
export function databaseName(platform: ResolvedPlatformConfig): string {
  return platform.name;
}

/** The variable a service reads for each dependency, and its value inside the stack's network. */
export function connectionVariables(
  platform: ResolvedPlatformConfig,
  dependency: ServiceDependency,
): Record<string, string> {
  const { service, port } = INFRASTRUCTURE[dependency];
  switch (dependency) {
    case 'database': {
      const name = databaseName(platform);
      const password = withDefault(POSTGRES_PASSWORD_VARIABLE, name);
      return { DATABASE_URL: `postgresql://${name}:${password}@${service}:${port}/${name}` };
    }
    case 'bus':
      return { KAFKA_BROKERS: `${service}:${port}` };
    case 'cache':
      return { REDIS_URL: `redis://${service}:${port}` };
  }
}

/**
 * A KRaft cluster id (16 bytes, base64url) fixed per platform, so a restarted broker keeps its
 * formatted volume; the local image and apache/kafka both read it from CLUSTER_ID.
 */
export function kafkaClusterId(platform: ResolvedPlatformConfig): string {
  const id = createHash('sha256').update(`${platform.name}/compose`).digest().subarray(0, 16).toString('base64url');
  // A leading "-" reads as an option to kafka-storage.
  return id.startsWith('-') ? `A${id.slice(1)}` : id;
}
