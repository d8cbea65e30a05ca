import type { ResolvedPlatformConfig, ResolvedService } from '../config/resolve-config.js';
import type { ComposeFile, ComposeService } from './compose-types.js';
import {
  DEFAULT_IMAGE_TAG,
  EXTRA_CA_CERT_VARIABLE,
  IMAGE_TAG_VARIABLE,
  JWT_SECRET_VARIABLE,
  hostPortVariable,
  imageVariable,
  publishedPort,
  required,
  secretVariable,
  serviceUrlVariable,
  withDefault,
} from './compose-variables.js';
import { INFRASTRUCTURE, connectionVariables } from './infrastructure-services.js';

/** The image compose builds for a service and runs: `<platform>/<service>:${IMAGE_TAG:-dev}`. */
export function serviceImage(platform: ResolvedPlatformConfig, service: ResolvedService): string {
  return `${platform.name}/${service.name}:${withDefault(IMAGE_TAG_VARIABLE, DEFAULT_IMAGE_TAG)}`;
}

/**
 * `compose/platform.yml`, used together with infrastructure.yml: every service of the config
 * built from its Dockerfile (the repository root as context, the Node base and an extra CA as
 * build arguments), in distributed mode with the connection of each declared dependency and the
 * URL of every peer, started once its dependencies are healthy, and healthy itself once `/ready`
 * answers 200 (every dependency reachable).
 */
export function renderPlatformCompose(platform: ResolvedPlatformConfig): ComposeFile {
  return {
    name: platform.name,
    services: Object.fromEntries(platform.services.map((s) => [s.name, platformService(platform, s)])),
  };
}

/**
 * The broker's venue credentials: each enabled venue's `credentialSecrets` as the variable the
 * broker reads (`binance-api-key` → `BINANCE_API_KEY`), taken from the host environment or
 * `compose/.env` (gitignored) when the stack starts; never a value in the file. Unset, a venue
 * runs in sandbox mode (its mock in the broker).
 */
export function venueCredentialVariables(platform: ResolvedPlatformConfig): Record<string, string> {
  const names = platform.venues.filter((v) => v.enabled).flatMap((v) => v.credentialSecrets);
  return Object.fromEntries(names.map((name) => [secretVariable(name), withDefault(secretVariable(name), '')]));
}

function platformService(platform: ResolvedPlatformConfig, service: ResolvedService): ComposeService {
  const peers = platform.services.filter((peer) => peer.name !== service.name);
  return {
    image: serviceImage(platform, service),
    build: {
      context: '..',
      dockerfile: `${service.dir}/Dockerfile`,
      args: {
        NODE_IMAGE: withDefault(imageVariable('node'), platform.images.node.name),
        [EXTRA_CA_CERT_VARIABLE]: withDefault(EXTRA_CA_CERT_VARIABLE, ''),
      },
    },
    environment: {
      PLATFORM_MODE: 'distributed',
      HOST: '0.0.0.0',
      PORT: String(service.port),
      DEPLOY_ENVIRONMENT: 'compose',
      LOG_LEVEL: withDefault('LOG_LEVEL', 'log'),
      ...Object.assign({}, ...service.dependsOn.map((d) => connectionVariables(platform, d))),
      ...(service.role === 'gateway'
        ? {
            [JWT_SECRET_VARIABLE]: required(
              JWT_SECRET_VARIABLE,
              // No "$" or "}" in the message: compose would read them as interpolation.
              'set it to 32+ random characters, e.g. the output of openssl rand -base64 48 (npm run stack:up makes one for local use)',
            ),
            // The gateway's own defaults; the load workflow raises them (one token sends every request).
            GATEWAY_RATE_LIMIT_BURST: withDefault('GATEWAY_RATE_LIMIT_BURST', 60),
            GATEWAY_RATE_LIMIT_PER_MINUTE: withDefault('GATEWAY_RATE_LIMIT_PER_MINUTE', 600),
          }
        : {}),
      ...Object.fromEntries(peers.map((peer) => [serviceUrlVariable(peer.name), `http://${peer.name}:${peer.port}`])),
      ...(service.role === 'broker' ? venueCredentialVariables(platform) : {}),
    },
    ports: [publishedPort(hostPortVariable(service.name), service.port, service.port)],
    ...(service.dependsOn.length > 0
      ? {
          depends_on: Object.fromEntries(
            service.dependsOn.map((d) => [INFRASTRUCTURE[d].service, { condition: 'service_healthy' as const }]),
          ),
        }
      : {}),
    healthcheck: {
      test: [
        'CMD',
        'node',
        '-e',
        `fetch('http://127.0.0.1:${service.port}/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`,
      ],
      interval: '5s',
      timeout: '3s',
      retries: 24,
      start_period: '20s',
    },
    // A service that loses Kafka or PostgreSQL while they restart exits; compose brings it back.
    restart: 'on-failure:5',
  };
}
