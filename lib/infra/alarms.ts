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
 * Alarms on the workflow's executions and on the shared dead-letter queue.
 *
 * Every execution that ends FAILED, TIMED_OUT or ABORTED is already reported once, with its error and cause,
 * by the `ExecutionFailures` rule: the three execution alarms therefore have no action (a second, cause-less
 * message per failure would train people to ignore both); they give the console and a dashboard their
 * history. The dead-letter queue's alarm does notify: a message there is something nothing else reports —
 * a refresh that could not be started (schedule or inbox), or a failure message EventBridge could not deliver.
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
      'A refresh of the EU cluster statistics failed. No action: the ExecutionFailures rule sent its error ' +
        'and cause to the failures topic; a caught step error is also in the table (RUN#<execution>/FAILED).',
    );
    this.executionsTimedOut = anyIn(
      props.stateMachine.metricTimedOut(sum),
      'ExecutionsTimedOut',
      'A refresh of the EU cluster statistics timed out as a whole. No action: the ExecutionFailures rule ' +
        'reported it; it is not in the run ledger (see docs/operations.md).',
    );
    this.executionsAborted = anyIn(
      props.stateMachine.metricAborted(sum),
      'ExecutionsAborted',
      'A refresh of the EU cluster statistics was aborted (stopped by hand or by the service). No action: ' +
        'the ExecutionFailures rule reported it.',
    );
    this.scheduleDeadLetters = anyIn(
      props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period,
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      'ScheduleDeadLetters',
      'A refresh could not be started (daily schedule, or a file dropped under inbox/), or a failure report ' +
        'could not be delivered to the failures topic; the event is in the shared dead-letter queue.',
    );
    this.scheduleDeadLetters.addAlarmAction(new actions.SnsAction(props.topic));
  }
}
