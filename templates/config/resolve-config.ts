import { BUS_TOPICS, BUS_TOPIC_IDS } from './bus-topics.js';
import type { BusTopicDefinition, BusTopicId } from './bus-topics.js';
import { InvalidConfigError } from './config-error.js';
import {
  DEFAULT_BUS_PARTITIONS,
  DEFAULT_DEAD_LETTER_SUFFIX,
  DEFAULT_DEDUPLICATION_WINDOW,
  DEFAULT_MAX_DELIVERY_ATTEMPTS,
  DEFAULT_ENVIRONMENTS,
  DEFAULT_EPHEMERAL_ENVIRONMENT,
  DEFAULT_INSTRUMENTS,
  DEFAULT_LOAD_SCENARIOS,
  DEFAULT_OWNER,
  DEFAULT_PAPER_STARTING_CASH,
  DEFAULT_RISK_LIMITS,
  DEFAULT_SERVICES,
  DEFAULT_STRATEGIES,
  DEFAULT_SERVICE_SIZE,
  DEFAULT_VENUES,
  DEFAULT_IMAGE_SOURCE,
  IMAGE_VERSIONS,
  LOCAL_IMAGES,
  OBSERVABILITY_IMAGES,
  OFFICIAL_IMAGES,
  defaultAwsInfra,
} from './defaults.js';
import type {
  BusClusterKind,
  EnvironmentConfig,
  EnvironmentKind,
  LogRetentionDays,
  NatGatewayMode,
  ServiceSizeConfig,
} from './environment-config.js';
import { IMAGE_IDS, OBSERVABILITY_IMAGE_IDS } from './images-config.js';
import type { ImageId, ImageSource, ObservabilityImageId } from './images-config.js';
import type { LoadScenarioConfig } from './load-config.js';
import type { PlatformConfig } from './platform-config.js';
import type { StrategyConfig } from './strategy-config.js';
import type { RiskLimitsConfig } from './risk-config.js';
import type { ServiceDependency, ServiceRole } from './service-config.js';
import { DEFAULT_RECONCILE_EVERY_MS, DEFAULT_VENUE_BASE_URLS, defaultStreamUrl } from './venue-config.js';
import type { VenueId } from './venue-config.js';
import { validatePlatformConfig } from './validate-config.js';

export interface ResolvedService {
  readonly name: string;
  readonly role: ServiceRole;
  readonly port: number;
  readonly dependsOn: readonly ServiceDependency[];
  readonly description: string;
  /** npm package name, `@<platform>/<service>`. */
  readonly packageName: string;
  /** Folder relative to the repository root. */
  readonly dir: string;
}

export interface ResolvedVenue {
  readonly id: VenueId;
  readonly enabled: boolean;
  readonly credentialSecrets: readonly string[];
  /** Real venues: the API endpoint (configured, or the venue's production one); undefined for paper. */
  readonly baseUrl: string | undefined;
  /** Binance, Upbit, KIS: the market-data WebSocket endpoint (configured, or production's). */
  readonly streamUrl: string | undefined;
  /** Real venues: milliseconds between the broker's reconciliation passes; undefined for paper. */
  readonly reconcileEveryMs: number | undefined;
  /** Paper venue only: the paper account's starting cash. */
  readonly startingCash: number | undefined;
}

export interface ResolvedInstrument {
  /** `<symbol>.<venue>`, e.g. `BTCUSDT.paper`. */
  readonly id: string;
  readonly symbol: string;
  readonly venue: VenueId;
  readonly quoteCurrency: string;
  readonly tickSize: number;
  readonly lotSize: number;
  readonly minQuantity: number;
  readonly minNotional: number;
}

/** An environment's AWS settings with the defaults of its kind applied (see `AwsInfraConfig`). */
export interface ResolvedAwsInfra {
  readonly region: string;
  readonly availabilityZones: number;
  readonly vpcCidr: string;
  readonly natGateways: NatGatewayMode;
  /** Undefined: the stack takes it as the Terraform variable `certificate_arn`. */
  readonly certificateArn: string | undefined;
  readonly logRetentionDays: LogRetentionDays;
  /** Ephemeral environments only. */
  readonly ttlHours: number | undefined;
  readonly database: {
    readonly instanceClass: string;
    readonly allocatedStorageGiB: number;
    readonly backupRetentionDays: number;
    readonly multiAz: boolean;
    readonly deletionProtection: boolean;
  };
  readonly bus: {
    readonly kind: BusClusterKind;
    readonly instanceType: string;
    readonly brokersPerZone: number;
    readonly volumeSizeGiB: number;
  };
  readonly cache: { readonly nodeType: string; readonly replicas: number };
}

