// The shape of `generated/platform.ts`: what the generator knows about the platform, reduced to
// what the stacks read. The generator's `ResolvedPlatformConfig` documents every field.

export type ServiceDependency = 'database' | 'bus' | 'cache';
export type EnvironmentKind = 'development' | 'staging' | 'production' | 'ephemeral';

export interface InfraService {
  readonly name: string;
  readonly role: string;
  readonly port: number;
  readonly dependsOn: readonly ServiceDependency[];
}

export interface InfraVenue {
  readonly id: string;
  readonly enabled: boolean;
  /** Names of Secrets Manager entries holding the venue's credentials (never the values). */
  readonly credentialSecrets: readonly string[];
}

export interface ServiceSize {
  /** Fargate CPU units (1024 = one vCPU). */
  readonly cpu: number;
  readonly memoryMiB: number;
  readonly replicas: number;
}

export interface AwsInfra {
  readonly region: string;
  readonly availabilityZones: number;
  readonly vpcCidr: string;
  readonly natGateways: 'single' | 'per-zone';
  /** Null: the stack asks for the Terraform variable `certificate_arn`. */
  readonly certificateArn: string | null;
  readonly logRetentionDays: number;
  /** Hours an ephemeral environment lives; null for the others. */
  readonly ttlHours: number | null;
  readonly database: {
    readonly instanceClass: string;
    readonly allocatedStorageGiB: number;
    readonly backupRetentionDays: number;
    readonly multiAz: boolean;
    readonly deletionProtection: boolean;
  };
  readonly bus: {
    readonly kind: 'msk' | 'msk-serverless';
    readonly instanceType: string;
    readonly brokersPerZone: number;
    readonly volumeSizeGiB: number;
  };
  readonly cache: { readonly nodeType: string; readonly replicas: number };
}

export interface InfraEnvironment {
  readonly name: string;
  readonly kind: EnvironmentKind;
  /** Task size per service name. */
  readonly serviceSizes: Readonly<Record<string, ServiceSize>>;
  readonly aws: AwsInfra;
}

export interface InfraPlatformConfig {
  readonly name: string;
  readonly owner: string;
  readonly services: readonly InfraService[];
  readonly venues: readonly InfraVenue[];
  readonly bus: { readonly topicPrefix: string; readonly partitions: number };
  /** Long-lived environments, one stack each. */
  readonly environments: readonly InfraEnvironment[];
  /** Template of the per-pull-request stacks `<name>-<number>`. */
  readonly ephemeralEnvironment: InfraEnvironment;
}
