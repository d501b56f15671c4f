import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ACCESS_LOGS_NOT_ADOPTED_WARNING, SnapshotBucket } from '../../lib/infra/snapshotBucket.ts';
import { buildStack, constructStack, logicalId, roleGrants, sampleConfig } from './support.ts';

/** A redeploy after `cdk destroy`: the bucket and table the first deployment left behind, named. */
const BUCKET = 'euclusterpipeline-storagebucket-1a2b3c4d5e6f';
const TABLE = 'EuClusterPipeline-ItemsTable-ABCDEF123456';
const LOGS = 'euclusterpipeline-storageaccesslogs-0f9e8d7c6b5a';

/** An S3 ARN as the template writes it, in the stack's partition. */
const s3Arn = (tail: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::${tail}`]] });

const warningsOf = (stack: Parameters<typeof Annotations.fromStack>[0]) =>
  Annotations.fromStack(stack)
    .findWarning('*', Match.anyValue())
    .map((w) => String(w.entry.data));

describe('EuClusterStack adopting an earlier deployment’s bucket and table', () => {
  const { stack, template } = buildStack(
    sampleConfig({ existingBucketName: BUCKET, existingTableName: TABLE }),
  );

  it('creates no snapshot bucket and no table: it uses the named ones, with every version they hold', () => {
    expect(stack.storage.adopted).toBe(true);
    expect(stack.table.adopted).toBe(true);
    template.resourceCountIs('AWS::DynamoDB::Table', 0);
    const versioned = Object.values(template.findResources('AWS::S3::Bucket')).filter(
      (b) =>
        b.Properties.LoggingConfiguration !== undefined &&
        b.Properties.VersioningConfiguration?.Status === 'Enabled',
    );
    expect(versioned).toEqual([]);
    expect(stack.resolve(stack.storage.bucket.bucketName)).toBe(BUCKET);
    expect(stack.resolve(stack.table.table.tableName)).toBe(TABLE);
  });

  it('gives the adopted bucket a TLS-only policy again (the old stack took its policy with it)', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: BUCKET,
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ],
      },
    });
  });

  it('grants the steps the adopted table by name', () => {
    const roleId = logicalId(stack.handlers.publish.role as never);
    const grants = roleGrants(template, roleId).join('\n');
    expect(grants).toContain(`:table/${TABLE}"`);
  });

  it('names them in the outputs, as a first deployment does', () => {
    const outputs = template.findOutputs('*');
    expect(outputs.BucketName?.Value).toBe(BUCKET);
    expect(outputs.TableName?.Value).toBe(TABLE);
  });

  it('starts refreshes from the adopted bucket’s inbox', () => {
    const rules = Object.values(template.findResources('AWS::Events::Rule'));
    const inbox = rules.find((r) => r.Properties.EventPattern.source?.[0] === 'aws.s3');
    expect(inbox?.Properties.EventPattern.detail.bucket.name).toEqual([BUCKET]);
  });
});

describe('EuClusterStack by default', () => {
  const { stack, template } = buildStack();

  it('creates the bucket and the table, both kept by cdk destroy', () => {
    expect(stack.storage.adopted).toBe(false);
    expect(stack.table.adopted).toBe(false);
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    const retained = Object.values(template.findResources('AWS::S3::Bucket')).filter(
      (b) => b.DeletionPolicy === 'Retain',
    );
    // The snapshot bucket, its access-log bucket and Athena's results bucket (docs/operations.md).
    expect(retained).toHaveLength(3);
  });
});

describe('EuClusterStack adopting the access-log bucket too', () => {
  const { stack, template } = buildStack(
    sampleConfig({ existingBucketName: BUCKET, existingTableName: TABLE, existingAccessLogBucketName: LOGS }),
  );
  const logPolicy = () =>
    Object.values(template.findResources('AWS::S3::BucketPolicy')).find((p) => p.Properties.Bucket === LOGS);
  const statements = () =>
    (logPolicy()?.Properties.PolicyDocument.Statement ?? []) as Record<string, unknown>[];
  const resultsBucketId = logicalId(stack.catalog.results);

  it('creates no access-log bucket: the only new bucket is Athena’s results bucket, logging to the adopted one', () => {
    expect(Object.keys(template.findResources('AWS::S3::Bucket'))).toEqual([resultsBucketId]);
    template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: { DestinationBucketName: LOGS, LogFilePrefix: 'athena-results-bucket/' },
    });
    expect(template.findOutputs('*').AccessLogBucketName?.Value).toBe(LOGS);
  });

  it('gives it a new policy: TLS only, and log delivery from the adopted snapshot bucket and the results bucket', () => {
    expect(statements()).toEqual([
      expect.objectContaining({
        Effect: 'Deny',
        Action: 's3:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: s3Arn(`${LOGS}/snapshot-bucket/*`),
        Condition: {
          ArnLike: { 'aws:SourceArn': s3Arn(`${BUCKET}`) },
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        },
      }),
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Resource: s3Arn(`${LOGS}/athena-results-bucket/*`),
        Condition: expect.objectContaining({
          ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [resultsBucketId, 'Arn'] } },
        }),
      }),
    ]);
  });

  it('synthesizes without a warning (CDK’s “could not add logging permissions” is answered by that policy)', () => {
    expect(warningsOf(stack).filter((w) => !w.includes('alarmEmail'))).toEqual([]);
  });
});

describe('SnapshotBucket adopting the snapshot bucket without its access-log bucket', () => {
  const alone = (existingAccessLogBucketName?: string) =>
    constructStack((stack) => ({
      storage: new SnapshotBucket(stack, 'Storage', {
        noncurrentVersionDays: 30,
        existingBucketName: BUCKET,
        existingAccessLogBucketName,
      }),
    }));

  it('warns at synth, in one line naming the setting, that the adopted bucket’s access logs would be refused', () => {
    expect(warningsOf(alone().stack)).toEqual([expect.stringContaining(ACCESS_LOGS_NOT_ADOPTED_WARNING)]);
    expect(ACCESS_LOGS_NOT_ADOPTED_WARNING).not.toMatch(/\n/);
    expect(ACCESS_LOGS_NOT_ADOPTED_WARNING).toMatch(/deployment\.existingAccessLogBucketName/);
  });

  it('does not warn once the access-log bucket is named', () => {
    expect(warningsOf(alone(LOGS).stack)).toEqual([]);
  });
});

describe('deployment.existingBucketName / existingTableName / existingAccessLogBucketName', () => {
  it('refuses an access-log bucket name S3 would refuse, saying which field', () => {
    expect(() => sampleConfig({ existingAccessLogBucketName: 'Logs_Bucket' })).toThrow(
      /existingAccessLogBucketName/,
    );
  });

  it('refuses a name S3 would refuse, saying which field', () => {
    expect(() => sampleConfig({ existingBucketName: 'Not_A_Bucket' })).toThrow(/existingBucketName/);
  });

  it('refuses a name DynamoDB would refuse, saying which field', () => {
    expect(() => sampleConfig({ existingTableName: 'a b' })).toThrow(/existingTableName/);
  });
});
