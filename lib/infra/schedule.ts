import { Duration, TimeZone } from 'aws-cdk-lib';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { acknowledge } from './nag.ts';

export interface RefreshScheduleProps {
  readonly stateMachine: sfn.IStateMachine;
  /** EventBridge Scheduler expression (`deployment.schedule`), e.g. `cron(30 12 * * ? *)`. */
  readonly expression: string;
  /** IANA time zone of the expression (`deployment.timeZone`). */
  readonly timeZone: string;
}

/** Attempts EventBridge Scheduler makes to start an execution before the event goes to the queue. */
export const SCHEDULE_RETRY_ATTEMPTS = 3;

/**
 * Starts a refresh on the configured schedule with input `{"force": false}`. Starts the scheduler could not
 * make (after its retries) land in an encrypted dead-letter queue, which has an alarm.
 */
export class RefreshSchedule extends Construct {
  readonly schedule: scheduler.Schedule;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: RefreshScheduleProps) {
    super(scope, id);
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(this.deadLetterQueue, {
      'Serverless-SQSRedrivePolicy':
        'This queue is itself a dead-letter queue; its messages are inspected by a person after the alarm.',
    });

    // The target creates the scheduler's role: trusted by scheduler.amazonaws.com for this account's
    // default schedule group only, allowed states:StartExecution on this state machine and
    // sqs:SendMessage on the dead-letter queue.
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      description: 'Starts the EU cluster statistics refresh',
      schedule: scheduler.ScheduleExpression.expression(props.expression, TimeZone.of(props.timeZone)),
      timeWindow: scheduler.TimeWindow.off(),
      target: new targets.StepFunctionsStartExecution(props.stateMachine, {
        input: scheduler.ScheduleTargetInput.fromObject({ force: false }),
        deadLetterQueue: this.deadLetterQueue,
        retryAttempts: SCHEDULE_RETRY_ATTEMPTS,
        maxEventAge: Duration.hours(1),
      }),
    });
  }
}
