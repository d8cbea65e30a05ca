import { CloudwatchLogGroup } from '@cdktn/provider-aws/lib/cloudwatch-log-group/index.js';
import type { KmsKey } from '@cdktn/provider-aws/lib/kms-key/index.js';
import type { Construct } from 'constructs';
import type { StackContext } from '../stack-context.js';

/** A CloudWatch log group encrypted with the environment key, kept as long as the config says. */
export function encryptedLogGroup(
  scope: Construct,
  id: string,
  ctx: StackContext,
  key: KmsKey,
  name: string,
  tags?: Record<string, string>,
): CloudwatchLogGroup {
  return new CloudwatchLogGroup(scope, id, {
    name,
    retentionInDays: ctx.environment.aws.logRetentionDays,
    kmsKeyId: key.arn,
    tags,
  });
}

/** `/<platform>/<environment>/<what>`: the log group names the key policy lets CloudWatch encrypt. */
export function logGroupName(ctx: StackContext, ...parts: string[]): string {
  return `/${ctx.names.path(...parts)}`;
}
