import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { PipelineTable } from '../../lib/infra/pipelineTable.ts';
import { SnapshotBucket } from '../../lib/infra/snapshotBucket.ts';
import { constructStack, logicalId, sampleConfig } from './support.ts';

/** The storage constructs alone, configured as the default deployment configures them. */
const { template, storage, items } = constructStack((stack) => ({
  storage: new SnapshotBucket(stack, 'Storage', {
    noncurrentVersionDays: sampleConfig().deployment.noncurrentVersionDays,
  }),
  items: new PipelineTable(stack, 'Items'),
}));
const bucketId = logicalId(storage.bucket);
const logBucketId = logicalId(storage.accessLogs);
const bucket = () => template.findResources('AWS::S3::Bucket')[bucketId];
const logBucket = () => template.findResources('AWS::S3::Bucket')[logBucketId];
const rules = () => bucket()?.Properties.LifecycleConfiguration.Rules as Record<string, unknown>[];

const ALL_PUBLIC_ACCESS_BLOCKED = {
  BlockPublicAcls: true,
  BlockPublicPolicy: true,
  IgnorePublicAcls: true,
  RestrictPublicBuckets: true,
};

function tlsOnlyPolicyOf(id: string) {
  return {
    Bucket: { Ref: id },
    PolicyDocument: {
      Statement: Match.arrayWith([
        Match.objectLike({
          Effect: 'Deny',
          Action: 's3:*',
          Principal: { AWS: '*' },
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      ]),
    },
  };
}

describe('SnapshotBucket', () => {
  describe('snapshot bucket', () => {
    it('is versioned', () => {
      expect(bucket()?.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    });

    it('blocks all four kinds of public access', () => {
      expect(bucket()?.Properties.PublicAccessBlockConfiguration).toEqual(ALL_PUBLIC_ACCESS_BLOCKED);
    });

    it('denies every request not made over TLS', () => {
      template.hasResourceProperties('AWS::S3::BucketPolicy', tlsOnlyPolicyOf(bucketId));
    });

    it('encrypts objects with S3-managed keys', () => {
      expect(bucket()?.Properties.BucketEncryption).toEqual({
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      });
    });

    it('writes its server access logs to the log bucket', () => {
      expect(bucket()?.Properties.LoggingConfiguration).toEqual({
        DestinationBucketName: { Ref: logBucketId },
        LogFilePrefix: 'snapshot-bucket/',
      });
    });

    it('expires noncurrent versions after deployment.noncurrentVersionDays (30 by default)', () => {
      expect(rules()).toContainEqual(
        expect.objectContaining({ Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 30 } }),
      );
    });

    it('aborts incomplete multipart uploads after 7 days', () => {
      expect(rules()).toContainEqual(
        expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } }),
      );
    });

    it('expires staging/ objects (a crashed run’s leftovers) after 7 days', () => {
      expect(rules()).toContainEqual(
        expect.objectContaining({ Prefix: 'staging/', ExpirationInDays: 7, Status: 'Enabled' }),
      );
    });

    it('keeps raw/ and snapshots/: the only rule expiring current objects is the staging/ one', () => {
      const expiring = rules().filter(
        (r) => r.ExpirationInDays !== undefined || r.ExpirationDate !== undefined,
      );
      expect(expiring.map((r) => r.Prefix)).toEqual(['staging/']);
    });

    it('is retained when the stack is deleted', () => {
      expect(bucket()).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    });
  });

  describe('access log bucket', () => {
    it('blocks public access, is encrypted and versioned', () => {
      expect(logBucket()?.Properties).toMatchObject({
        PublicAccessBlockConfiguration: ALL_PUBLIC_ACCESS_BLOCKED,
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        VersioningConfiguration: { Status: 'Enabled' },
      });
    });

    it('denies every request not made over TLS', () => {
      template.hasResourceProperties('AWS::S3::BucketPolicy', tlsOnlyPolicyOf(logBucketId));
    });

    it('expires logs after 365 days', () => {
      expect(logBucket()?.Properties.LifecycleConfiguration.Rules).toContainEqual(
        expect.objectContaining({ ExpirationInDays: 365, Status: 'Enabled' }),
      );
    });

    it('lets only the S3 logging service write, and only for the snapshot bucket of this account', () => {
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: logBucketId },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Allow',
              Principal: { Service: 'logging.s3.amazonaws.com' },
              Action: 's3:PutObject',
              Condition: {
                ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [bucketId, 'Arn'] } },
                StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
              },
            }),
          ]),
        },
      });
    });

    it('is retained when the stack is deleted', () => {
      expect(logBucket()).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    });
  });
});

describe('PipelineTable', () => {
  const tableId = logicalId(items.table);
  const table = () => template.findResources('AWS::DynamoDB::Table')[tableId];

  it('is a regional AWS::DynamoDB::Table, not a global table', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 0);
  });

  it('is keyed by pk (hash) and sk (range), both strings', () => {
    expect(table()?.Properties.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(table()?.Properties.AttributeDefinitions).toEqual(
      expect.arrayContaining([
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ]),
    );
  });

  it('bills per request', () => {
    expect(table()?.Properties.BillingMode).toBe('PAY_PER_REQUEST');
  });

  it('has point-in-time recovery', () => {
    expect(table()?.Properties.PointInTimeRecoverySpecification).toEqual({
      PointInTimeRecoveryEnabled: true,
    });
  });

  it('expires items by the expiresAt attribute (TTL)', () => {
    expect(table()?.Properties.TimeToLiveSpecification).toEqual({
      AttributeName: 'expiresAt',
      Enabled: true,
    });
  });

  it('has exactly one index, byVersion over gsi1pk/gsi1sk projecting all attributes', () => {
    expect(table()?.Properties.GlobalSecondaryIndexes).toEqual([
      {
        IndexName: 'byVersion',
        KeySchema: [
          { AttributeName: 'gsi1pk', KeyType: 'HASH' },
          { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ]);
    expect(table()?.Properties.AttributeDefinitions).toEqual(
      expect.arrayContaining([
        { AttributeName: 'gsi1pk', AttributeType: 'S' },
        { AttributeName: 'gsi1sk', AttributeType: 'S' },
      ]),
    );
  });

  it('is retained when the stack is deleted', () => {
    expect(table()).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });
});
