import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildStack, expectedGrants, logicalId, roleGrants } from './support.ts';

const { stack, template } = buildStack();
const machineId = logicalId(stack.workflow.stateMachine);
const queueId = logicalId(stack.schedule.deadLetterQueue);
const failuresId = logicalId(stack.notifications.failures);
const publishedId = logicalId(stack.notifications.published);
const schedule = () => Object.values(template.findResources('AWS::Scheduler::Schedule'))[0]?.Properties;

describe('RefreshSchedule', () => {
  it('is one EventBridge Scheduler schedule', () => {
    template.resourceCountIs('AWS::Scheduler::Schedule', 1);
  });

  it('runs on deployment.schedule in deployment.timeZone (defaults: 12:30 daily, Brussels)', () => {
    expect(schedule()).toMatchObject({
      ScheduleExpression: 'cron(30 12 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Brussels',
      State: 'ENABLED',
    });
  });

  it('has no flexible time window', () => {
    expect(schedule()?.FlexibleTimeWindow).toEqual({ Mode: 'OFF' });
  });

  it('starts the state machine with {"force": false}', () => {
    expect(schedule()?.Target).toMatchObject({ Arn: { Ref: machineId }, Input: '{"force":false}' });
  });

  it('retries three times, then puts the event in its dead-letter queue', () => {
    expect(schedule()?.Target).toMatchObject({
      DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
      RetryPolicy: { MaximumRetryAttempts: 3 },
    });
  });

  it('assumes a role trusted by EventBridge Scheduler of this account only', () => {
    const roleId = schedule()?.Target.RoleArn['Fn::GetAtt'][0];
    const role = template.findResources('AWS::IAM::Role')[roleId];
    expect(role?.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: expect.objectContaining({
          StringEquals: expect.objectContaining({ 'aws:SourceAccount': { Ref: 'AWS::AccountId' } }),
        }),
      }),
    ]);
  });

  it('lets that role start this state machine and write to the dead-letter queue, nothing else', () => {
    const roleId = schedule()?.Target.RoleArn['Fn::GetAtt'][0];
    expect(roleGrants(template, roleId)).toEqual(
      expectedGrants(stack, [
        { actions: ['states:StartExecution'], resources: [stack.workflow.stateMachine.stateMachineArn] },
        { actions: ['sqs:SendMessage'], resources: [stack.schedule.deadLetterQueue.queueArn] },
      ]),
    );
    const role = template.findResources('AWS::IAM::Role')[roleId];
    expect(role?.Properties.ManagedPolicyArns).toBeUndefined();
  });

  describe('dead-letter queue', () => {
    it('is encrypted with SQS-managed keys', () => {
      template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    });

    it('denies every request not made over TLS', () => {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: queueId }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    });
  });
});

describe('Notifications', () => {
  it('has the two topics, published and failures', () => {
    template.resourceCountIs('AWS::SNS::Topic', 2);
  });

  it.each([
    ['published', publishedId],
    ['failures', failuresId],
  ])('the %s topic accepts publications over TLS only', (_name, topicId) => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sns:Publish',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('lets CloudWatch alarms of this account publish to the failures topic', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: failuresId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }),
          }),
        ]),
      },
    });
  });

  it('subscribes nobody when deployment.alarmEmail is not set', () => {
    template.resourceCountIs('AWS::SNS::Subscription', 0);
  });
});

describe('PipelineAlarms', () => {
  const alarms = () => template.findResources('AWS::CloudWatch::Alarm');
  const alarm = (id: string) => alarms()[id]?.Properties;

  it('has four alarms: failed, timed out, aborted executions and the dead-letter queue', () => {
    expect(Object.keys(alarms())).toHaveLength(4);
  });

  it.each([
    ['executionsFailed', 'ExecutionsFailed'],
    ['executionsTimedOut', 'ExecutionsTimedOut'],
    ['executionsAborted', 'ExecutionsAborted'],
  ] as const)(
    'counts %s executions within five minutes but does not notify: the ExecutionFailures rule already did, once',
    (key, metric) => {
      const props = alarm(logicalId(stack.alarms[key]));
      expect(props).toMatchObject({
        Namespace: 'AWS/States',
        MetricName: metric,
        Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: machineId } }],
        Statistic: 'Sum',
        Period: 300,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
      expect(props?.AlarmActions).toBeUndefined();
    },
  );

  it('describes the dead-letter alarm with both of the queue’s sources, the schedule and the inbox trigger', () => {
    const text = alarm(logicalId(stack.alarms.scheduleDeadLetters))?.AlarmDescription as string;
    expect(text).toMatch(/schedule/);
    expect(text).toMatch(/inbox\//);
  });

  it('alarms on any message in the schedule’s dead-letter queue, to the failures topic', () => {
    expect(alarm(logicalId(stack.alarms.scheduleDeadLetters))).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: failuresId }],
    });
  });
});
