import { KmsAlias } from '@cdktn/provider-aws/lib/kms-alias/index.js';
import { KmsKey } from '@cdktn/provider-aws/lib/kms-key/index.js';
import { Construct } from 'constructs';
import { policy } from '../stack-context.js';
import type { StackContext } from '../stack-context.js';

/**
 * One customer-managed KMS key per environment, used for every encrypted resource (logs,
 * secrets, registries, database, cache, bus), rotated yearly. The key policy lets the account
 * administer it and CloudWatch Logs use it for this environment's log groups.
 */
export class EncryptionKey extends Construct {
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, ctx: StackContext) {
    super(scope, id);
    const accountRoot = `arn:aws:iam::${ctx.accountId}:root`;
    this.key = new KmsKey(this, 'key', {
      description: `${ctx.names.prefix}: encryption at rest for every resource of the environment`,
      enableKeyRotation: true,
      deletionWindowInDays: ctx.destroySafe ? 7 : 30,
      policy: policy(
        {
          Sid: 'AccountAdministers',
          Effect: 'Allow',
          Principal: { AWS: accountRoot },
          Action: 'kms:*',
          Resource: '*',
        },
        {
          Sid: 'CloudWatchLogsEncrypts',
          Effect: 'Allow',
          Principal: { Service: `logs.${ctx.region}.amazonaws.com` },
          Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
          Resource: '*',
          Condition: {
            ArnLike: {
              'kms:EncryptionContext:aws:logs:arn': [
                `arn:aws:logs:${ctx.region}:${ctx.accountId}:log-group:/${ctx.names.platform}/${ctx.names.environment}/*`,
                `arn:aws:logs:${ctx.region}:${ctx.accountId}:log-group:aws-waf-logs-${ctx.names.prefix}`,
              ],
            },
          },
        },
      ),
    });
    new KmsAlias(this, 'alias', { name: `alias/${ctx.names.prefix}`, targetKeyId: this.key.keyId });
  }
}
