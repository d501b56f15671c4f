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
 * Two alarms, both to the failures topic: a refresh failed (any failed execution in five minutes), and the
 * scheduler could not start a refresh (a message in its dead-letter queue).
 */
export class PipelineAlarms extends Construct {
  readonly executionsFailed: cloudwatch.Alarm;
  readonly scheduleDeadLetters: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: PipelineAlarmsProps) {
    super(scope, id);
    const period = Duration.minutes(5);
    this.executionsFailed = new cloudwatch.Alarm(this, 'ExecutionsFailed', {
      alarmDescription:
        'A refresh of the EU cluster statistics failed (see the failures topic and the table).',
      metric: props.stateMachine.metricFailed({ period, statistic: cloudwatch.Stats.SUM }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.scheduleDeadLetters = new cloudwatch.Alarm(this, 'ScheduleDeadLetters', {
      alarmDescription: 'The schedule could not start a refresh; the event is in the dead-letter queue.',
      metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period,
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    for (const alarm of [this.executionsFailed, this.scheduleDeadLetters]) {
      alarm.addAlarmAction(new actions.SnsAction(props.topic));
    }
  }
}
