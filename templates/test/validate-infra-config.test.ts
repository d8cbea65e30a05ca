import { describe, expect, it } from 'vitest';
import type { EnvironmentConfig } from '../config/environment-config.js';
import type { PlatformConfig } from '../config/platform-config.js';
import { resolvePlatformConfig } from '../config/resolve-config.js';
import { validatePlatformConfig } from '../config/validate-config.js';

// Built from `unknown` on purpose: .projenrc.ts runs without a type-check.
const withEnvironments = (...environments: unknown[]): PlatformConfig =>
  ({ name: 'acme', environments }) as PlatformConfig;
const withAws = (aws: unknown, kind = 'development'): PlatformConfig => withEnvironments({ name: 'dev', kind, aws });

function onlyIssue(config: PlatformConfig): string {
  const issues = validatePlatformConfig(config);
  expect(issues).toHaveLength(1);
  return `${issues[0]!.path}: ${issues[0]!.message}`;
}

describe('environment AWS settings: validation', () => {
  it('accepts a fully specified environment', () => {
    const env: EnvironmentConfig = {
      name: 'prod',
      kind: 'production',
      aws: {
        region: 'us-east-2',
        availabilityZones: 3,
        vpcCidr: '10.20.0.0/16',
        natGateways: 'per-zone',
        certificateArn: 'arn:aws:acm:us-east-2:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789',
        logRetentionDays: 365,
        database: { instanceClass: 'db.r7g.large', allocatedStorageGiB: 200, backupRetentionDays: 35, multiAz: true },
        bus: { kind: 'msk', instanceType: 'kafka.m7g.large', brokersPerZone: 2, volumeSizeGiB: 500 },
        cache: { nodeType: 'cache.r7g.large', replicas: 2 },
      },
    };
    expect(validatePlatformConfig({ name: 'acme', environments: [env] })).toEqual([]);
  });

  it.each([
    [
      { region: 'Europe' },
      'environments[0].aws.region: "Europe" is not an AWS region; use a region code such as "eu-west-1" or "us-east-2"',
    ],
    [{ availabilityZones: 1 }, 'environments[0].aws.availabilityZones: must be a whole number from 2 to 3, got 1'],
    [
      { vpcCidr: '10.0.0.0/24' },
      'environments[0].aws.vpcCidr: "10.0.0.0/24" is not allowed; use an IPv4 CIDR block from /16 to /20, e.g. "10.0.0.0/16"',
    ],
    [
      { vpcCidr: '10.0.300.0/16' },
      'environments[0].aws.vpcCidr: "10.0.300.0/16" is not allowed; use an IPv4 CIDR block from /16 to /20, e.g. "10.0.0.0/16"',
    ],
    [{ natGateways: 'two' }, 'environments[0].aws.natGateways: "two" is not allowed; use one of "single", "per-zone"'],
    [
      { logRetentionDays: 10 },
      'environments[0].aws.logRetentionDays: 10 is not allowed; use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653',
    ],
    [
      { database: { instanceClass: 't4g.micro' } },
      'environments[0].aws.database.instanceClass: "t4g.micro" is not allowed; use a name such as "db.t4g.micro"',
    ],
    [
      { database: { allocatedStorageGiB: 5 } },
      'environments[0].aws.database.allocatedStorageGiB: must be a whole number from 20 to 65536, got 5',
    ],
    [
      { database: { backupRetentionDays: 0 } },
      'environments[0].aws.database.backupRetentionDays: must be from 1 to 35: 0 turns off automated backups and point-in-time recovery',
    ],
    [
      { database: { backupRetentionDays: 40 } },
      'environments[0].aws.database.backupRetentionDays: must be a whole number from 1 to 35, got 40',
    ],
    [{ database: { multiAz: 'yes' } }, 'environments[0].aws.database.multiAz: must be true or false, got "yes"'],
    [
      { bus: { kind: 'kinesis' } },
      'environments[0].aws.bus.kind: "kinesis" is not allowed; use one of "msk", "msk-serverless"',
    ],
    [
      { bus: { instanceType: 'm5.large' } },
      'environments[0].aws.bus.instanceType: "m5.large" is not allowed; use a name such as "kafka.t3.small"',
    ],
    [
      { bus: { brokersPerZone: 0 } },
      'environments[0].aws.bus.brokersPerZone: must be a whole number from 1 to 4, got 0',
    ],
    [
      { bus: { kind: 'msk-serverless', volumeSizeGiB: 100 } },
      'environments[0].aws.bus.volumeSizeGiB: applies to provisioned MSK only; remove it, or set bus.kind to "msk"',
    ],
    [
      { cache: { nodeType: 'redis.small' } },
      'environments[0].aws.cache.nodeType: "redis.small" is not allowed; use a name such as "cache.t4g.micro"',
    ],
    [{ cache: { replicas: 6 } }, 'environments[0].aws.cache.replicas: must be a whole number from 0 to 5, got 6'],
    [
      { ttlHours: 24 },
      'environments[0].aws.ttlHours: only ephemeral environments expire; remove it, or set kind to "ephemeral" (kind is "development")',
    ],
  ])('rejects %j', (aws, message) => {
    expect(onlyIssue(withAws(aws))).toBe(message);
  });

  it('rejects a certificate that is not an ACM certificate ARN, saying how to pass one instead', () => {
    expect(onlyIssue(withAws({ certificateArn: 'my-cert' }))).toMatch(
      /^environments\[0\]\.aws\.certificateArn: "my-cert" is not an ACM certificate ARN; .*TF_VAR_certificate_arn/,
    );
  });

  it('rejects deletion protection and out-of-range TTLs on ephemeral environments', () => {
    expect(onlyIssue(withAws({ database: { deletionProtection: true } }, 'ephemeral'))).toBe(
      'environments[0].aws.database.deletionProtection: ephemeral environments must destroy cleanly; deletion protection is only for other kinds',
    );
    expect(onlyIssue(withAws({ ttlHours: 1000 }, 'ephemeral'))).toBe(
      'environments[0].aws.ttlHours: must be a whole number from 1 to 720, got 1000',
    );
  });

  it('allows one ephemeral template, with room for "-<number>" in its name', () => {
    expect(onlyIssue(withEnvironments({ name: 'pr', kind: 'ephemeral' }, { name: 'preview', kind: 'ephemeral' }))).toBe(
      'environments[1].kind: only one environment may be "ephemeral" (found 2); it is the template of every pull-request stack',
    );
    expect(onlyIssue(withEnvironments({ name: 'a-very-long-preview-prefix-x', kind: 'ephemeral' }))).toMatch(
      /^environments\[0\]\.name: an ephemeral environment's name is the prefix of "<name>-<number>" stacks, so it may have at most 25 characters$/,
    );
  });
});

