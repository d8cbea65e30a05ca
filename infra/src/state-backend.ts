import type { InfraPlatformConfig } from './platform-config.js';

/** Where every environment keeps its Terraform state: one S3 bucket, one key per environment. */
export interface StateBackendSettings {
  readonly bucket: string;
  readonly region: string;
  readonly lockTable: string;
}

/**
 * The state bucket and lock table, by default `<platform>-terraform-state` and
 * `<platform>-terraform-locks` in the first environment's region. Bucket names are global across
 * AWS accounts: a fork sets `TF_STATE_BUCKET` (and optionally `TF_STATE_REGION`,
 * `TF_LOCK_TABLE`) to its own names.
 */
export function stateBackendSettings(
  platform: InfraPlatformConfig,
  env: Readonly<Record<string, string | undefined>> = {},
): StateBackendSettings {
  return {
    bucket: env.TF_STATE_BUCKET || `${platform.name}-terraform-state`,
    region: env.TF_STATE_REGION || (platform.environments[0] ?? platform.ephemeralEnvironment).aws.region,
    lockTable: env.TF_LOCK_TABLE || `${platform.name}-terraform-locks`,
  };
}

/** State key of one environment inside the bucket. */
export function stateKey(platform: InfraPlatformConfig, environment: string): string {
  return `${platform.name}/${environment}/terraform.tfstate`;
}
