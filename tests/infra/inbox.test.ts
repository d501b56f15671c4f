import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import {
  INBOX_BATCH_SIZE,
  INBOX_BATCHING_WINDOW_S,
  INBOX_MAX_RECEIVES,
  InboxTrigger,
} from '../../lib/infra/inboxTrigger.ts';
import { constructStack, expectedGrants, logicalId, plainStateMachine, roleGrants } from './support.ts';

/** The construct alone, with a bucket, a state machine and a dead-letter queue of its own. */
function alone() {
  return constructStack((stack) => {
    const bucket = new s3.Bucket(stack, 'Bucket');
    const stateMachine = plainStateMachine(stack);
    const deadLetterQueue = new sqs.Queue(stack, 'DeadLetters');
    const inbox = new InboxTrigger(stack, 'Inbox', { bucket, stateMachine, deadLetterQueue });
    return { bucket, stateMachine, deadLetterQueue, inbox };
  }, 'Test');
}

describe('InboxTrigger', () => {
  const { stack, bucket, stateMachine, deadLetterQueue, inbox, template } = alone();
  const rule = () => template.findResources('AWS::Events::Rule')[logicalId(inbox.rule)]?.Properties;
  const pipe = () => template.findResources('AWS::Pipes::Pipe')[logicalId(inbox.pipe)]?.Properties;

  it('matches objects created under inbox/ in the snapshot bucket only', () => {
    expect(rule()?.EventPattern).toEqual({
      source: ['aws.s3'],
      'detail-type': ['Object Created'],
      detail: {
        bucket: { name: [{ Ref: logicalId(bucket) }] },
        object: { key: [{ prefix: 'inbox/' }] },
      },
    });
  });

  it('queues each upload (it never starts the state machine itself), dead-lettering what it cannot queue', () => {
    expect(rule()?.Targets).toEqual([
      expect.objectContaining({
        Arn: { 'Fn::GetAtt': [logicalId(inbox.queue), 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 3 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalId(deadLetterQueue), 'Arn'] } },
      }),
    ]);
  });

  it('keeps the queue encrypted, TLS-only, and redriven to the dead-letter queue after a few receives', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(deadLetterQueue), 'Arn'] },
        maxReceiveCount: INBOX_MAX_RECEIVES,
      },
    });
  });

  it('starts one execution per batch: a batching window of a minute, many uploads per batch, fire and forget', () => {
    expect(pipe()).toMatchObject({
      Source: { 'Fn::GetAtt': [logicalId(inbox.queue), 'Arn'] },
      SourceParameters: {
        SqsQueueParameters: {
          BatchSize: INBOX_BATCH_SIZE,
          MaximumBatchingWindowInSeconds: INBOX_BATCHING_WINDOW_S,
        },
      },
      Target: { Ref: logicalId(stateMachine) },
      TargetParameters: { StepFunctionStateMachineParameters: { InvocationType: 'FIRE_AND_FORGET' } },
    });
    // A standard queue allows batches over 10 only with a window, and at most 10,000.
    expect(INBOX_BATCH_SIZE).toBeGreaterThanOrEqual(20);
    expect(INBOX_BATCH_SIZE).toBeLessThanOrEqual(10_000);
  });

  it('gives the pipe a role of this account that may read the queue and start this state machine only', () => {
    const roleId = pipe()?.RoleArn['Fn::GetAtt'][0];
    const role = template.findResources('AWS::IAM::Role')[roleId];
    expect(role?.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: 'pipes.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      }),
    ]);
    expect(roleGrants(template, roleId)).toEqual(
      expectedGrants(stack, [
        {
          actions: [
            'sqs:ChangeMessageVisibility',
            'sqs:DeleteMessage',
            'sqs:GetQueueAttributes',
            'sqs:GetQueueUrl',
            'sqs:ReceiveMessage',
          ],
          resources: [inbox.queue.queueArn],
        },
        { actions: ['states:StartExecution'], resources: [stateMachine.stateMachineArn] },
      ]),
    );
  });
});