describe('environment AWS settings: defaults', () => {
  const resolved = resolvePlatformConfig({ name: 'acme' });
  const byName = (name: string) => resolved.environments.find((e) => e.name === name)!;

  it('sizes production up and keeps the others small', () => {
    expect(byName('prod').aws).toMatchObject({
      availabilityZones: 3,
      natGateways: 'per-zone',
      logRetentionDays: 365,
      database: { multiAz: true, deletionProtection: true, backupRetentionDays: 30 },
      cache: { replicas: 1 },
    });
    expect(byName('dev').aws).toMatchObject({
      availabilityZones: 2,
      natGateways: 'single',
      database: { multiAz: false, deletionProtection: false, instanceClass: 'db.t4g.micro' },
      cache: { replicas: 0 },
      ttlHours: undefined,
    });
  });

  it('keeps the ephemeral template apart from the long-lived environments, destroy-safe with a TTL', () => {
    expect(resolved.environments.map((e) => e.name)).toEqual(['dev', 'staging', 'prod']);
    expect(resolved.ephemeralEnvironment).toMatchObject({
      name: 'pr',
      kind: 'ephemeral',
      aws: { ttlHours: 72, database: { deletionProtection: false, backupRetentionDays: 1 } },
    });
  });

  it('merges an environment override field by field over its kind defaults', () => {
    const custom = resolvePlatformConfig({
      name: 'acme',
      environments: [
        { name: 'preview', kind: 'ephemeral', aws: { ttlHours: 12 } },
        {
          name: 'prod',
          kind: 'production',
          aws: { region: 'us-east-2', database: { instanceClass: 'db.r7g.xlarge' } },
        },
      ],
    });
    expect(custom.ephemeralEnvironment).toMatchObject({ name: 'preview', aws: { ttlHours: 12 } });
    expect(custom.environments[0]?.aws).toMatchObject({
      region: 'us-east-2',
      database: { instanceClass: 'db.r7g.xlarge', multiAz: true, backupRetentionDays: 30 },
    });
  });
});
