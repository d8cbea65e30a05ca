import { describe, expect, it } from 'vitest';
import { INTERFACE_ENDPOINT_SERVICES } from '../src/constructs/network.js';
import { TLS_POLICY } from '../src/constructs/load-balancer.js';
import { EPHEMERAL, generatedPlatform, resourceList, resourceNamed, resources, synthAll } from './support/synth.js';
import type { TerraformJson } from './support/synth.js';

const stacks = synthAll();
const environments = [...generatedPlatform.environments.map((e) => e.name), EPHEMERAL];
const settingsOf = (name: string) =>
  generatedPlatform.environments.find((e) => e.name === name) ?? { ...generatedPlatform.ephemeralEnvironment, name };
const stack = (name: string): TerraformJson => {
  const json = stacks.get(name);
  if (json === undefined) throw new Error(`no stack ${name}`);
  return json;
};
const containers = (json: TerraformJson, service: string) => {
  const task = resourceNamed(json, 'aws_ecs_task_definition', `services_${service}_task`);
  return JSON.parse(task.container_definitions as string) as {
    name: string;
    image: string;
    environment: { name: string; value: string }[];
    secrets: { name: string; valueFrom: string }[];
    healthCheck: { command: string[] };
    readonlyRootFilesystem: boolean;
    portMappings: { containerPort: number }[];
  }[];
};
const policyOf = (resource: Record<string, unknown>) =>
  JSON.parse(resource.policy as string) as {
    Statement: { Sid?: string; Action: string | string[]; Resource: string | string[] }[];
  };

describe('every environment is synthesized', () => {
  it('makes one stack per configured environment plus the ephemeral one', () => {
    expect([...stacks.keys()]).toEqual(environments);
  });
});

