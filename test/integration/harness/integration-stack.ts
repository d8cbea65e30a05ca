// The whole platform in containers for the integration suites: PostgreSQL, Kafka and Redis on
// one Docker network, the migrations applied to that PostgreSQL from the host, then every
// service of the config from its generated Dockerfile, each configured as compose/platform.yml
// configures it and healthy (/ready) before the suites run.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PostgreSqlContainer } from '@testcontainers/postgresql';
import { getContainerRuntimeClient } from 'testcontainers';
import { docker, run } from '../../../images/docker-cli.js';
import { PLATFORM_IMAGES, platformImages } from '../../../images/generated/images.js';
import { PLATFORM_SETTINGS } from '../../../packages/runtime/src/generated/platform-settings.js';
import { KAFKA_HOST_LISTENER_PORT } from '../../../templates/compose/infrastructure-services.js';
import {
  JWT_SECRET_VARIABLE,
  KAFKA_HOST_NAME_VARIABLE,
  imageVariable,
} from '../../../templates/compose/compose-variables.js';
import { readComposeServices } from './compose-definitions.js';
import type { ComposeServiceDefinition } from './compose-definitions.js';
import { ComposeContainer, OWNER_LABEL, RUN_LABEL, runLabels } from './compose-container.js';
import { serviceImageSource, serviceImages } from './service-images.js';
import type { ServiceImageSource } from './service-images.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/** `TRADEFORGE_REUSE_CONTAINERS=1`: keep the stack after the run and reuse it the next time. */
export const REUSE_VARIABLE = 'TRADEFORGE_REUSE_CONTAINERS';
/** Kafka's host port when reusing (it is advertised, so it must be the same every run). */
const REUSED_KAFKA_HOST_PORT = 39092;

