import { Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { buildStack, sampleConfig, testApp } from './support.ts';

/** Unacknowledged findings of one pack, as `rule at path` lines (readable when the test fails). */
function findings(pack: AwsSolutionsChecks | ServerlessChecks, scope: IConstruct): string[] {
  return pack
    .validateScope(scope)
    .violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`));
}

const variants = {
  'default configuration': buildStack().stack,
  'with an alarm e-mail': buildStack(sampleConfig({ alarmEmail: 'ops@example.org' })).stack,
  'adopting an earlier bucket, table and access-log bucket': buildStack(
    sampleConfig({
      existingBucketName: 'kept-snapshot-bucket',
      existingTableName: 'KeptTable',
      existingAccessLogBucketName: 'kept-access-logs',
    }),
  ).stack,
};

describe('cdk-nag', () => {
  describe.each(Object.entries(variants))('EuClusterStack, %s', (_name, stack) => {
    it('has no unacknowledged AwsSolutions finding', () => {
      expect(findings(new AwsSolutionsChecks(stack), stack)).toEqual([]);
    });

    it('has no unacknowledged Serverless finding', () => {
      expect(findings(new ServerlessChecks(stack), stack)).toEqual([]);
    });
  });

  describe('a non-compliant stack', () => {
    const stack = new Stack(testApp(), 'NonCompliant');
    new s3.Bucket(stack, 'PlainBucket');
    new lambda.Function(stack, 'PlainFunction', {
      runtime: lambda.Runtime.NODEJS_20_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({});'),
    });

    it('is reported by AwsSolutionsChecks (bucket without access logs or TLS policy)', () => {
      expect(findings(new AwsSolutionsChecks(stack), stack)).toEqual(
        expect.arrayContaining([
          'AwsSolutions-S1 at NonCompliant/PlainBucket/Resource',
          'AwsSolutions-S10 at NonCompliant/PlainBucket/Resource',
        ]),
      );
    });

    it('is reported by ServerlessChecks (function without tracing, on an old runtime)', () => {
      expect(findings(new ServerlessChecks(stack), stack)).toEqual(
        expect.arrayContaining([
          'Serverless-LambdaTracing at NonCompliant/PlainFunction/Resource',
          'Serverless-LambdaLatestVersion at NonCompliant/PlainFunction/Resource',
        ]),
      );
    });
  });
});