describe.each(environments)('%s', (name) => {
  const json = stack(name);
  const env = settingsOf(name);
  const production = env.kind === 'production';
  const ephemeral = env.kind === 'ephemeral';

  it('keeps its state in its own key of the shared, encrypted, locked S3 backend', () => {
    expect(json.terraform.backend?.s3).toMatchObject({
      key: `${generatedPlatform.name}/${name}/terraform.tfstate`,
      encrypt: true,
      dynamodb_table: `${generatedPlatform.name}-terraform-locks`,
    });
  });

  it('tags every resource with environment, owner and service, and ephemeral ones with a ttl', () => {
    const tags = (json.provider.aws?.[0]?.default_tags as { tags: Record<string, string> }[])[0]?.tags;
    expect(tags).toMatchObject({ environment: name, owner: generatedPlatform.owner, service: 'shared' });
    if (ephemeral) expect(tags?.ttl).toBe('2026-01-18T10:00:00Z');
    else expect(tags).not.toHaveProperty('ttl');
    for (const service of generatedPlatform.services) {
      expect(resourceNamed(json, 'aws_ecs_service', `services_${service.name}_service`).tags).toEqual({
        service: service.name,
      });
    }
  });

  it('spreads a VPC over the configured zones: public subnets for the load balancer, private for the rest', () => {
    const subnets = resourceList(json, 'aws_subnet');
    expect(subnets).toHaveLength(2 * env.aws.availabilityZones);
    expect(env.aws.availabilityZones).toBeGreaterThanOrEqual(2);
    expect(subnets.every((s) => s.map_public_ip_on_launch === false)).toBe(true);
    expect(resourceList(json, 'aws_nat_gateway')).toHaveLength(production ? env.aws.availabilityZones : 1);
    const endpoints = resourceList(json, 'aws_vpc_endpoint').map((e) =>
      String(e.service_name).split('.').slice(3).join('.'),
    );
    expect(endpoints.sort()).toEqual(['s3', ...INTERFACE_ENDPOINT_SERVICES].sort());
    expect(resourceList(json, 'aws_flow_log')).toHaveLength(1);
    expect(resourceList(json, 'aws_default_security_group')[0]).toMatchObject({ ingress: [], egress: [] });
  });

  it('runs each service on Fargate in private subnets, sized from the config, with /health checks', () => {
    expect(resourceList(json, 'aws_ecs_service')).toHaveLength(generatedPlatform.services.length);
    for (const service of generatedPlatform.services) {
      const size = env.serviceSizes[service.name];
      const ecsService = resourceNamed(json, 'aws_ecs_service', `services_${service.name}_service`);
      const task = resourceNamed(json, 'aws_ecs_task_definition', `services_${service.name}_task`);
      expect(ecsService).toMatchObject({
        launch_type: 'FARGATE',
        desired_count: size?.replicas,
        network_configuration: { assign_public_ip: false },
        deployment_circuit_breaker: { enable: true, rollback: true },
      });
      expect(JSON.stringify(ecsService.network_configuration)).toContain('aws_subnet.network_private-');
      expect(JSON.stringify(ecsService.network_configuration)).not.toContain('network_public-');
      expect(task).toMatchObject({
        cpu: String(size?.cpu),
        memory: String(size?.memoryMiB),
        requires_compatibilities: ['FARGATE'],
      });
      const [container] = containers(json, service.name);
      expect(container?.portMappings).toEqual([{ containerPort: service.port, protocol: 'tcp' }]);
      expect(container?.healthCheck.command.join(' ')).toContain(`127.0.0.1:${service.port}/health`);
      expect(container?.readonlyRootFilesystem).toBe(true);
      expect(container?.image).toMatch(/repository_url}:\$\{var\.image_tag}$/);
      expect(container?.environment).toContainEqual({ name: 'DEPLOY_ENVIRONMENT', value: name });
      expect(container?.environment).toContainEqual({ name: 'PLATFORM_MODE', value: 'distributed' });
    }
  });

  it('gives each service an immutable, scanned, encrypted registry with a lifecycle policy', () => {
    const repositories = resourceList(json, 'aws_ecr_repository');
    expect(repositories).toHaveLength(generatedPlatform.services.length);
    for (const repository of repositories) {
      expect(repository).toMatchObject({
        image_tag_mutability: 'IMMUTABLE',
        image_scanning_configuration: { scan_on_push: true },
        encryption_configuration: [{ encryption_type: 'KMS' }],
      });
    }
    expect(resourceList(json, 'aws_ecr_lifecycle_policy')).toHaveLength(generatedPlatform.services.length);
  });

  it('keeps each service log group encrypted for the configured retention', () => {
    for (const service of generatedPlatform.services) {
      const logs = resourceNamed(json, 'aws_cloudwatch_log_group', `services_${service.name}_logs`);
      expect(logs).toMatchObject({
        name: `/${generatedPlatform.name}/${name}/services/${service.name}`,
        retention_in_days: env.aws.logRetentionDays,
      });
      expect(logs.kms_key_id).toContain('aws_kms_key.encryption_key');
    }
    expect(
      resourceList(json, 'aws_cloudwatch_log_group').every((g) => String(g.kms_key_id).includes('aws_kms_key')),
    ).toBe(true);
  });

  it('puts an HTTPS load balancer with WAF in front of the gateway only, redirecting HTTP', () => {
    const [alb, ...others] = resourceList(json, 'aws_lb');
    expect(others).toHaveLength(0);
    expect(alb).toMatchObject({
      internal: false,
      drop_invalid_header_fields: true,
      enable_deletion_protection: production,
    });
    expect(JSON.stringify(alb?.subnets)).toContain('network_public-');
    expect(JSON.stringify(alb?.subnets)).not.toContain('network_private-');
    const listeners = resourceList(json, 'aws_lb_listener');
    expect(listeners.find((l) => l.port === 443)).toMatchObject({
      protocol: 'HTTPS',
      ssl_policy: TLS_POLICY,
      certificate_arn: '${var.certificate_arn}',
    });
    expect(listeners.find((l) => l.port === 80)).toMatchObject({
      default_action: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' } }],
    });
    expect(resourceList(json, 'aws_lb_target_group')[0]).toMatchObject({ health_check: { path: '/health' } });
    const balanced = resourceList(json, 'aws_ecs_service').filter((s) => s.load_balancer !== undefined);
    expect(balanced.map((s) => s.name)).toEqual(['gateway']);
    expect(resourceList(json, 'aws_wafv2_web_acl_association')).toHaveLength(1);
  });

  it('runs PostgreSQL encrypted, private, backed up, Multi-AZ and protected as the environment kind says', () => {
    const [db] = resourceList(json, 'aws_db_instance');
    expect(db).toMatchObject({
      engine: 'postgres',
      storage_encrypted: true,
      publicly_accessible: false,
      instance_class: env.aws.database.instanceClass,
      backup_retention_period: env.aws.database.backupRetentionDays,
      multi_az: production,
      deletion_protection: production,
      skip_final_snapshot: ephemeral,
    });
    expect(db?.backup_retention_period).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(resourceList(json, 'aws_db_subnet_group')[0]?.subnet_ids)).not.toContain('network_public-');
    expect(resourceList(json, 'aws_db_parameter_group')[0]?.parameter).toContainEqual({
      name: 'rds.force_ssl',
      value: '1',
    });
  });

  it('runs Kafka with TLS and IAM authentication only', () => {
    const [cluster] = resourceList(json, 'aws_msk_cluster');
    expect(cluster).toMatchObject({
      encryption_info: { encryption_in_transit: { client_broker: 'TLS', in_cluster: true } },
      client_authentication: { sasl: { iam: true }, unauthenticated: false },
      number_of_broker_nodes: env.aws.availabilityZones * env.aws.bus.brokersPerZone,
    });
    expect(String((cluster?.encryption_info as Record<string, unknown>).encryption_at_rest_kms_key_arn)).toContain(
      'aws_kms_key',
    );
  });

  it('runs Redis encrypted in transit and at rest', () => {
    const [redis] = resourceList(json, 'aws_elasticache_replication_group');
    expect(redis).toMatchObject({
      at_rest_encryption_enabled: 'true',
      transit_encryption_enabled: true,
      node_type: env.aws.cache.nodeType,
      num_cache_clusters: 1 + env.aws.cache.replicas,
    });
    expect(redis?.auth_token).toContain('random_password');
  });

  it('lets each service read only the secrets of what it declares', () => {
    for (const service of generatedPlatform.services) {
      const execution = policyOf(
        resourceNamed(json, 'aws_iam_role_policy', `services_${service.name}_execution-policy`),
      );
      const readable = execution.Statement.filter((s) => s.Sid === 'ReadOwnSecrets').flatMap((s) =>
        [s.Resource].flat(),
      );
      const expected = [
        ...(service.dependsOn.includes('database') ? ['database_url'] : []),
        ...(service.dependsOn.includes('cache') ? ['cache_url'] : []),
      ];
      expect(readable.map((arn) => /aws_secretsmanager_secret\.([a-z]+_url)/.exec(arn)?.[1])).toEqual(expected);
      const injected = (containers(json, service.name)[0]?.secrets ?? []).map((s) => s.name);
      expect(injected).toEqual([
        ...(service.dependsOn.includes('database') ? ['DATABASE_URL'] : []),
        ...(service.dependsOn.includes('cache') ? ['REDIS_URL'] : []),
      ]);
      const pulls = execution.Statement.find((s) => s.Sid === 'PullOwnImage');
      expect(pulls?.Resource).toContain(`services_${service.name}_repository`);
      const hasBusPolicy = Object.keys(resources(json, 'aws_iam_role_policy')).some((id) =>
        id.startsWith(`services_${service.name}_task-policy`),
      );
      expect(hasBusPolicy).toBe(service.dependsOn.includes('bus'));
    }
  });

  it('opens each data store only to the services that declare it', () => {
    const rules = resourceList(json, 'aws_vpc_security_group_ingress_rule');
    for (const [dependency, port] of [
      ['database', 5432],
      ['cache', 6379],
      ['bus', 9098],
    ] as const) {
      const from = rules
        .filter((r) => r.from_port === port)
        .map((r) => String(r.description).replace(`${dependency} from `, ''));
      expect(from.sort()).toEqual(
        generatedPlatform.services
          .filter((s) => s.dependsOn.includes(dependency))
          .map((s) => s.name)
          .sort(),
      );
    }
  });

  it('encrypts every secret with the environment key and destroys ephemeral ones without a recovery window', () => {
    for (const secret of resourceList(json, 'aws_secretsmanager_secret')) {
      expect(String(secret.kms_key_id)).toContain('aws_kms_key.encryption_key');
      expect(secret.recovery_window_in_days).toBe(ephemeral ? 0 : 7);
    }
    expect(resourceList(json, 'aws_kms_key')[0]).toMatchObject({ enable_key_rotation: true });
  });
});

describe('the Terraform JSON of each environment', () => {
  it.each(environments)('%s matches its committed snapshot', async (name) => {
    await expect(`${JSON.stringify(stack(name), null, 2)}\n`).toMatchFileSnapshot(`__snapshots__/${name}.tf.json`);
  });
});
