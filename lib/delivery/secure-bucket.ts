import { Duration } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/**
 * The bucket that receives server access logs. S3 cannot deliver access logs to an SSE-KMS bucket,
 * so it uses SSE-S3; it is TLS-only and private like every other bucket here.
 */
export function createAccessLogsBucket(scope: Construct, id: string): s3.Bucket {
  const bucket = new s3.Bucket(scope, id, {
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    // Object ownership is left to CDK: it depends on whether log delivery is granted by bucket policy
    // (feature flag @aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy, set in cdk.json) or by ACL.
    versioned: true,
    lifecycleRules: [{ expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) }],
  });
  Validations.of(bucket).acknowledge({
    id: 'AwsSolutions-S1',
    reason: 'This is the server access log target; logging it into itself would loop and logging it elsewhere only moves the problem.',
  });
  return bucket;
}

export interface SecureBucketOptions {
  /** Where server access logs go. */
  readonly accessLogsBucket: s3.IBucket;
  /** Prefix of this bucket's access logs in the log bucket. */
  readonly accessLogsPrefix: string;
}

/** A data bucket: encrypted, TLS-only, public access blocked, versioned and access-logged. */
export function createSecureBucket(scope: Construct, id: string, options: SecureBucketOptions): s3.Bucket {
  return new s3.Bucket(scope, id, {
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    versioned: true,
    serverAccessLogsBucket: options.accessLogsBucket,
    serverAccessLogsPrefix: options.accessLogsPrefix,
    // Versioning keeps overwritten objects; do not keep them forever.
    lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
  });
}
