import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { PREFIX } from '../model/bucketKeys.ts';

export interface SnapshotBucketProps {
  /** Days a replaced or deleted object version is kept (`deployment.noncurrentVersionDays`). */
  readonly noncurrentVersionDays: number;
  /** Days the server access logs are kept. @default 365 */
  readonly accessLogDays?: number;
  /**
   * Name of a snapshot bucket an earlier deployment left behind (`deployment.existingBucketName`): it is
   * adopted as it is (its versions, lifecycle rules, access logging and EventBridge setting were made by that
   * deployment and stay), and given a new TLS-only bucket policy (the old stack's policy went with it).
   */
  readonly existingBucketName?: string | undefined;
}

/** Days after which a run's leftovers under `staging/` and unfinished multipart uploads are removed. */
export const STAGING_EXPIRY_DAYS = 7;

/**
 * The bucket holding raw inputs, staged runs and the published snapshots, plus the bucket receiving its
 * server access logs. Both are kept when the stack is deleted: the snapshots are the only record of past
 * Eurostat values (Eurostat keeps no history).
 */
export class SnapshotBucket extends Construct {
  readonly bucket: s3.IBucket;
  /** True when the bucket is an earlier deployment's, adopted by name. */
  readonly adopted: boolean;
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: SnapshotBucketProps) {
    super(scope, id);

    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Versioned so that a deleted or overwritten log object stays recoverable for a while: these logs are
      // the record of who read or changed the snapshots.
      versioned: true,
      lifecycleRules: [
        {
          id: 'expire-access-logs',
          expiration: Duration.days(props.accessLogDays ?? 365),
          noncurrentVersionExpiration: Duration.days(props.noncurrentVersionDays),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.adopted = props.existingBucketName !== undefined;
    if (props.existingBucketName !== undefined) {
      this.bucket = adopt(this, props.existingBucketName);
      return;
    }
    const bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'snapshot-bucket/',
      // `raw/` and `snapshots/` are kept; only old versions, crashed runs and unfinished uploads go.
      lifecycleRules: [
        {
          id: 'noncurrent-versions',
          noncurrentVersionExpiration: Duration.days(props.noncurrentVersionDays),
          expiredObjectDeleteMarker: true,
          abortIncompleteMultipartUploadAfter: Duration.days(STAGING_EXPIRY_DAYS),
        },
        {
          id: 'staging-leftovers',
          prefix: PREFIX.staging,
          expiration: Duration.days(STAGING_EXPIRY_DAYS),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Object-created events go to EventBridge, where a rule starts a refresh for files dropped in inbox/.
    // Set on the resource itself: `eventBridgeEnabled` would add a custom-resource Lambda to do the same.
    (bucket.node.defaultChild as s3.CfnBucket).addPropertyOverride(
      'NotificationConfiguration.EventBridgeConfiguration.EventBridgeEnabled',
      true,
    );
    this.bucket = bucket;
  }
}

/** The earlier deployment's bucket, by name, with the TLS-only policy `enforceSSL` gives a new one. */
function adopt(scope: Construct, bucketName: string): s3.IBucket {
  const bucket = s3.Bucket.fromBucketName(scope, 'Bucket', bucketName);
  const policy = new s3.BucketPolicy(scope, 'Policy', { bucket });
  policy.document.addStatements(
    new iam.PolicyStatement({
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['s3:*'],
      resources: [bucket.bucketArn, bucket.arnForObjects('*')],
      conditions: { Bool: { 'aws:SecureTransport': 'false' } },
    }),
  );
  return bucket;
}
