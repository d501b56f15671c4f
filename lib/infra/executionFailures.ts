import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface ExecutionFailuresProps {
  readonly stateMachine: sfn.IStateMachine;
  /** The failures topic: one message per execution that did not succeed. */
  readonly topic: sns.ITopic;
  /** Where a message goes that EventBridge could not deliver to the topic (the alarmed dead-letter queue). */
  readonly deadLetterQueue: sqs.IQueue;
}

/** The execution statuses that mean a run did not succeed (Step Functions' "Execution Status Change"). */
export const UNSUCCESSFUL_STATUSES = ['FAILED', 'TIMED_OUT', 'ABORTED'] as const;

/** Attempts EventBridge makes to deliver one failure message before it goes to the dead-letter queue. */
export const FAILURE_DELIVERY_RETRIES = 8;

/**
 * Every execution of the refresh that ends FAILED, TIMED_OUT or ABORTED sends one message to the failures
 * topic: Step Functions emits one "Execution Status Change" event per execution end, whatever ended it — a
 * caught step error (the run ledger has it too), States.Runtime or States.DataLimitExceeded (which no Catch
 * sees), the execution's timeout, or a stop by hand. The workflow itself sends no failure mail, so there is
 * never a second one.
 *
 * @example
 * new ExecutionFailures(this, 'ExecutionFailures', { stateMachine, topic: failures, deadLetterQueue });
 */
export class ExecutionFailures extends Construct {
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: ExecutionFailuresProps) {
    super(scope, id);
    const field = (name: string) => events.EventField.fromPath(`$.detail.${name}`);
    this.rule = new events.Rule(this, 'Rule', {
      description: 'Reports every refresh execution that ends FAILED, TIMED_OUT or ABORTED, once',
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: {
          stateMachineArn: [props.stateMachine.stateMachineArn],
          status: [...UNSUCCESSFUL_STATUSES],
        },
      },
      targets: [
        new targets.SnsTopic(props.topic, {
          message: events.RuleTargetInput.fromObject({
            event: 'refresh.failed',
            status: field('status'),
            executionArn: field('executionArn'),
            runId: field('name'),
            error: field('error'),
            cause: field('cause'),
            startedAt: field('startDate'),
            stoppedAt: field('stopDate'),
          }),
          deadLetterQueue: props.deadLetterQueue,
          retryAttempts: FAILURE_DELIVERY_RETRIES,
        }),
      ],
    });
  }
}
