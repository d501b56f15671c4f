import { Match } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { PipelineAlarms } from '../../lib/infra/alarms.ts';
import { Notifications } from '../../lib/infra/notifications.ts';
import { RefreshSchedule } from '../../lib/infra/schedule.ts';
import {
  constructStack,
  expectedGrants,
  logicalId,
  plainStateMachine,
  roleGrants,
  sampleConfig,
} from './support.ts';

const { deployment } = sampleConfig();

describe('RefreshSchedule', () => {
  /** The schedule alone, configured as the default deployment configures it, over a one-state machine. */
  const { stack, template, stateMachine, refresh } = constructStack((stack) => {
    const stateMachine = plainStateMachine(stack);
    const refresh = new RefreshSchedule(stack, 'Refresh', {
      stateMachine,
      expression: deployment.schedule,
      timeZone: deployment.timeZone,
    });
    return { stateMachine, refresh };
  });
  const machineId = logicalId(stateMachine);
  const queueId = logicalId(refresh.deadLetterQueue);
  const schedule = () => Object.values(template.findResources('AWS::Scheduler::Schedule'))[0]?.Properties;

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
        { actions: ['states:StartExecution'], resources: [stateMachine.stateMachineArn] },
        { actions: ['sqs:SendMessage'], resources: [refresh.deadLetterQueue.queueArn] },
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
  /** The topics alone, without deployment.alarmEmail (the default). */
  const { template, notifications } = constructStack((stack) => ({
    notifications: new Notifications(stack, 'Notifications', { alarmEmail: deployment.alarmEmail }),
  }));
  const failuresId = logicalId(notifications.failures);
  const publishedId = logicalId(notifications.published);

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
  /** The alarms alone, over a one-state machine, a dead-letter queue and a failures topic of their own. */
  const {
    template,
    stateMachine,
    deadLetterQueue,
    topic,
    alarms: pipelineAlarms,
  } = constructStack((stack) => {
    const stateMachine = plainStateMachine(stack);
    const deadLetterQueue = new sqs.Queue(stack, 'DeadLetters');
    const topic = new sns.Topic(stack, 'Failures');
    const alarms = new PipelineAlarms(stack, 'Alarms', { stateMachine, deadLetterQueue, topic });
    return { stateMachine, deadLetterQueue, topic, alarms };
  });
  const machineId = logicalId(stateMachine);
  const queueId = logicalId(deadLetterQueue);
  const failuresId = logicalId(topic);
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
      const props = alarm(logicalId(pipelineAlarms[key]));
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
    const text = alarm(logicalId(pipelineAlarms.scheduleDeadLetters))?.AlarmDescription as string;
    expect(text).toMatch(/schedule/);
    expect(text).toMatch(/inbox\//);
  });

  it('alarms on any message in the schedule’s dead-letter queue, to the failures topic', () => {
    expect(alarm(logicalId(pipelineAlarms.scheduleDeadLetters))).toMatchObject({
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
