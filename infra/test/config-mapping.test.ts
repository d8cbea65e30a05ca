import { describe, expect, it } from 'vitest';
import { InvalidEnvironmentNameError, ephemeralEnvironment } from '../src/infra-app.js';
import type { InfraPlatformConfig } from '../src/platform-config.js';
import { generatedPlatform, resourceList, resources, synthAll, withConfig } from './support/synth.js';

const devOf = (platform: InfraPlatformConfig) => {
  const json = synthAll(platform, null).get('dev');
  if (json === undefined) throw new Error('no dev stack');
  return json;
};
/** Logical ids of everything that belongs to one service, by resource type. */
const idsOf = (platform: InfraPlatformConfig, service: string) => {
  const json = devOf(platform);
  return Object.fromEntries(
    Object.keys(json.resource)
      .map(
        (type) =>
          [type, Object.keys(resources(json, type)).filter((id) => id.startsWith(`services_${service}_`))] as const,
      )
      .filter(([, ids]) => ids.length > 0),
  );
};

describe('config → infrastructure', () => {
  const withAudit = withConfig((p) => ({
    ...p,
    services: [...p.services, { name: 'audit', role: 'custom', port: 3010, dependsOn: ['database'] }],
    environments: p.environments.map((e) => ({
      ...e,
      serviceSizes: { ...e.serviceSizes, audit: { cpu: 512, memoryMiB: 1024, replicas: 2 } },
    })),
  }));

  it('adding a service adds its ECS service, registry, log group, roles and secret access', () => {
    const added = idsOf(withAudit, 'audit');
    for (const type of [
      'aws_ecs_service',
      'aws_ecs_task_definition',
      'aws_ecr_repository',
      'aws_ecr_lifecycle_policy',
      'aws_cloudwatch_log_group',
      'aws_security_group',
      'aws_vpc_security_group_ingress_rule',
    ]) {
      expect(added[type], type).toHaveLength(1);
    }
    expect(added.aws_iam_role).toHaveLength(2);
    const json = devOf(withAudit);
    const service = Object.entries(resources(json, 'aws_ecs_service')).find(([id]) =>
      id.startsWith('services_audit_'),
    )?.[1];
    expect(service).toMatchObject({ name: 'audit', desired_count: 2 });
    const policy = Object.entries(resources(json, 'aws_iam_role_policy')).find(([id]) =>
      id.startsWith('services_audit_execution-policy'),
    )?.[1];
    expect(String(policy?.policy)).toContain('aws_secretsmanager_secret.database_url');
    expect(String(policy?.policy)).not.toContain('cache_url');
    // It declared only the database: no bus permissions, no Redis access.
    expect(added.aws_iam_role_policy).toHaveLength(1);
  });

  it('removing a service removes everything it owned', () => {
    const withoutPortfolio = withConfig((p) => ({ ...p, services: p.services.filter((s) => s.name !== 'portfolio') }));
    expect(idsOf(generatedPlatform, 'portfolio').aws_ecs_service).toHaveLength(1);
    expect(idsOf(withoutPortfolio, 'portfolio')).toEqual({});
    expect(resourceList(devOf(withoutPortfolio), 'aws_ecs_service')).toHaveLength(
      generatedPlatform.services.length - 1,
    );
  });

  it('creates a secret per venue credential, without a value, readable by the broker only', () => {
    const withBinance = withConfig((p) => ({
      ...p,
      venues: [
        ...p.venues,
        { id: 'binance', enabled: true, credentialSecrets: ['binance-api-key', 'binance-api-secret'] },
      ],
    }));
    const json = devOf(withBinance);
    const names = resourceList(json, 'aws_secretsmanager_secret').map((s) => s.name);
    expect(names).toContain('tradeforge/dev/venues/binance-api-key');
    expect(names).toContain('tradeforge/dev/venues/binance-api-secret');
    const versions = Object.keys(resources(json, 'aws_secretsmanager_secret_version'));
    expect(versions.some((id) => id.includes('binance'))).toBe(false);
    for (const [id, policy] of Object.entries(resources(json, 'aws_iam_role_policy'))) {
      expect(String(policy.policy).includes('venue-binance'), id).toBe(
        id.startsWith('services_broker_execution-policy'),
      );
    }
    const broker = Object.entries(resources(json, 'aws_ecs_task_definition')).find(([id]) =>
      id.startsWith('services_broker_'),
    )?.[1];
    const secrets = (JSON.parse(String(broker?.container_definitions)) as { secrets: { name: string }[] }[])[0]
      ?.secrets;
    expect(secrets?.map((s) => s.name)).toEqual(['BINANCE_API_KEY', 'BINANCE_API_SECRET']);
  });

  it('uses MSK Serverless when the environment asks for it', () => {
    const serverless = withConfig((p) => ({
      ...p,
      environments: p.environments.map((e) =>
        e.name === 'dev' ? { ...e, aws: { ...e.aws, bus: { ...e.aws.bus, kind: 'msk-serverless' as const } } } : e,
      ),
    }));
    const json = devOf(serverless);
    expect(resourceList(json, 'aws_msk_cluster')).toHaveLength(0);
    expect(resourceList(json, 'aws_msk_serverless_cluster')[0]).toMatchObject({
      client_authentication: { sasl: { iam: { enabled: true } } },
    });
  });

  it('uses the configured certificate as the default of the certificate variable', () => {
    const arn = 'arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789';
    const withCertificate = withConfig((p) => ({
      ...p,
      environments: p.environments.map((e) => ({ ...e, aws: { ...e.aws, certificateArn: arn } })),
    }));
    expect(devOf(withCertificate).variable?.certificate_arn).toMatchObject({ default: arn });
    expect(devOf(generatedPlatform).variable?.certificate_arn).not.toHaveProperty('default');
  });
});

describe('ephemeral environments', () => {
  it('are made from the template under a "<name>-<number>" name', () => {
    expect(ephemeralEnvironment(generatedPlatform, 'pr-42')).toMatchObject({ name: 'pr-42', kind: 'ephemeral' });
  });

  it.each(['pr', 'pr-', 'pr-0', 'pr-1234567', 'feature-12', 'PR-12', 'pr-12a'])(
    'refuse %j, naming the expected form',
    (name) => {
      expect(() => ephemeralEnvironment(generatedPlatform, name)).toThrow(InvalidEnvironmentNameError);
      expect(() => ephemeralEnvironment(generatedPlatform, name)).toThrow(
        /use "pr-<number>".*"dev", "staging", "prod"/,
      );
    },
  );

  it('are small and destroy-safe', () => {
    const json = synthAll().get('pr-123');
    expect(resourceList(json!, 'aws_db_instance')[0]).toMatchObject({
      deletion_protection: false,
      skip_final_snapshot: true,
      delete_automated_backups: true,
    });
    expect(resourceList(json!, 'aws_ecr_repository').every((r) => r.force_delete === true)).toBe(true);
    expect(resourceList(json!, 'aws_lb')[0]).toMatchObject({ enable_deletion_protection: false });
    expect(resourceList(json!, 'aws_nat_gateway')).toHaveLength(1);
  });
});
