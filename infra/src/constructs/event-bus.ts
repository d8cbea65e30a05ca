import type { KmsKey } from '@cdktn/provider-aws/lib/kms-key/index.js';
import { MskCluster } from '@cdktn/provider-aws/lib/msk-cluster/index.js';
import { MskConfiguration } from '@cdktn/provider-aws/lib/msk-configuration/index.js';
import { MskServerlessCluster } from '@cdktn/provider-aws/lib/msk-serverless-cluster/index.js';
import { SecurityGroup } from '@cdktn/provider-aws/lib/security-group/index.js';
import { Construct } from 'constructs';
import { Fn } from '../engine.js';
import type { StackContext } from '../stack-context.js';
import { encryptedLogGroup, logGroupName } from './log-group.js';
import type { Network } from './network.js';

/** Port of MSK's IAM-authenticated TLS listener. */
export const MSK_IAM_PORT = 9098;
export const KAFKA_VERSION = '3.9.x';

/**
 * Amazon MSK (provisioned brokers, one or more per zone) or MSK Serverless, by config. Clients
 * authenticate with IAM over TLS only: no plaintext listener, no unauthenticated access. Each
 * service's task role gets the topic and group permissions it needs (see `ServiceCluster`).
 */
export class EventBus extends Construct {
  readonly securityGroup: SecurityGroup;
  /** `host:port,…` of the IAM/TLS listener. */
  readonly bootstrapBrokers: string;
  readonly clusterArn: string;
  readonly clusterName: string;

  constructor(scope: Construct, id: string, ctx: StackContext, network: Network, key: KmsKey) {
    super(scope, id);
    const { bus, availabilityZones } = ctx.environment.aws;
    this.clusterName = ctx.names.name('kafka', 64);
    this.securityGroup = new SecurityGroup(this, 'sg', {
      name: ctx.names.name('kafka'),
      description: 'Kafka: reachable only from the services that declare the bus',
      vpcId: network.vpc.id,
      egress: [],
    });

    if (bus.kind === 'msk-serverless') {
      const cluster = new MskServerlessCluster(this, 'cluster', {
        clusterName: this.clusterName,
        vpcConfig: [{ subnetIds: network.privateSubnetIds, securityGroupIds: [this.securityGroup.id] }],
        clientAuthentication: { sasl: { iam: { enabled: true } } },
      });
      this.bootstrapBrokers = cluster.bootstrapBrokersSaslIam;
      this.clusterArn = cluster.arn;
      return;
    }

    const brokerLogs = encryptedLogGroup(this, 'broker-logs', ctx, key, logGroupName(ctx, 'kafka', 'brokers'));
    const configuration = new MskConfiguration(this, 'configuration', {
      name: this.clusterName,
      kafkaVersions: [KAFKA_VERSION],
      serverProperties: [
        // Topics are declared by the platform (prefix from the config); typos must not create new ones.
        'auto.create.topics.enable=false',
        `default.replication.factor=${Math.min(3, availabilityZones * bus.brokersPerZone)}`,
        `min.insync.replicas=${Math.min(2, availabilityZones * bus.brokersPerZone)}`,
        `num.partitions=${ctx.platform.bus.partitions}`,
      ].join('\n'),
    });
    const cluster = new MskCluster(this, 'cluster', {
      clusterName: this.clusterName,
      kafkaVersion: KAFKA_VERSION,
      numberOfBrokerNodes: availabilityZones * bus.brokersPerZone,
      brokerNodeGroupInfo: {
        instanceType: bus.instanceType,
        clientSubnets: network.privateSubnetIds,
        securityGroups: [this.securityGroup.id],
        storageInfo: { ebsStorageInfo: { volumeSize: bus.volumeSizeGiB } },
        connectivityInfo: { publicAccess: { type: 'DISABLED' } },
      },
      configurationInfo: { arn: configuration.arn, revision: configuration.latestRevision },
      encryptionInfo: {
        encryptionAtRestKmsKeyArn: key.arn,
        encryptionInTransit: { clientBroker: 'TLS', inCluster: true },
      },
      clientAuthentication: { sasl: { iam: true }, unauthenticated: false },
      loggingInfo: { brokerLogs: { cloudwatchLogs: { enabled: true, logGroup: brokerLogs.name } } },
    });
    this.bootstrapBrokers = cluster.bootstrapBrokersSaslIam;
    this.clusterArn = cluster.arn;
  }

  /** ARN pattern of this cluster's topics or groups whose names start with `prefix`. */
  resourceArn(kind: 'topic' | 'group', prefix: string): string {
    return `${Fn.replace(this.clusterArn, ':cluster/', `:${kind}/`)}/${prefix}*`;
  }
}
