import { Annotations, Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
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
  /**
   * Name of the access-log bucket an earlier deployment left behind (`deployment.existingAccessLogBucketName`,
   * the `AccessLogBucketName` output of that deployment). It is adopted instead of creating a new one, and given
   * a new policy: TLS only, and log delivery from this stack's buckets. An adopted snapshot bucket keeps logging
   * to the bucket the earlier deployment set, whose policy went with the old stack; without this name those logs
   * are refused, and synth warns.
   */
  readonly existingAccessLogBucketName?: string | undefined;
}

/** The synth warning for a snapshot bucket adopted without its access-log bucket. */
export const ACCESS_LOGS_NOT_ADOPTED_WARNING =
  'deployment.existingBucketName without deployment.existingAccessLogBucketName: the adopted bucket still logs ' +
  'to the earlier access-log bucket, which lost its policy with the old stack, so its access logs are refused; ' +
  'name that bucket (the earlier AccessLogBucketName output) in deployment.existingAccessLogBucketName.';

/** Where the snapshot bucket's server access logs go in the access-log bucket. */
const SNAPSHOT_BUCKET_LOG_PREFIX = 'snapshot-bucket/';

/** Days after which a run's leftovers under `staging/` and unfinished multipart uploads are removed. */
export const STAGING_EXPIRY_DAYS = 7;

/**
 * The bucket holding raw inputs, staged runs and the published snapshots, plus the bucket receiving its
 * server access logs. Both are kept when the stack is deleted: the snapshots are the only record of past
 * Eurostat values (Eurostat keeps no history). A redeploy can adopt either by name (docs/operations.md).
 */
export class SnapshotBucket extends Construct {
  readonly bucket: s3.IBucket;
  /** True when the bucket is an earlier deployment's, adopted by name. */
  readonly adopted: boolean;
  readonly accessLogs: s3.IBucket;
  /** The adopted access-log bucket's new policy (log delivery is granted in it by `allowLogDelivery`). */
  private readonly adoptedLogPolicy: s3.BucketPolicy | undefined;

  constructor(scope: Construct, id: string, props: SnapshotBucketProps) {
    super(scope, id);

    if (props.existingAccessLogBucketName !== undefined) {
      this.accessLogs = s3.Bucket.fromBucketName(this, 'AccessLogs', props.existingAccessLogBucketName);
      this.adoptedLogPolicy = tlsOnlyPolicy(this, 'AccessLogsPolicy', this.accessLogs);
    } else {
      this.accessLogs = newAccessLogBucket(this, props);
      this.adoptedLogPolicy = undefined;
    }

    this.adopted = props.existingBucketName !== undefined;
    if (props.existingBucketName !== undefined) {
      this.bucket = s3.Bucket.fromBucketName(this, 'Bucket', props.existingBucketName);
      // The TLS-only policy `enforceSSL` gives a new bucket (the old stack took its policy with it).
      tlsOnlyPolicy(this, 'Policy', this.bucket);
      if (this.adoptedLogPolicy) this.allowLogDelivery(this.bucket, SNAPSHOT_BUCKET_LOG_PREFIX);
      else
        Annotations.of(this).addWarningV2('eucluster:accessLogsNotAdopted', ACCESS_LOGS_NOT_ADOPTED_WARNING);
      return;
    }
    this.bucket = this.newSnapshotBucket(props);
  }

  /**
   * Lets S3 deliver `source`'s server access logs under `prefix` in the access-log bucket. A new log bucket
   * gets this from CDK (`serverAccessLogsBucket`); an adopted one only through the policy made here, so CDK's
   * warning that it could not add the grant is acknowledged where the grant is added.
   */
  allowLogDelivery(source: s3.IBucket, prefix: string): void {
    if (!this.adoptedLogPolicy) return;
    this.adoptedLogPolicy.document.addStatements(
      new iam.PolicyStatement({
        effect: iam.Effect.ALLOW,
        principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [this.accessLogs.arnForObjects(`${prefix}*`)],
        conditions: {
          ArnLike: { 'aws:SourceArn': source.bucketArn },
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
        },
      }),
    );
    Annotations.of(source).acknowledgeWarning(
      '@aws-cdk/aws-s3:accessLogsPolicyNotAdded',
      'The adopted access-log bucket grants log delivery in the policy SnapshotBucket makes for it.',
    );
  }

  private newSnapshotBucket(props: SnapshotBucketProps): s3.IBucket {
    const bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: SNAPSHOT_BUCKET_LOG_PREFIX,
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
    this.allowLogDelivery(bucket, SNAPSHOT_BUCKET_LOG_PREFIX);
    // Object-created events go to EventBridge, where a rule starts a refresh for files dropped in inbox/.
    // Set on the resource itself: `eventBridgeEnabled` would add a custom-resource Lambda to do the same.
    (bucket.node.defaultChild as s3.CfnBucket).addPropertyOverride(
      'NotificationConfiguration.EventBridgeConfiguration.EventBridgeEnabled',
      true,
    );
    return bucket;
  }
}

function newAccessLogBucket(scope: Construct, props: SnapshotBucketProps): s3.Bucket {
  return new s3.Bucket(scope, 'AccessLogs', {
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
}

/**
 * A new policy for a bucket adopted by name, denying every request not made over TLS, as `enforceSSL` does for
 * a new bucket (the earlier stack's policy was its own resource and went with it).
 */
function tlsOnlyPolicy(scope: Construct, id: string, bucket: s3.IBucket): s3.BucketPolicy {
  const policy = new s3.BucketPolicy(scope, id, { bucket });
  policy.document.addStatements(
    new iam.PolicyStatement({
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['s3:*'],
      resources: [bucket.bucketArn, bucket.arnForObjects('*')],
      conditions: { Bool: { 'aws:SecureTransport': 'false' } },
    }),
  );
  return policy;
}
