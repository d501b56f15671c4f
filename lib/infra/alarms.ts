import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface PipelineAlarmsProps {
  readonly stateMachine: sfn.IStateMachine;
  readonly deadLetterQueue: sqs.IQueue;
  readonly topic: sns.ITopic;
}

/**
 * Alarms to the failures topic for what the workflow cannot report itself: an execution that timed out or
 * was aborted (no Catch runs then), and a refresh that could not be started (a message in the dead-letter
 * queue shared by the schedule and the inbox trigger).
 *
 * A failed execution is reported once, by the workflow's own Catch path (NotifyFailure: the run, its error
 * and cause, one message per run; the same failure is recorded in the table). Its alarm therefore has no
 * action: a second, cause-less message per failure would train people to ignore both.
 */
export class PipelineAlarms extends Construct {
  readonly executionsFailed: cloudwatch.Alarm;
  readonly executionsTimedOut: cloudwatch.Alarm;
  readonly executionsAborted: cloudwatch.Alarm;
  readonly scheduleDeadLetters: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: PipelineAlarmsProps) {
    super(scope, id);
    const period = Duration.minutes(5);
    const anyIn = (metric: cloudwatch.IMetric, alarmId: string, alarmDescription: string) =>
      new cloudwatch.Alarm(this, alarmId, {
        alarmDescription,
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    const sum = { period, statistic: cloudwatch.Stats.SUM };
    this.executionsFailed = anyIn(
      props.stateMachine.metricFailed(sum),
      'ExecutionsFailed',
      'A refresh of the EU cluster statistics failed. No action: the workflow itself notified the failures ' +
        'topic with the error and cause, and recorded it in the table (RUN#<execution>/FAILED).',
    );
    this.executionsTimedOut = anyIn(
      props.stateMachine.metricTimedOut(sum),
      'ExecutionsTimedOut',
      'A refresh of the EU cluster statistics timed out as a whole; its failure was not recorded or ' +
        'notified by the workflow (see the Step Functions console).',
    );
    this.executionsAborted = anyIn(
      props.stateMachine.metricAborted(sum),
      'ExecutionsAborted',
      'A refresh of the EU cluster statistics was aborted (stopped by hand or by the service); nothing was ' +
        'published by it.',
    );
    this.scheduleDeadLetters = anyIn(
      props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period,
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      'ScheduleDeadLetters',
      'A refresh could not be started, by the daily schedule (EventBridge Scheduler) or by a file dropped ' +
        'under inbox/ (EventBridge rule); the event is in their shared dead-letter queue.',
    );
    for (const alarm of [this.executionsTimedOut, this.executionsAborted, this.scheduleDeadLetters]) {
      alarm.addAlarmAction(new actions.SnsAction(props.topic));
    }
  }
}
