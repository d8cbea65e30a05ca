import { InvalidConfigError } from './config-error.js';
import {
  DEFAULT_BUS_PARTITIONS,
  DEFAULT_ENVIRONMENTS,
  DEFAULT_OWNER,
  DEFAULT_RISK_LIMITS,
  DEFAULT_SERVICES,
  DEFAULT_SERVICE_SIZE,
  DEFAULT_VENUES,
} from './defaults.js';
import type { EnvironmentKind, ServiceSizeConfig } from './environment-config.js';
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

export interface ResolvedEnvironment {
  readonly name: string;
  readonly kind: EnvironmentKind;
  /** Size of each service's tasks in this environment, keyed by service name. */
  readonly serviceSizes: Readonly<Record<string, Required<ServiceSizeConfig>>>;
}

/** The config with every default applied: what every generator component reads. */
export interface ResolvedPlatformConfig {
  readonly name: string;
  readonly owner: string;
  readonly services: readonly ResolvedService[];
  readonly venues: readonly ResolvedVenue[];
  readonly risk: Required<RiskLimitsConfig>;
  readonly environments: readonly ResolvedEnvironment[];
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
    environments: (config.environments ?? DEFAULT_ENVIRONMENTS).map((env) => ({
      name: env.name,
      kind: env.kind ?? 'development',
      serviceSizes: Object.fromEntries(
        services.map((s) => [s.name, { ...DEFAULT_SERVICE_SIZE, ...env.serviceSize, ...env.services?.[s.name] }]),
      ),
    })),
    bus: {
      topicPrefix: config.bus?.topicPrefix ?? config.name,
      partitions: config.bus?.partitions ?? DEFAULT_BUS_PARTITIONS,
    },
  };
}
