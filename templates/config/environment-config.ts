/**
 * Kinds of deployment environment. `ephemeral` ones (per pull request) are small and
 * destroy-safe; `production` gets Multi-AZ data stores and deletion protection.
 */
export const ENVIRONMENT_KINDS = ['development', 'staging', 'production', 'ephemeral'] as const;
export type EnvironmentKind = (typeof ENVIRONMENT_KINDS)[number];

/** Task sizes Fargate accepts, as CPU units (1024 = one vCPU). */
export const FARGATE_CPU_UNITS = [256, 512, 1024, 2048, 4096] as const;
export type FargateCpu = (typeof FARGATE_CPU_UNITS)[number];

/** How big each service runs in one environment. */
export interface ServiceSizeConfig {
  /**
   * CPU units per task (1024 = one vCPU).
   * @default 256
   */
  readonly cpu?: FargateCpu;
  /**
   * Memory per task in MiB (512–30720, allowed values depend on cpu as Fargate defines).
   * @default 512
   */
  readonly memoryMiB?: number;
  /**
   * Tasks per service (1–20).
   * @default 1
   */
  readonly replicas?: number;
}

/** One deployment environment (an AWS stack). */
export interface EnvironmentConfig {
  /**
   * Environment name: lower-case kebab-case, used in stack and resource names.
   * @example "staging"
   */
  readonly name: string;
  /**
   * What kind of environment this is.
   * @default "development"
   */
  readonly kind?: EnvironmentKind;
  /**
   * Size of every service's tasks here, unless `services` overrides one.
   * @default { cpu: 256, memoryMiB: 512, replicas: 1 }
   */
  readonly serviceSize?: ServiceSizeConfig;
  /**
   * Per-service size overrides, keyed by service name.
   * @default {}
   */
  readonly services?: Readonly<Record<string, ServiceSizeConfig>>;
}
