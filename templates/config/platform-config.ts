import type { EnvironmentConfig } from './environment-config.js';
import type { RiskLimitsConfig } from './risk-config.js';
import type { ServiceConfig } from './service-config.js';
import type { VenueConfig } from './venue-config.js';

/** Event bus settings shared by every service. */
export interface BusConfig {
  /**
   * Prefix of every topic name (`<prefix>.orders.commands`, …).
   * @default the platform name
   */
  readonly topicPrefix?: string;
  /**
   * Partitions per topic (1–256). Keys (instrument or client order id) keep one stream ordered.
   * @default 3
   */
  readonly partitions?: number;
}

/**
 * The one typed config a team edits: what the platform is. `.projenrc.ts` passes it to
 * `definePlatform`, and `npx projen` regenerates every service, stack, compose file,
 * devcontainer and workflow from it. Hover any field for its meaning and default.
 */
export interface PlatformConfig {
  /**
   * Platform name: lower-case kebab-case (2–32 characters). Becomes the npm scope
   * (`@<name>/…`), image prefix and AWS resource prefix.
   * @example "tradeforge"
   */
  readonly name: string;
  /**
   * Team or person that owns the deployed resources (the `owner` tag).
   * @default "platform-team"
   */
  readonly owner?: string;
  /**
   * The platform's services.
   * @default the seven reference services (see `DEFAULT_SERVICES`)
   */
  readonly services?: readonly ServiceConfig[];
  /**
   * Venues the broker routes to.
   * @default [{ id: "paper" }]
   */
  readonly venues?: readonly VenueConfig[];
  /**
   * Pre-trade risk limits.
   * @default see `RiskLimitsConfig`
   */
  readonly risk?: RiskLimitsConfig;
  /**
   * Deployment environments, one Terraform stack each.
   * @default dev (development), staging, prod (production)
   */
  readonly environments?: readonly EnvironmentConfig[];
  /**
   * Event bus settings.
   * @default { partitions: 3 }
   */
  readonly bus?: BusConfig;
}
