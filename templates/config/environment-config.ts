/**
 * Kinds of deployment environment. `ephemeral` ones (per pull request) are small and
 * destroy-safe; `production` gets Multi-AZ data stores and deletion protection. An environment
 * of kind `ephemeral` is a template: stacks named `<name>-<number>` (e.g. `pr-123`) are made
 * from it on demand, and none is deployed under its own name.
 */
export const ENVIRONMENT_KINDS = ['development', 'staging', 'production', 'ephemeral'] as const;
export type EnvironmentKind = (typeof ENVIRONMENT_KINDS)[number];

/** Task sizes Fargate accepts, as CPU units (1024 = one vCPU). */
export const FARGATE_CPU_UNITS = [256, 512, 1024, 2048, 4096] as const;
export type FargateCpu = (typeof FARGATE_CPU_UNITS)[number];

/** How the Kafka bus runs on AWS: provisioned MSK brokers, or MSK Serverless (IAM auth only). */
export const BUS_CLUSTER_KINDS = ['msk', 'msk-serverless'] as const;
export type BusClusterKind = (typeof BUS_CLUSTER_KINDS)[number];

/** How many NAT gateways a VPC gets: one shared (cheap) or one per availability zone (resilient). */
export const NAT_GATEWAY_MODES = ['single', 'per-zone'] as const;
export type NatGatewayMode = (typeof NAT_GATEWAY_MODES)[number];

/** Retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;
export type LogRetentionDays = (typeof LOG_RETENTION_DAYS)[number];

/** RDS PostgreSQL of one environment. Defaults depend on the environment's kind. */
export interface DatabaseInfraConfig {
  /**
   * RDS instance class.
   * @default "db.m7g.large" in production, "db.t4g.micro" otherwise
   */
  readonly instanceClass?: string;
  /**
   * Allocated gp3 storage in GiB (20–65536); storage autoscales up to ten times this.
   * @default 100 in production, 20 otherwise
   */
  readonly allocatedStorageGiB?: number;
  /**
   * Days of automated backups (1–35). Point-in-time recovery covers this whole window, so it
   * cannot be 0.
   * @default 30 in production, 7 in staging and development, 1 in ephemeral
   */
  readonly backupRetentionDays?: number;
  /**
   * Standby replica in a second availability zone.
   * @default true in production, false otherwise
   */
  readonly multiAz?: boolean;
  /**
   * Refuse to delete the database (and take a final snapshot on destroy). Never allowed on
   * ephemeral environments, which must destroy cleanly.
   * @default true in production, false otherwise
   */
  readonly deletionProtection?: boolean;
}

/** The Kafka bus (Amazon MSK) of one environment. */
export interface BusInfraConfig {
  /**
   * Provisioned MSK or MSK Serverless. Both use TLS and IAM authentication.
   * @default "msk"
   */
  readonly kind?: BusClusterKind;
  /**
   * Broker instance type (provisioned MSK only).
   * @default "kafka.m7g.large" in production, "kafka.t3.small" otherwise
   */
  readonly instanceType?: string;
  /**
   * Brokers per availability zone (provisioned MSK only, 1–4).
   * @default 1
   */
  readonly brokersPerZone?: number;
  /**
   * EBS storage per broker in GiB (provisioned MSK only, 1–16384).
   * @default 100 in production, 10 otherwise
   */
  readonly volumeSizeGiB?: number;
}

/** ElastiCache Redis of one environment (always encrypted in transit and at rest). */
export interface CacheInfraConfig {
  /**
   * ElastiCache node type.
   * @default "cache.m7g.large" in production, "cache.t4g.micro" otherwise
   */
  readonly nodeType?: string;
  /**
   * Read replicas (0–5); one or more turns on automatic failover across zones.
   * @default 1 in production, 0 otherwise
   */
  readonly replicas?: number;
}

/** What an environment's AWS stack looks like. Every field has a default per environment kind. */
export interface AwsInfraConfig {
  /**
   * AWS region of the stack.
   * @default "eu-west-1"
   */
  readonly region?: string;
  /**
   * Availability zones the VPC spans (2–3).
   * @default 3 in production, 2 otherwise
   */
  readonly availabilityZones?: number;
  /**
   * IPv4 range of the VPC, a CIDR block from /16 to /20.
   * @default "10.0.0.0/16"
   */
  readonly vpcCidr?: string;
  /**
   * One NAT gateway for the VPC, or one per availability zone.
   * @default "per-zone" in production, "single" otherwise
   */
  readonly natGateways?: NatGatewayMode;
  /**
   * ACM certificate for the load balancer's HTTPS listener. Without it the stack asks for the
   * Terraform variable `certificate_arn` at deploy time (`TF_VAR_certificate_arn`).
   * @example "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
   * @default none: supplied as a variable
   */
  readonly certificateArn?: string;
  /**
   * Days CloudWatch keeps each service's logs (a value CloudWatch accepts, e.g. 14, 30, 365).
   * @default 365 in production, 30 in staging, 14 in development, 3 in ephemeral
   */
  readonly logRetentionDays?: LogRetentionDays;
  /**
   * Hours an ephemeral environment may live; the `ttl` tag holds its expiry time and the sweeper
   * destroys stacks past it. Ephemeral environments only (1–720).
   * @default 72
   */
  readonly ttlHours?: number;
  /** RDS PostgreSQL. */
  readonly database?: DatabaseInfraConfig;
  /** Amazon MSK. */
  readonly bus?: BusInfraConfig;
  /** ElastiCache Redis. */
  readonly cache?: CacheInfraConfig;
}

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
  /**
   * The environment's AWS stack: region, network, data stores, log retention.
   * @default sized by `kind` (see `AwsInfraConfig`)
   */
  readonly aws?: AwsInfraConfig;
}
