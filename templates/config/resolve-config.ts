import { InvalidConfigError } from './config-error.js';
import {
  DEFAULT_BUS_PARTITIONS,
  DEFAULT_ENVIRONMENTS,
  DEFAULT_EPHEMERAL_ENVIRONMENT,
  DEFAULT_OWNER,
  DEFAULT_RISK_LIMITS,
  DEFAULT_SERVICES,
  DEFAULT_SERVICE_SIZE,
  DEFAULT_VENUES,
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
import type { PlatformConfig } from './platform-config.js';
import type { RiskLimitsConfig } from './risk-config.js';
import type { ServiceDependency, ServiceRole } from './service-config.js';
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

/** The config with every default applied: what every generator component reads. */
export interface ResolvedPlatformConfig {
  readonly name: string;
  readonly owner: string;
  readonly services: readonly ResolvedService[];
  readonly venues: readonly ResolvedVenue[];
  readonly risk: Required<RiskLimitsConfig>;
  /** Long-lived environments (every kind but `ephemeral`), one stack each. */
  readonly environments: readonly ResolvedEnvironment[];
  /** Template of per-pull-request stacks, named `<name>-<number>` (e.g. `pr-123`). */
  readonly ephemeralEnvironment: ResolvedEnvironment;
  readonly bus: { readonly topicPrefix: string; readonly partitions: number };
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
      credentialSecrets: v.credentialSecrets ?? (v.id === 'paper' ? [] : [`${v.id}-api-key`, `${v.id}-api-secret`]),
    })),
    risk: { ...DEFAULT_RISK_LIMITS, ...config.risk },
    environments: environments.filter((env) => env.kind !== 'ephemeral').map(resolveEnvironment),
    ephemeralEnvironment: resolveEnvironment(
      environments.find((env) => env.kind === 'ephemeral') ?? DEFAULT_EPHEMERAL_ENVIRONMENT,
    ),
    bus: {
      topicPrefix: config.bus?.topicPrefix ?? config.name,
      partitions: config.bus?.partitions ?? DEFAULT_BUS_PARTITIONS,
    },
  };
}
