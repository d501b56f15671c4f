import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildStack, logicalId, roleGrants, sampleConfig } from './support.ts';

/** A redeploy after `cdk destroy`: the bucket and table the first deployment left behind, named. */
const BUCKET = 'euclusterpipeline-storagebucket-1a2b3c4d5e6f';
const TABLE = 'EuClusterPipeline-ItemsTable-ABCDEF123456';

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

describe('deployment.existingBucketName / existingTableName', () => {
  it('refuses a name S3 would refuse, saying which field', () => {
    expect(() => sampleConfig({ existingBucketName: 'Not_A_Bucket' })).toThrow(/existingBucketName/);
  });

  it('refuses a name DynamoDB would refuse, saying which field', () => {
    expect(() => sampleConfig({ existingTableName: 'a b' })).toThrow(/existingTableName/);
  });
});
