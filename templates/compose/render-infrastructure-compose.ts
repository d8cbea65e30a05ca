import type { ResolvedPlatformConfig } from '../config/resolve-config.js';
import type { ServiceDependency } from '../config/service-config.js';
import type { ComposeFile, ComposeService } from './compose-types.js';
import {
  KAFKA_HOST_NAME_VARIABLE,
  POSTGRES_PASSWORD_VARIABLE,
  hostPortVariable,
  imageVariable,
  publishedPort,
  withDefault,
} from './compose-variables.js';
import {
  INFRASTRUCTURE,
  KAFKA_CONTROLLER_PORT,
  KAFKA_HOST_LISTENER_PORT,
  databaseName,
  declaredDependencies,
  kafkaClusterId,
} from './infrastructure-services.js';

/**
 * `compose/infrastructure.yml`: the PostgreSQL, Kafka and Redis the services declare (only
 * those), each with a named volume, a health check that works in the official and in the
 * locally built image, and its port published on the host's loopback for local tools and tests.
 */
export function renderInfrastructureCompose(platform: ResolvedPlatformConfig): ComposeFile {
  const dependencies = declaredDependencies(platform);
  const render: Record<ServiceDependency, () => ComposeService> = {
    database: () => postgres(platform),
    bus: () => kafka(platform),
    cache: () => redis(platform),
  };
  return {
    name: platform.name,
    services: Object.fromEntries(dependencies.map((d) => [INFRASTRUCTURE[d].service, render[d]()])),
    volumes: Object.fromEntries(dependencies.map((d) => [`${INFRASTRUCTURE[d].service}-data`, {}])),
  };
}

/** The image variable with the config's choice (official or local) as its default. */
function image(platform: ResolvedPlatformConfig, dependency: ServiceDependency): string {
  const id = INFRASTRUCTURE[dependency].image;
  return withDefault(imageVariable(id), platform.images[id].name);
}

function postgres(platform: ResolvedPlatformConfig): ComposeService {
  const name = databaseName(platform);
  return {
    image: image(platform, 'database'),
    environment: {
      POSTGRES_USER: name,
      POSTGRES_PASSWORD: withDefault(POSTGRES_PASSWORD_VARIABLE, name),
      POSTGRES_DB: name,
    },
    ports: [publishedPort(hostPortVariable('postgres'), 5432, 5432)],
    volumes: ['postgres-data:/var/lib/postgresql/data'],
    // Over TCP: the init-time server listens on the Unix socket only and must not count as ready.
    healthcheck: {
      test: ['CMD', 'pg_isready', '-h', '127.0.0.1', '-p', '5432', '-U', name, '-d', name, '-q'],
      interval: '2s',
      timeout: '3s',
      retries: 30,
      start_period: '20s',
    },
    restart: 'unless-stopped',
  };
}

/**
 * Single-node KRaft. Every property is set through KAFKA_* variables, which both images read
 * (apache/kafka ignores its defaults once one is set, so the list is complete). Two client
 * listeners: `kafka:9092` for the containers, and one advertised as the host's published port.
 */
function kafka(platform: ResolvedPlatformConfig): ComposeService {
  const hostPort = hostPortVariable('kafka');
  const { port } = INFRASTRUCTURE.bus;
  return {
    image: image(platform, 'bus'),
    environment: {
      CLUSTER_ID: kafkaClusterId(platform),
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: `INTERNAL://:${port},HOST://:${KAFKA_HOST_LISTENER_PORT},CONTROLLER://:${KAFKA_CONTROLLER_PORT}`,
      KAFKA_ADVERTISED_LISTENERS: `INTERNAL://kafka:${port},HOST://${withDefault(KAFKA_HOST_NAME_VARIABLE, 'localhost')}:${withDefault(hostPort, port)}`,
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'INTERNAL:PLAINTEXT,HOST:PLAINTEXT,CONTROLLER:PLAINTEXT',
      KAFKA_INTER_BROKER_LISTENER_NAME: 'INTERNAL',
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_CONTROLLER_QUORUM_VOTERS: `1@kafka:${KAFKA_CONTROLLER_PORT}`,
      KAFKA_LOG_DIRS: '/var/lib/kafka/data',
      KAFKA_NUM_PARTITIONS: String(platform.bus.partitions),
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      // Half of upstream's 1 GB: enough for a development stack on a laptop or a 2-core runner.
      KAFKA_HEAP_OPTS: '-Xmx512m -Xms256m',
    },
    ports: [publishedPort(hostPort, port, KAFKA_HOST_LISTENER_PORT)],
    volumes: ['kafka-data:/var/lib/kafka/data'],
    // A real ApiVersions request on the internal listener: the local image ships
    // kafka-healthcheck, apache/kafka has Kafka's own kafka-broker-api-versions.sh.
    healthcheck: {
      test: [
        'CMD-SHELL',
        'if [ -x /usr/local/bin/kafka-healthcheck ]; then kafka-healthcheck; ' +
          `else /opt/kafka/bin/kafka-broker-api-versions.sh --bootstrap-server 127.0.0.1:${port} > /dev/null; fi`,
      ],
      interval: '5s',
      timeout: '20s',
      retries: 30,
      start_period: '30s',
    },
    restart: 'unless-stopped',
  };
}

function redis(platform: ResolvedPlatformConfig): ComposeService {
  return {
    image: image(platform, 'cache'),
    ports: [publishedPort(hostPortVariable('redis'), 6379, 6379)],
    volumes: ['redis-data:/data'],
    // redis-cli is in both images.
    healthcheck: {
      test: ['CMD-SHELL', 'redis-cli -h 127.0.0.1 -p 6379 ping | grep -q PONG'],
      interval: '2s',
      timeout: '3s',
      retries: 30,
      start_period: '5s',
    },
    restart: 'unless-stopped',
  };
}
