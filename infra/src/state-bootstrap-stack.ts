import { DataAwsCallerIdentity } from '@cdktn/provider-aws/lib/data-aws-caller-identity/index.js';
import { DynamodbTable } from '@cdktn/provider-aws/lib/dynamodb-table/index.js';
import { KmsKey } from '@cdktn/provider-aws/lib/kms-key/index.js';
import { AwsProvider } from '@cdktn/provider-aws/lib/provider/index.js';
import { S3BucketLifecycleConfiguration } from '@cdktn/provider-aws/lib/s3-bucket-lifecycle-configuration/index.js';
import { S3BucketOwnershipControls } from '@cdktn/provider-aws/lib/s3-bucket-ownership-controls/index.js';
import { S3BucketPolicy } from '@cdktn/provider-aws/lib/s3-bucket-policy/index.js';
import { S3BucketPublicAccessBlock } from '@cdktn/provider-aws/lib/s3-bucket-public-access-block/index.js';
import { S3BucketServerSideEncryptionConfigurationA as S3BucketServerSideEncryptionConfiguration } from '@cdktn/provider-aws/lib/s3-bucket-server-side-encryption-configuration/index.js';
import { S3BucketVersioningA as S3BucketVersioning } from '@cdktn/provider-aws/lib/s3-bucket-versioning/index.js';
import { S3Bucket } from '@cdktn/provider-aws/lib/s3-bucket/index.js';
import type { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from './engine.js';
import type { InfraPlatformConfig } from './platform-config.js';
import { policy } from './stack-context.js';
import type { StateBackendSettings } from './state-backend.js';

export const STATE_BOOTSTRAP_STACK = 'state-bootstrap';

/**
 * The remote state every environment stack uses: a versioned, KMS-encrypted, private S3 bucket
 * (TLS only, old versions kept 90 days) and a DynamoDB lock table. Deployed once per account,
 * with local state, before any environment (`npm run infra:deploy -- state-bootstrap`).
 */
export class StateBootstrapStack extends TerraformStack {
  constructor(scope: Construct, platform: InfraPlatformConfig, settings: StateBackendSettings) {
    super(scope, STATE_BOOTSTRAP_STACK);
    new AwsProvider(this, 'aws', {
      region: settings.region,
      defaultTags: [
        { tags: { platform: platform.name, owner: platform.owner, service: 'terraform-state', 'managed-by': 'cdktn' } },
      ],
    });
    const accountId = new DataAwsCallerIdentity(this, 'account').accountId;
    const key = new KmsKey(this, 'key', {
      description: `${platform.name}: Terraform state encryption`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: policy({
        Sid: 'AccountAdministers',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${accountId}:root` },
        Action: 'kms:*',
        Resource: '*',
      }),
    });

    const bucket = new S3Bucket(this, 'state', { bucket: settings.bucket, lifecycle: { preventDestroy: true } });
    new S3BucketVersioning(this, 'state-versioning', {
      bucket: bucket.id,
      versioningConfiguration: { status: 'Enabled' },
    });
    new S3BucketServerSideEncryptionConfiguration(this, 'state-encryption', {
      bucket: bucket.id,
      rule: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: key.arn },
          bucketKeyEnabled: true,
        },
      ],
    });
    new S3BucketPublicAccessBlock(this, 'state-private', {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'state-ownership', {
      bucket: bucket.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    new S3BucketPolicy(this, 'state-tls-only', {
      bucket: bucket.id,
      policy: policy({
        Sid: 'DenyPlainHttp',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 's3:*',
        Resource: [bucket.arn, `${bucket.arn}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    });
    new S3BucketLifecycleConfiguration(this, 'state-lifecycle', {
      bucket: bucket.id,
      rule: [
        {
          id: 'expire-old-state-versions',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          noncurrentVersionExpiration: [{ noncurrentDays: 90 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });
    const locks = new DynamodbTable(this, 'locks', {
      name: settings.lockTable,
      billingMode: 'PAY_PER_REQUEST',
      hashKey: 'LockID',
      attribute: [{ name: 'LockID', type: 'S' }],
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true, kmsKeyArn: key.arn },
      deletionProtectionEnabled: true,
    });
    new TerraformOutput(this, 'state_bucket', { value: bucket.bucket });
    new TerraformOutput(this, 'lock_table', { value: locks.name });
  }
}
