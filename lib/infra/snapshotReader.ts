import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { PREFIX } from '../model/bucketKeys.ts';
import { acknowledge, nagValue } from './nag.ts';

/** Partition keys of the published items (lib/aws/tableItems.ts): pointer, snapshot versions, geographies. */
export const PUBLISHED_TABLE_KEYS = ['POINTER', 'SNAPSHOT', 'GEO#*'];
/** Partition keys of the byVersion index (`gsi1pk = V#<version>`). */
export const PUBLISHED_INDEX_KEYS = ['V#*'];

export interface SnapshotReaderProps {
  readonly bucket: s3.IBucket;
  readonly table: dynamodb.ITable;
}

/**
 * Read access for consumers of the published snapshots: a managed policy (attach it to any role or user of
 * this account) and a role carrying it that principals of this account may assume (their own IAM policy
 * must allow sts:AssumeRole on it). Nothing under `raw/`, `staging/` or `inbox/`, and no writes.
 */
export class SnapshotReader extends Construct {
  readonly policy: iam.ManagedPolicy;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: SnapshotReaderProps) {
    super(scope, id);
    const { bucket, table } = props;
    const snapshots = bucket.arnForObjects(`${PREFIX.snapshots}*`);
    const indexes = `${table.tableArn}/index/*`;
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description:
        'Read the published EU cluster statistics snapshots (S3 snapshots/ and the DynamoDB items)',
      statements: [
        new iam.PolicyStatement({
          sid: 'ReadSnapshotFiles',
          actions: ['s3:GetObject'],
          resources: [snapshots],
        }),
        new iam.PolicyStatement({
          sid: 'ListSnapshotFiles',
          actions: ['s3:ListBucket'],
          resources: [bucket.bucketArn],
          conditions: { StringLike: { 's3:prefix': [`${PREFIX.snapshots}*`] } },
        }),
        // Only the published items: the pointer, the versions, the figures per geography (and, through
        // the byVersion index, a version's figures). Never the run ledger (RUN#) or the source state (SOURCE#).
        new iam.PolicyStatement({
          sid: 'ReadPublishedItems',
          actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'],
          resources: [table.tableArn],
          conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': PUBLISHED_TABLE_KEYS } },
        }),
        new iam.PolicyStatement({
          sid: 'ReadPublishedItemsByVersion',
          actions: ['dynamodb:Query'],
          resources: [indexes],
          conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': PUBLISHED_INDEX_KEYS } },
        }),
      ],
    });
    this.role = new iam.Role(this, 'Role', {
      description: 'Assumable by principals of this account to read the published snapshots',
      assumedBy: new iam.AccountRootPrincipal(),
      managedPolicies: [this.policy],
    });
    acknowledge(this.policy, {
      [`AwsSolutions-IAM5[Resource::${nagValue(this, snapshots)}]`]:
        'Consumers read any file of any published version below snapshots/ (new versions appear every run).',
      [`AwsSolutions-IAM5[Resource::${nagValue(this, indexes)}]`]:
        "Queries by version go through the table's indexes (byVersion today); read-only.",
    });
  }
}
