import type { KmsKey } from '@cdktn/provider-aws/lib/kms-key/index.js';
import { SecretsmanagerSecretVersion } from '@cdktn/provider-aws/lib/secretsmanager-secret-version/index.js';
import { SecretsmanagerSecret } from '@cdktn/provider-aws/lib/secretsmanager-secret/index.js';
import type { Construct } from 'constructs';
import type { StackContext } from '../stack-context.js';

export interface SecretOptions {
  /** Path under `<platform>/<environment>/`. */
  readonly path: string;
  readonly description: string;
  /** The value, for secrets Terraform itself generates; omitted for secrets an operator fills in. */
  readonly value?: string;
  readonly tags?: Record<string, string>;
}

/**
 * A Secrets Manager entry encrypted with the environment key. Ephemeral environments delete
 * secrets immediately (so the next stack of the same name can recreate them); the others keep a
 * recovery window.
 */
export function environmentSecret(
  scope: Construct,
  id: string,
  ctx: StackContext,
  key: KmsKey,
  options: SecretOptions,
): SecretsmanagerSecret {
  const secret = new SecretsmanagerSecret(scope, id, {
    name: ctx.names.path(options.path),
    description: options.description,
    kmsKeyId: key.arn,
    recoveryWindowInDays: ctx.destroySafe ? 0 : 7,
    tags: options.tags,
  });
  if (options.value !== undefined) {
    new SecretsmanagerSecretVersion(scope, `${id}-value`, { secretId: secret.id, secretString: options.value });
  }
  return secret;
}