export interface ResolvedEnvironment {
  readonly name: string;
  readonly kind: EnvironmentKind;
  /** Size of each service's tasks in this environment, keyed by service name. */
  readonly serviceSizes: Readonly<Record<string, Required<ServiceSizeConfig>>>;
  /** The environment's AWS stack settings. */
  readonly aws: ResolvedAwsInfra;
}

/** One topic of the platform's bus, with its name and partitions resolved. */
export interface ResolvedBusTopic {
  readonly id: BusTopicId;
  /** `<topicPrefix>.<suffix>`, e.g. `tradeforge.orders.commands`. */
  readonly name: string;
  readonly partitions: number;
  /** Message field used as the partition key; `null` for the single-partition topic. */
  readonly key: BusTopicDefinition['key'];
  readonly messageTypes: readonly string[];
  /** `<name>.<deadLetterSuffix>`: where messages that cannot be processed go, with the reason. */
  readonly deadLetterTopic: string;
  readonly description: string;
}

export interface ResolvedBusConfig {
  readonly topicPrefix: string;
  /** Default partitions per keyed topic. */
  readonly partitions: number;
  /** The topic catalogue, by topic id. */
  readonly topics: Readonly<Record<BusTopicId, ResolvedBusTopic>>;
  readonly deadLetterSuffix: string;
  readonly maxDeliveryAttempts: number;
  readonly deduplicationWindow: number;
}

/** One container image under both sources. */
export interface ResolvedImage {
  readonly id: ImageId;
  /** Version it carries: the major for PostgreSQL and Redis, the exact version for Kafka and Node. */
  readonly version: string;
  /** Image used when the source is `official`: the config's name or the upstream default. */
  readonly official: string;
  /** Image `npm run images:build` builds, used when the source is `local`. */
  readonly local: string;
  /** The image the config's source selects: `official` or `local`. */
  readonly name: string;
}

export type ResolvedImages = {
  readonly source: ImageSource;
  /** The observability profile's images: the config's names or the official defaults, under either source. */
  readonly observability: Readonly<Record<ObservabilityImageId, string>>;
} & { readonly [K in ImageId]: ResolvedImage };

/** The config with every default applied: what every generator component reads. */
export interface ResolvedPlatformConfig {
  readonly name: string;
  readonly owner: string;
  readonly services: readonly ResolvedService[];
  readonly venues: readonly ResolvedVenue[];
  readonly instruments: readonly ResolvedInstrument[];
  readonly strategies: readonly Required<StrategyConfig>[];
  readonly risk: Required<RiskLimitsConfig>;
  /** Long-lived environments (every kind but `ephemeral`), one stack each. */
  readonly environments: readonly ResolvedEnvironment[];
  /** Template of per-pull-request stacks, named `<name>-<number>` (e.g. `pr-123`). */
  readonly ephemeralEnvironment: ResolvedEnvironment;
  readonly bus: ResolvedBusConfig;
  /** Container images; `images.<id>.name` is the one generated files use. */
  readonly images: ResolvedImages;
  /** Load scenarios of `load/k6/` and `npm run load`. */
  readonly load: { readonly scenarios: readonly LoadScenarioConfig[] };
}

