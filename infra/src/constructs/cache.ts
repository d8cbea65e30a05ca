import { ElasticacheReplicationGroup } from '@cdktn/provider-aws/lib/elasticache-replication-group/index.js';
import { ElasticacheSubnetGroup } from '@cdktn/provider-aws/lib/elasticache-subnet-group/index.js';
import type { KmsKey } from '@cdktn/provider-aws/lib/kms-key/index.js';
import type { SecretsmanagerSecret } from '@cdktn/provider-aws/lib/secretsmanager-secret/index.js';
import { SecurityGroup } from '@cdktn/provider-aws/lib/security-group/index.js';
import { Password } from '@cdktn/provider-random/lib/password/index.js';
import { Construct } from 'constructs';
import type { StackContext } from '../stack-context.js';
import { encryptedLogGroup, logGroupName } from './log-group.js';
import type { Network } from './network.js';
import { environmentSecret } from './secret.js';

export const REDIS_PORT = 6379;

/**
 * ElastiCache Redis in the private subnets, encrypted in transit (TLS, AUTH token) and at rest
 * (environment key). Replicas turn on automatic failover across zones. The `rediss://` URL with
 * the token is a secret only services declaring `cache` may read.
 */
export class Cache extends Construct {
  readonly replicationGroup: ElasticacheReplicationGroup;
  readonly securityGroup: SecurityGroup;
  /** `REDIS_URL` for the services. */
  readonly urlSecret: SecretsmanagerSecret;

  constructor(scope: Construct, id: string, ctx: StackContext, network: Network, key: KmsKey) {
    super(scope, id);
    const { cache } = ctx.environment.aws;
    this.securityGroup = new SecurityGroup(this, 'sg', {
      name: ctx.names.name('redis'),
      description: 'Redis: reachable only from the services that declare the cache',
      vpcId: network.vpc.id,
      egress: [],
    });
    const subnets = new ElasticacheSubnetGroup(this, 'subnets', {
      name: ctx.names.name('redis'),
      subnetIds: network.privateSubnetIds,
    });
    const slowLog = encryptedLogGroup(this, 'slow-log', ctx, key, logGroupName(ctx, 'redis', 'slow-log'));
    // Redis AUTH tokens allow printable ASCII without @, ", / and spaces; letters and digits are simplest.
    const authToken = new Password(this, 'auth-token', { length: 48, special: false });
    const failover = cache.replicas > 0;

    this.replicationGroup = new ElasticacheReplicationGroup(this, 'redis', {
      replicationGroupId: ctx.names.name('redis', 40),
      description: `${ctx.names.prefix} cache`,
      engine: 'redis',
      engineVersion: '7.1',
      nodeType: cache.nodeType,
      port: REDIS_PORT,
      numCacheClusters: 1 + cache.replicas,
      automaticFailoverEnabled: failover,
      multiAzEnabled: failover,
      subnetGroupName: subnets.name,
      securityGroupIds: [this.securityGroup.id],
      atRestEncryptionEnabled: 'true',
      kmsKeyId: key.arn,
      transitEncryptionEnabled: true,
      authToken: authToken.result,
      autoMinorVersionUpgrade: 'true',
      snapshotRetentionLimit: ctx.destroySafe ? 0 : 1,
      applyImmediately: ctx.destroySafe,
      logDeliveryConfiguration: [
        {
          destination: slowLog.name,
          destinationType: 'cloudwatch-logs',
          logFormat: 'json',
          logType: 'slow-log',
        },
      ],
    });

    this.urlSecret = environmentSecret(this, 'url', ctx, key, {
      path: 'redis-url',
      description: 'REDIS_URL of the platform cache (TLS, generated AUTH token)',
      value: `rediss://:${authToken.result}@${this.replicationGroup.primaryEndpointAddress}:${REDIS_PORT}`,
    });
  }
}
