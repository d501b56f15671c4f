import { describe, expect, it } from 'vitest';
import { queryGrants, snapshotReadGrants } from './catalogGrants.ts';
import { buildStack, expectedGrants, logicalId, managedPolicyGrants } from './support.ts';

const { stack, template } = buildStack();
const bucket = stack.storage.bucket;
const table = stack.table.table;
const outputs = template.findOutputs('*');

describe('SnapshotReader', () => {
  const policyId = logicalId(stack.reader.policy);

  it('grants reads of snapshots/ and of the items, and Athena queries, nothing else (no raw/, staging/, inbox/, no writes there)', () => {
    expect(managedPolicyGrants(template, policyId)).toEqual(
      expectedGrants(stack, [...snapshotReadGrants(stack), ...queryGrants(stack)]),
    );
  });

  it('comes with a role that principals of this account may assume, carrying only that policy', () => {
    const role = template.findResources('AWS::IAM::Role')[logicalId(stack.reader.role)]?.Properties;
    expect(role?.ManagedPolicyArns).toEqual([{ Ref: policyId }]);
    expect(role?.Policies).toBeUndefined();
    expect(role?.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: {
          AWS: {
            'Fn::Join': [
              '',
              ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root'],
            ],
          },
        },
      },
    ]);
  });
});

describe('stack outputs', () => {
  const value = (name: string) => outputs[name]?.Value;

  it('names everything an operator or consumer needs', () => {
    expect(Object.keys(outputs).sort()).toEqual(
      [
        'BucketName',
        'TableName',
        'AccessLogBucketName',
        'StateMachineArn',
        'PublishedTopicArn',
        'FailuresTopicArn',
        'ReaderPolicyArn',
        'ReaderRoleArn',
        'LatestJsonUrl',
        'StartRunCommand',
        'AthenaDatabase',
        'AthenaWorkGroup',
        'AthenaQueryCommand',
      ].sort(),
    );
  });

  it('gives the bucket, table, state machine, topics and reader policy', () => {
    expect({
      BucketName: value('BucketName'),
      TableName: value('TableName'),
      StateMachineArn: value('StateMachineArn'),
      PublishedTopicArn: value('PublishedTopicArn'),
      FailuresTopicArn: value('FailuresTopicArn'),
      ReaderPolicyArn: value('ReaderPolicyArn'),
    }).toEqual({
      BucketName: { Ref: logicalId(bucket) },
      TableName: { Ref: logicalId(table) },
      StateMachineArn: { Ref: logicalId(stack.workflow.stateMachine) },
      PublishedTopicArn: { Ref: logicalId(stack.notifications.published) },
      FailuresTopicArn: { Ref: logicalId(stack.notifications.failures) },
      ReaderPolicyArn: { Ref: logicalId(stack.reader.policy) },
    });
  });

  it('names the Athena database and workgroup, and gives an example query command', () => {
    expect(value('AthenaDatabase')).toBe('eu_cluster_pipeline');
    expect(value('AthenaWorkGroup')).toBe('eu_cluster_pipeline');
    expect(value('AthenaQueryCommand')).toBe(
      'aws athena start-query-execution --work-group eu_cluster_pipeline ' +
        '--query-execution-context Database=eu_cluster_pipeline --query-string ' +
        `"SELECT region, activity, lq FROM location_quotients WHERE version = '<version>' AND node ORDER BY lq DESC LIMIT 10"`,
    );
  });

  it('gives the S3 URL of latest.json', () => {
    expect(value('LatestJsonUrl')).toEqual({
      'Fn::Join': ['', ['s3://', { Ref: logicalId(bucket) }, '/snapshots/latest.json']],
    });
  });

  it('gives the exact command that starts a forced run', () => {
    expect(value('StartRunCommand')).toEqual({
      'Fn::Join': [
        '',
        [
          'aws stepfunctions start-execution --state-machine-arn ',
          { Ref: logicalId(stack.workflow.stateMachine) },
          ` --input '{"force":true}'`,
        ],
      ],
    });
  });
});
