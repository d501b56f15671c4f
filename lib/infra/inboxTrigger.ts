import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { PREFIX } from './layout.ts';

export interface InboxTriggerProps {
  readonly bucket: s3.IBucket;
  readonly stateMachine: sfn.IStateMachine;
  /** Where events go that could not start the state machine (the schedule's queue). */
  readonly deadLetterQueue: sqs.IQueue;
}

/**
 * A file dropped under `inbox/` (cluster organisations, policy facts, a mapping) starts a refresh: S3 sends
 * "Object Created" to EventBridge, and this rule starts the state machine with `{"force": false}` (the
 * fingerprint decides whether anything is published).
 */
export class InboxTrigger extends Construct {
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: InboxTriggerProps) {
    super(scope, id);
    this.rule = new events.Rule(this, 'Rule', {
      description: `Starts a refresh when a file is dropped under ${PREFIX.inputs} in the snapshot bucket`,
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: { bucket: { name: [props.bucket.bucketName] }, object: { key: [{ prefix: PREFIX.inputs }] } },
      },
      targets: [
        new targets.SfnStateMachine(props.stateMachine, {
          input: events.RuleTargetInput.fromObject({ force: false }),
          deadLetterQueue: props.deadLetterQueue,
          retryAttempts: 3,
        }),
      ],
    });
  }
}