/** Validates the config and applies defaults; throws `InvalidConfigError` listing every problem. */
export function resolvePlatformConfig(config: PlatformConfig): ResolvedPlatformConfig {
  const issues = validatePlatformConfig(config);
  if (issues.length > 0) throw new InvalidConfigError(issues);

  const services = (config.services ?? DEFAULT_SERVICES).map((s): ResolvedService => {
    const role = s.role ?? 'custom';
    return {
      name: s.name,
      role,
      port: s.port,
      dependsOn: [...new Set(s.dependsOn ?? [])],
      description: s.description ?? `${role} service`,
      packageName: `@${config.name}/${s.name}`,
      dir: `services/${s.name}`,
    };
  });
  const environments = config.environments ?? DEFAULT_ENVIRONMENTS;
  const resolveEnvironment = (env: EnvironmentConfig): ResolvedEnvironment => {
    const kind = env.kind ?? 'development';
    const defaults = defaultAwsInfra(kind);
    return {
      name: env.name,
      kind,
      serviceSizes: Object.fromEntries(
        services.map((s) => [s.name, { ...DEFAULT_SERVICE_SIZE, ...env.serviceSize, ...env.services?.[s.name] }]),
      ),
      aws: {
        ...defaults,
        ...env.aws,
        database: { ...defaults.database, ...env.aws?.database },
        bus: { ...defaults.bus, ...env.aws?.bus },
        cache: { ...defaults.cache, ...env.aws?.cache },
      },
    };
  };
  return {
    name: config.name,
    owner: config.owner ?? DEFAULT_OWNER,
    services,
    venues: (config.venues ?? DEFAULT_VENUES).map((v) => ({
      id: v.id,
      enabled: v.enabled ?? true,
      credentialSecrets:
        v.credentialSecrets ??
        // KIS orders name the trading account too: its number is a third secret.
        (v.id === 'paper'
          ? []
          : [`${v.id}-api-key`, `${v.id}-api-secret`, ...(v.id === 'kis' ? ['kis-account-no'] : [])]),
      baseUrl: v.baseUrl ?? DEFAULT_VENUE_BASE_URLS[v.id],
      streamUrl: v.streamUrl ?? defaultStreamUrl(v.id, v.baseUrl),
      reconcileEveryMs: v.id === 'paper' ? undefined : (v.reconcileEveryMs ?? DEFAULT_RECONCILE_EVERY_MS),
      startingCash: v.id === 'paper' ? (v.startingCash ?? DEFAULT_PAPER_STARTING_CASH) : undefined,
    })),
    instruments: (config.instruments ?? DEFAULT_INSTRUMENTS).map((i) => {
      const venue = i.venue ?? 'paper';
      return {
        id: `${i.symbol}.${venue}`,
        symbol: i.symbol,
        venue,
        quoteCurrency: i.quoteCurrency ?? 'USDT',
        tickSize: i.tickSize,
        lotSize: i.lotSize,
        minQuantity: i.minQuantity ?? i.lotSize,
        minNotional: i.minNotional ?? 0,
      };
    }),
    strategies: (config.strategies ?? DEFAULT_STRATEGIES).map((st) => ({ ...st, params: st.params ?? {} })),
    risk: { ...DEFAULT_RISK_LIMITS, ...config.risk },
    environments: environments.filter((env) => env.kind !== 'ephemeral').map(resolveEnvironment),
    ephemeralEnvironment: resolveEnvironment(
      environments.find((env) => env.kind === 'ephemeral') ?? DEFAULT_EPHEMERAL_ENVIRONMENT,
    ),
    bus: resolveBus(config),
    images: resolveImages(config),
    load: { scenarios: config.load?.scenarios ?? DEFAULT_LOAD_SCENARIOS },
  };
}

function resolveImages(config: PlatformConfig): ResolvedImages {
  const source = config.images?.source ?? DEFAULT_IMAGE_SOURCE;
  const image = (id: ImageId): ResolvedImage => {
    const official = config.images?.[id] ?? OFFICIAL_IMAGES[id];
    const local = LOCAL_IMAGES[id];
    return { id, version: IMAGE_VERSIONS[id], official, local, name: source === 'local' ? local : official };
  };
  const observability = Object.fromEntries(
    OBSERVABILITY_IMAGE_IDS.map((id) => [id, config.images?.[id] ?? OBSERVABILITY_IMAGES[id]]),
  ) as Record<ObservabilityImageId, string>;
  return {
    source,
    observability,
    ...(Object.fromEntries(IMAGE_IDS.map((id) => [id, image(id)])) as Record<ImageId, ResolvedImage>),
  };
}

function resolveBus(config: PlatformConfig): ResolvedBusConfig {
  const topicPrefix = config.bus?.topicPrefix ?? config.name;
  const partitions = config.bus?.partitions ?? DEFAULT_BUS_PARTITIONS;
  const deadLetterSuffix = config.bus?.deadLetterSuffix ?? DEFAULT_DEAD_LETTER_SUFFIX;
  const topic = (id: BusTopicId): ResolvedBusTopic => {
    const definition: BusTopicDefinition = BUS_TOPICS[id];
    const name = `${topicPrefix}.${definition.suffix}`;
    return {
      id,
      name,
      // An unkeyed topic is one ordered stream: more partitions would scatter it.
      partitions: config.bus?.topics?.[id]?.partitions ?? (definition.key === null ? 1 : partitions),
      key: definition.key,
      messageTypes: definition.messageTypes,
      deadLetterTopic: `${name}.${deadLetterSuffix}`,
      description: definition.description,
    };
  };
  return {
    topicPrefix,
    partitions,
    topics: Object.fromEntries(BUS_TOPIC_IDS.map((id) => [id, topic(id)])) as Record<BusTopicId, ResolvedBusTopic>,
    deadLetterSuffix,
    maxDeliveryAttempts: config.bus?.maxDeliveryAttempts ?? DEFAULT_MAX_DELIVERY_ATTEMPTS,
    deduplicationWindow: config.bus?.deduplicationWindow ?? DEFAULT_DEDUPLICATION_WINDOW,
  };
}
