import { DbInstance } from '@cdktn/provider-aws/lib/db-instance/index.js';
import { DbParameterGroup } from '@cdktn/provider-aws/lib/db-parameter-group/index.js';
import { DbSubnetGroup } from '@cdktn/provider-aws/lib/db-subnet-group/index.js';
import { IamRole } from '@cdktn/provider-aws/lib/iam-role/index.js';
import { IamRolePolicyAttachment } from '@cdktn/provider-aws/lib/iam-role-policy-attachment/index.js';
import type { KmsKey } from '@cdktn/provider-aws/lib/kms-key/index.js';
import type { SecretsmanagerSecret } from '@cdktn/provider-aws/lib/secretsmanager-secret/index.js';
import { SecurityGroup } from '@cdktn/provider-aws/lib/security-group/index.js';
import { Password } from '@cdktn/provider-random/lib/password/index.js';
import { Construct } from 'constructs';
import { assumedBy } from '../stack-context.js';
import type { StackContext } from '../stack-context.js';
import type { Network } from './network.js';
import { environmentSecret } from './secret.js';

export const POSTGRES_ENGINE_VERSION = '17';
export const POSTGRES_PORT = 5432;

/**
 * RDS PostgreSQL in the private subnets: encrypted with the environment key, TLS enforced,
 * automated backups for the configured number of days (point-in-time recovery covers that
 * window), Multi-AZ and deletion protection as the config says (on in production). The
 * connection URL, with a generated password, is a secret that only services declaring
 * `database` may read. Ephemeral environments skip the final snapshot.
 */
export class Database extends Construct {
  readonly instance: DbInstance;
  readonly securityGroup: SecurityGroup;
  /** `DATABASE_URL` for the services. */
  readonly urlSecret: SecretsmanagerSecret;

  constructor(scope: Construct, id: string, ctx: StackContext, network: Network, key: KmsKey) {
    super(scope, id);
    const { database } = ctx.environment.aws;
    const identifier = ctx.names.name('postgres', 63);
    const databaseName = ctx.platform.name.replace(/-/g, '_');
    const username = `${databaseName}_admin`.slice(0, 63);

    this.securityGroup = new SecurityGroup(this, 'sg', {
      name: ctx.names.name('postgres'),
      description: 'PostgreSQL: reachable only from the services that declare the database',
      vpcId: network.vpc.id,
      egress: [],
    });
    const subnets = new DbSubnetGroup(this, 'subnets', {
      name: ctx.names.name('postgres'),
      subnetIds: network.privateSubnetIds,
    });
    const parameters = new DbParameterGroup(this, 'parameters', {
      name: ctx.names.name('postgres'),
      family: `postgres${POSTGRES_ENGINE_VERSION}`,
      parameter: [
        { name: 'rds.force_ssl', value: '1' },
        { name: 'log_statement', value: 'ddl' },
        { name: 'log_min_duration_statement', value: '1000' },
      ],
    });
    const monitoringRole = new IamRole(this, 'monitoring-role', {
      name: ctx.names.name('rds-monitoring'),
      assumeRolePolicy: assumedBy('monitoring.rds.amazonaws.com'),
    });
    new IamRolePolicyAttachment(this, 'monitoring-policy', {
      role: monitoringRole.name,
      policyArn: 'arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole',
    });
    // URL-safe characters only: the password goes into DATABASE_URL unescaped.
    const password = new Password(this, 'password', { length: 32, special: false });
    const performanceInsights = !/\.(micro|small)$/.test(database.instanceClass);

    this.instance = new DbInstance(this, 'instance', {
      identifier,
      engine: 'postgres',
      engineVersion: POSTGRES_ENGINE_VERSION,
      instanceClass: database.instanceClass,
      allocatedStorage: database.allocatedStorageGiB,
      maxAllocatedStorage: database.allocatedStorageGiB * 10,
      storageType: 'gp3',
      storageEncrypted: true,
      kmsKeyId: key.arn,
      dbName: databaseName,
      username,
      password: password.result,
      port: POSTGRES_PORT,
      dbSubnetGroupName: subnets.name,
      vpcSecurityGroupIds: [this.securityGroup.id],
      parameterGroupName: parameters.name,
      publiclyAccessible: false,
      multiAz: database.multiAz,
      deletionProtection: database.deletionProtection,
      backupRetentionPeriod: database.backupRetentionDays,
      backupWindow: '02:00-03:00',
      maintenanceWindow: 'sun:03:30-sun:04:30',
      copyTagsToSnapshot: true,
      skipFinalSnapshot: ctx.destroySafe,
      finalSnapshotIdentifier: ctx.destroySafe ? undefined : `${identifier}-final`,
      deleteAutomatedBackups: ctx.destroySafe,
      autoMinorVersionUpgrade: true,
      iamDatabaseAuthenticationEnabled: true,
      enabledCloudwatchLogsExports: ['postgresql', 'upgrade'],
      monitoringInterval: 60,
      monitoringRoleArn: monitoringRole.arn,
      performanceInsightsEnabled: performanceInsights,
      performanceInsightsKmsKeyId: performanceInsights ? key.arn : undefined,
      applyImmediately: ctx.destroySafe,
    });

    this.urlSecret = environmentSecret(this, 'url', ctx, key, {
      path: 'database-url',
      description: 'DATABASE_URL of the platform database (generated; rotate by tainting the password)',
      value: `postgresql://${username}:${password.result}@${this.instance.address}:${POSTGRES_PORT}/${databaseName}?sslmode=require`,
    });
  }
}
