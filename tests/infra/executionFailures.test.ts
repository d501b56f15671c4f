import { Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import {
  ExecutionFailures,
  FAILURE_DELIVERY_RETRIES,
  UNSUCCESSFUL_STATUSES,
} from '../../lib/infra/executionFailures.ts';
import { NO_ALARM_EMAIL_WARNING, Notifications } from '../../lib/infra/notifications.ts';
import { constructStack, logicalId, plainStateMachine, testApp } from './support.ts';

/** The construct alone, in a stack of its own with the three things it is given. */
function alone() {
  const { stack, stateMachine, topic, deadLetterQueue, template, failures } = constructStack((stack) => {
    const stateMachine = plainStateMachine(stack);
    const topic = new sns.Topic(stack, 'Failures');
    const deadLetterQueue = new sqs.Queue(stack, 'DeadLetters');
    const failures = new ExecutionFailures(stack, 'ExecutionFailures', {
      stateMachine,
      topic,
      deadLetterQueue,
    });
    return { stateMachine, topic, deadLetterQueue, failures };
  }, 'Test');
  const rule = template.findResources('AWS::Events::Rule')[logicalId(failures.rule)]?.Properties;
  return { stack, stateMachine, topic, deadLetterQueue, template, rule };
}

describe('ExecutionFailures', () => {
  const { stateMachine, topic, deadLetterQueue, template, rule } = alone();

  it('matches the end of this state machine’s executions as FAILED, TIMED_OUT or ABORTED, nothing else', () => {
    expect(rule?.EventPattern).toEqual({
      source: ['aws.states'],
      'detail-type': ['Step Functions Execution Status Change'],
      detail: {
        stateMachineArn: [{ Ref: logicalId(stateMachine) }],
        status: ['FAILED', 'TIMED_OUT', 'ABORTED'],
      },
    });
    expect(UNSUCCESSFUL_STATUSES).not.toContain('SUCCEEDED');
    expect(UNSUCCESSFUL_STATUSES).not.toContain('RUNNING');
  });

  it('sends one message per event to the failures topic: status, execution, run id, error, cause, times', () => {
    expect(rule?.Targets).toHaveLength(1);
    const target = rule?.Targets[0];
    expect(target.Arn).toEqual({ Ref: logicalId(topic) });
    expect(target.InputTransformer.InputPathsMap).toEqual({
      'detail-status': '$.detail.status',
      'detail-executionArn': '$.detail.executionArn',
      'detail-name': '$.detail.name',
      'detail-error': '$.detail.error',
      'detail-cause': '$.detail.cause',
      'detail-startDate': '$.detail.startDate',
      'detail-stopDate': '$.detail.stopDate',
    });
    expect(target.InputTransformer.InputTemplate).toMatch(/"event":"refresh.failed"/);
    expect(target.InputTransformer.InputTemplate).toMatch(/"status":<detail-status>/);
  });

  it('retries delivery, then puts the message in the alarmed dead-letter queue', () => {
    expect(rule?.Targets[0]).toMatchObject({
      RetryPolicy: { MaximumRetryAttempts: FAILURE_DELIVERY_RETRIES },
      DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalId(deadLetterQueue), 'Arn'] } },
    });
  });

  it('lets EventBridge publish to the topic', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: logicalId(topic) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish' }),
        ]),
      },
    });
  });
});

describe('Notifications', () => {
  const warnings = (alarmEmail?: string) => {
    const stack = new Stack(testApp(), 'Test');
    new Notifications(stack, 'Notifications', { alarmEmail });
    return Annotations.fromStack(stack).findWarning('*', Match.anyValue());
  };

  it('warns at synth, in one line, when no alarm e-mail is configured', () => {
    const found = warnings();
    expect(found.map((w) => String(w.entry.data))).toEqual([expect.stringContaining(NO_ALARM_EMAIL_WARNING)]);
    expect(NO_ALARM_EMAIL_WARNING).not.toMatch(/\n/);
    expect(NO_ALARM_EMAIL_WARNING).toMatch(/confirm the subscription/);
  });

  it('does not warn when an address is configured', () => {
    expect(warnings('ops@example.org')).toEqual([]);
  });
});
