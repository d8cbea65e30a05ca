import type { BusTopicConfig, BusTopicId } from './bus-topics.js';
import type { EnvironmentConfig } from './environment-config.js';
import type { ImagesConfig } from './images-config.js';
import type { InstrumentConfig } from './instrument-config.js';
import type { LoadConfig } from './load-config.js';
import type { RiskLimitsConfig } from './risk-config.js';
import type { ServiceConfig } from './service-config.js';
import type { StrategyConfig } from './strategy-config.js';
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
  /**
   * Per-topic settings by topic id (`marketBars`, `marketTicks`, `orderCommands`, `orderEvents`,
   * `riskDecisions`, `fills`, `positions`, `tradingState`); see docs/architecture/event-bus.md.
   * @default every topic gets `partitions`; `tradingState` gets 1
   * @example { marketTicks: { partitions: 12 } }
   */
  readonly topics?: { readonly [K in BusTopicId]?: BusTopicConfig };
  /**
   * Suffix of each topic's dead-letter topic, which receives messages that failed validation or
   * whose handler kept failing: `<topic>.<suffix>`. Lower-case letters, digits and dashes.
   * @default "dlq"
   */
  readonly deadLetterSuffix?: string;
  /**
   * Deliveries of one message to a handler that throws before the message is dead-lettered
   * (1–10). Retries happen in place, so a partition stays ordered.
   * @default 3
   */
  readonly maxDeliveryAttempts?: number;
  /**
   * Message ids each consumer group remembers to drop duplicate deliveries (1,000–10,000,000),
   * in the in-memory deduplication store.
   * @default 100000
   */
  readonly deduplicationWindow?: number;
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
   * Instruments the platform trades, with their venue's order rules.
   * @default BTCUSDT and ETHUSDT on the paper venue
   */
  readonly instruments?: readonly InstrumentConfig[];
  /**
   * Strategies the strategy service runs on live market data.
   * @default [{ name: "sma-crossover", instrument: "BTCUSDT.paper", params: { allocation: 0.05 } }]
   */
  readonly strategies?: readonly StrategyConfig[];
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
  /**
   * Container images (PostgreSQL, Kafka, Redis, the services' Node base), each named once:
   * official images from a registry, or images built locally by `npm run images:build`.
   * `TRADEFORGE_IMAGES=local` overrides the source at run time; see docs/images.md.
   * @default { source: "official" } with postgres:17, apache/kafka:4.2.2, redis:7, node:24-bookworm-slim
   * @example { source: "local" }
   */
  readonly images?: ImagesConfig;
  /**
   * Load scenarios (endpoint, arrival rate, duration, p95/p99 and error-rate thresholds), declared
   * once: rendered to k6 scripts in `load/k6/` for CI and run here by `npm run load` (autocannon).
   * @default place-orders and read-positions, sized for a 2-core machine (see `DEFAULT_LOAD_SCENARIOS`)
   */
  readonly load?: LoadConfig;
}