/** What the suites need to reach and disturb the stack (plain data: vitest hands it to each file). */
export interface IntegrationStack {
  readonly runId: string;
  readonly reuse: boolean;
  readonly network: string;
  readonly serviceImageSource: ServiceImageSource;
  readonly gatewayUrl: string;
  /** PostgreSQL from the host. */
  readonly databaseUrl: string;
  /** Kafka's host listener. */
  readonly kafkaBrokers: string;
  readonly jwtSecret: string;
  /** Container id of each compose service (postgres, kafka, redis, gateway, order, …). */
  readonly containers: Readonly<Record<string, string>>;
  readonly startupSeconds: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A reused stack keeps verifying tokens with the secret it started with. */
function reusedJwtSecret(): string {
  const file = path.join(os.homedir(), '.cache', 'tradeforge', 'integration-gateway-jwt-secret');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, randomBytes(48).toString('base64'), { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

async function ensureNetwork(name: string, runId: string, reuse: boolean): Promise<void> {
  const exists = await run('docker', ['network', 'inspect', name]);
  const labels = Object.entries(runLabels(runId, reuse)).flatMap(([key, value]) => ['--label', `${key}=${value}`]);
  if (exists.code !== 0) await docker(['network', 'create', ...labels, name]);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the containers and networks of earlier runs whose process is gone (a run killed before
 * its teardown; Ryuk would have done this). Runs in progress and reused stacks are left alone.
 */
async function removeAbandonedRuns(say: (line: string) => void): Promise<void> {
  const format = `{{.ID}} {{.Label "${OWNER_LABEL}"}}`;
  const abandoned = (lines: string) =>
    lines
      .split('\n')
      .map((line) => line.trim().split(' '))
      .filter(([id, pid]) => id && pid && !processAlive(Number(pid)))
      .map(([id]) => id!);
  const containers = abandoned(await docker(['ps', '-a', '--filter', `label=${OWNER_LABEL}`, '--format', format]));
  if (containers.length > 0) await docker(['rm', '--force', '--volumes', ...containers]);
  const networks = abandoned(await docker(['network', 'ls', '--filter', `label=${OWNER_LABEL}`, '--format', format]));
  for (const network of networks) await run('docker', ['network', 'rm', network]);
  if (containers.length + networks.length > 0) {
    say(`removed ${containers.length} containers and ${networks.length} networks an interrupted run left behind`);
  }
}

/** Applies the platform's migrations to the stack's PostgreSQL, as `npm run db:migrate` does. */
async function migrate(databaseUrl: string): Promise<void> {
  const result = await run('npm', ['run', '--silent', 'db:migrate'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    timeoutMs: 120_000,
  });
  if (result.code !== 0) throw new Error(`db:migrate failed:\n${result.stdout}\n${result.stderr}`);
}

/**
 * Starts the stack (or finds the reused one). `say` gets one line per step. On failure
 * everything already started is removed before the error is thrown.
 */
export async function startIntegrationStack(
  say: (line: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<IntegrationStack> {
  const started = Date.now();
  const reuse = /^(1|true)$/i.test(env[REUSE_VARIABLE] ?? '');
  const runId = reuse ? 'reuse' : `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const network = `tradeforge-integration-${runId}`;
  const kafkaHostPort = reuse ? REUSED_KAFKA_HOST_PORT : await freePort();
  // Where this process reaches published ports: localhost on the engine's machine, the Docker
  // host's address from inside another container (a dev container, a CI job). Kafka must
  // advertise that name, or clients here are sent to an address they cannot reach.
  const dockerHost = (await getContainerRuntimeClient()).info.containerRuntime.host;
  const jwtSecret = reuse ? reusedJwtSecret() : randomBytes(48).toString('base64');
  const images = platformImages(env);
  const variables: Record<string, string> = {
    ...Object.fromEntries(Object.keys(PLATFORM_IMAGES).map((id) => [imageVariable(id), images[id as 'node']])),
    KAFKA_HOST_PORT: String(kafkaHostPort),
    [KAFKA_HOST_NAME_VARIABLE]: dockerHost,
    [JWT_SECRET_VARIABLE]: jwtSecret,
    // One token sends every order of the fault suite; the gateway's per-client limit is not under test.
    GATEWAY_RATE_LIMIT_BURST: '100000',
    GATEWAY_RATE_LIMIT_PER_MINUTE: '1000000',
    LOG_LEVEL: env.LOG_LEVEL ?? 'log',
  };
  const definitions = readComposeServices(variables);
  const stack = { runId, network, reuse };
  const common = { network, runId, reuse, startupTimeoutMs: 180_000 };
  try {
    await removeAbandonedRuns(say);
    await ensureNetwork(network, runId, reuse);
    say(`network ${network}; infrastructure images: ${images.postgres}, ${images.kafka}, ${images.redis}`);
    const postgresEnv = definitions.postgres!.environment;
    const postgresContainer = new PostgreSqlContainer(definitions.postgres!.image)
      .withDatabase(postgresEnv.POSTGRES_DB!)
      .withUsername(postgresEnv.POSTGRES_USER!)
      .withPassword(postgresEnv.POSTGRES_PASSWORD!)
      .withNetworkMode(network)
      .withNetworkAliases('postgres')
      .withLabels(runLabels(runId, reuse));
    if (reuse) postgresContainer.withReuse();
    const [postgres, kafka, redis] = await Promise.all([
      postgresContainer.start(),
      new ComposeContainer(definitions.kafka!, {
        ...common,
        alias: 'kafka',
        fixedHostPorts: { [KAFKA_HOST_LISTENER_PORT]: kafkaHostPort },
      }).start(),
      new ComposeContainer(definitions.redis!, { ...common, alias: 'redis' }).start(),
    ]);
    const databaseUrl = postgres.getConnectionUri();
    await migrate(databaseUrl);
    say(`infrastructure healthy, migrations applied (${((Date.now() - started) / 1000).toFixed(0)} s)`);

    const serviceDefinitions = Object.fromEntries(
      PLATFORM_SETTINGS.services.map((s) => [s.name, definitions[s.name]!] as [string, ComposeServiceDefinition]),
    );
    const source = serviceImageSource(env);
    const serviceImage = await serviceImages(serviceDefinitions, source, say, env);
    const services = await Promise.all(
      PLATFORM_SETTINGS.services.map((service) =>
        new ComposeContainer(
          definitions[service.name]!,
          {
            ...common,
            alias: service.name,
            // Bars every 100 ms instead of every second: market orders fill on the next bar, so
            // a thousand orders a case finish in seconds, not minutes.
            extraEnvironment: service.role === 'market-data' ? { MARKET_DATA_INTERVAL_MS: '100' } : undefined,
          },
          serviceImage[service.name],
        ).start(),
      ),
    );
    const gatewayIndex = PLATFORM_SETTINGS.services.findIndex((s) => s.role === 'gateway');
    const gateway = services[gatewayIndex]!;
    const gatewayPort = PLATFORM_SETTINGS.services[gatewayIndex]!.port;
    const containers: Record<string, string> = {
      postgres: postgres.getId(),
      kafka: kafka.getId(),
      redis: redis.getId(),
    };
    PLATFORM_SETTINGS.services.forEach((service, i) => (containers[service.name] = services[i]!.getId()));
    const startupSeconds = Math.round((Date.now() - started) / 1000);
    say(`every service healthy (${source} images) in ${startupSeconds} s`);
    return {
      ...stack,
      serviceImageSource: source,
      gatewayUrl: `http://${gateway.getHost()}:${gateway.getMappedPort(gatewayPort)}`,
      databaseUrl,
      kafkaBrokers: `${dockerHost}:${kafkaHostPort}`,
      jwtSecret,
      containers,
      startupSeconds,
    };
  } catch (error) {
    if (!reuse) await removeIntegrationStack(stack);
    throw error;
  }
}

/**
 * Removes every container and the network of the run (Ryuk is off: nothing else would), and
 * checks none is left. A reused stack stays up unless `force`.
 */
export async function removeIntegrationStack(
  stack: Pick<IntegrationStack, 'runId' | 'network' | 'reuse'>,
  force = false,
): Promise<void> {
  if (stack.reuse && !force) return;
  const filter = `label=${RUN_LABEL}=${stack.runId}`;
  const ids = (await docker(['ps', '-a', '-q', '--filter', filter])).split('\n').filter(Boolean);
  if (ids.length > 0) await docker(['rm', '--force', '--volumes', ...ids]);
  await run('docker', ['network', 'rm', stack.network]);
  const left = await docker(['ps', '-a', '-q', '--filter', filter]);
  if (left !== '') throw new Error(`containers of run ${stack.runId} left after teardown: ${left}`);
}
