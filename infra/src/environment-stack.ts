import { DataAwsCallerIdentity } from '@cdktn/provider-aws/lib/data-aws-caller-identity/index.js';
import { AwsProvider } from '@cdktn/provider-aws/lib/provider/index.js';
import type { SecretsmanagerSecret } from '@cdktn/provider-aws/lib/secretsmanager-secret/index.js';
import { RandomProvider } from '@cdktn/provider-random/lib/provider/index.js';
import type { Construct } from 'constructs';
import { Cache } from './constructs/cache.js';
import { Database } from './constructs/database.js';
import { EncryptionKey } from './constructs/encryption-key.js';
import { EventBus } from './constructs/event-bus.js';
import { LoadBalancer } from './constructs/load-balancer.js';
import { Network } from './constructs/network.js';
import { environmentSecret } from './constructs/secret.js';
import { ServiceCluster } from './constructs/service-cluster.js';
import { S3Backend, TerraformOutput, TerraformStack, TerraformVariable } from './engine.js';
import { ResourceNames } from './naming.js';
import type { InfraEnvironment, InfraPlatformConfig } from './platform-config.js';
import type { StackContext } from './stack-context.js';
import { stateKey } from './state-backend.js';
import type { StateBackendSettings } from './state-backend.js';

export interface EnvironmentStackOptions {
  readonly platform: InfraPlatformConfig;
  readonly environment: InfraEnvironment;
  readonly stateBackend: StateBackendSettings;
  /** Synthesis time: an ephemeral environment's `ttl` tag is this plus its TTL. */
  readonly now: Date;
}

/**
 * One environment on AWS: network, encryption key, data stores (PostgreSQL, Kafka, Redis),
 * venue secrets, the ECS services and the load balancer in front of the gateway, all tagged
 * with environment, service and owner (and `ttl` when ephemeral). State lives in the shared S3
 * bucket under `<platform>/<environment>/`, locked through DynamoDB.
 */
export class EnvironmentStack extends TerraformStack {
  readonly services: ServiceCluster;
  readonly loadBalancer: LoadBalancer | undefined;

  constructor(scope: Construct, options: EnvironmentStackOptions) {
    const { platform, environment, stateBackend } = options;
    super(scope, environment.name);

    new S3Backend(this, {
      bucket: stateBackend.bucket,
      key: stateKey(platform, environment.name),
      region: stateBackend.region,
      dynamodbTable: stateBackend.lockTable,
      encrypt: true,
    });
    new AwsProvider(this, 'aws', {
      region: environment.aws.region,
      defaultTags: [{ tags: environmentTags(options) }],
    });
    new RandomProvider(this, 'random');

    const ctx: StackContext = {
      platform,
      environment,
      names: new ResourceNames(platform.name, environment.name),
      accountId: new DataAwsCallerIdentity(this, 'account').accountId,
      region: environment.aws.region,
      destroySafe: environment.kind === 'ephemeral',
    };
    const imageTag = new TerraformVariable(this, 'image_tag', {
      type: 'string',
      description: 'Image tag every service runs (the scripts default it to the current git commit)',
    });
    const certificateArn = new TerraformVariable(this, 'certificate_arn', {
      type: 'string',
      description: "ACM certificate of the load balancer's HTTPS listener",
      default: environment.aws.certificateArn ?? undefined,
    });

    const { key } = new EncryptionKey(this, 'encryption', ctx);
    const network = new Network(this, 'network', ctx, key);
    const database = new Database(this, 'database', ctx, network, key);
    const cache = new Cache(this, 'cache', ctx, network, key);
    const bus = new EventBus(this, 'bus', ctx, network, key);
    const venueSecrets = new Map<string, SecretsmanagerSecret>();
    for (const venue of platform.venues.filter((v) => v.enabled)) {
      for (const name of venue.credentialSecrets) {
        venueSecrets.set(
          name,
          // No value here, ever: operators put it with `aws secretsmanager put-secret-value`.
          environmentSecret(this, `venue-${name}`, ctx, key, {
            path: `venues/${name}`,
            description: `${venue.id} API credential "${name}" (value set by an operator, never in code)`,
            tags: { service: 'broker', venue: venue.id },
          }),
        );
      }
    }

    this.services = new ServiceCluster(this, 'services', ctx, {
      network,
      key,
      database,
      cache,
      bus,
      venueSecrets,
      imageTag: imageTag.stringValue,
    });
    const gateway = platform.services.find((s) => s.role === 'gateway');
    this.loadBalancer =
      gateway === undefined
        ? undefined
        : new LoadBalancer(this, 'ingress', ctx, network, key, gateway, certificateArn.stringValue);
    for (const service of platform.services) {
      const isGateway = service === gateway && this.loadBalancer !== undefined;
      this.services.addService(
        service,
        isGateway ? this.loadBalancer?.targetGroup : undefined,
        isGateway ? this.loadBalancer?.securityGroup.id : undefined,
      );
    }

    if (this.loadBalancer !== undefined) {
      new TerraformOutput(this, 'url', { value: `https://${this.loadBalancer.loadBalancer.dnsName}` });
    }
    new TerraformOutput(this, 'cluster', { value: this.services.cluster.name });
    new TerraformOutput(this, 'repositories', {
      value: Object.fromEntries([...this.services.services].map(([name, s]) => [name, s.repository.repositoryUrl])),
    });
  }
}

/** Tags on every resource of the environment (the provider's default tags). */
export function environmentTags({ platform, environment, now }: EnvironmentStackOptions): Record<string, string> {
  const tags: Record<string, string> = {
    platform: platform.name,
    environment: environment.name,
    'environment-kind': environment.kind,
    owner: platform.owner,
    service: 'shared',
    'managed-by': 'cdktn',
  };
  if (environment.kind === 'ephemeral') tags.ttl = expiry(now, environment.aws.ttlHours ?? 72);
  return tags;
}

/**
 * When an ephemeral environment may be swept: `now` plus its TTL, on the hour (so re-deploys
 * within an hour keep the tags unchanged). Each deploy pushes it out again: a PR that is still
 * being worked on stays up; an abandoned one expires.
 */
export function expiry(now: Date, ttlHours: number): string {
  const hour = 3_600_000;
  return new Date(Math.floor(now.getTime() / hour) * hour + ttlHours * hour).toISOString().replace('.000Z', 'Z');
}
