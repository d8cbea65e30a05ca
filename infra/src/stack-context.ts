import type { InfraEnvironment, InfraPlatformConfig, InfraService } from './platform-config.js';
import type { ResourceNames } from './naming.js';

/** What every construct of an environment stack needs to know. */
export interface StackContext {
  readonly platform: InfraPlatformConfig;
  readonly environment: InfraEnvironment;
  readonly names: ResourceNames;
  /** Account id and partition-aware ARN pieces, resolved by Terraform at plan time. */
  readonly accountId: string;
  readonly region: string;
  /** Ephemeral environments destroy without leftovers: no protection, no final snapshots. */
  readonly destroySafe: boolean;
}

/** Tags a per-service resource carries on top of the provider's default tags. */
export function serviceTags(service: InfraService): Record<string, string> {
  return { service: service.name };
}

export function dependsOn(service: InfraService, dependency: 'database' | 'bus' | 'cache'): boolean {
  return service.dependsOn.includes(dependency);
}

/** An IAM policy document as plain data (rendered with JSON.stringify). */
export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly PolicyStatement[];
}

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Principal?: Record<string, string | readonly string[]>;
  readonly Condition?: Record<string, Record<string, string | readonly string[]>>;
}

export function policy(...statements: PolicyStatement[]): string {
  const document: PolicyDocument = { Version: '2012-10-17', Statement: statements };
  return JSON.stringify(document);
}

/** Trust policy letting an AWS service assume a role. */
export function assumedBy(service: string): string {
  return policy({ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' });
}
