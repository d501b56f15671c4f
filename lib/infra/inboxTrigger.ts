import { Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as pipes from 'aws-cdk-lib/aws-pipes';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { PREFIX } from '../model/bucketKeys.ts';

export interface InboxTriggerProps {
  readonly bucket: s3.IBucket;
  readonly stateMachine: sfn.IStateMachine;
  /** Where events go that could not be queued, and queued uploads that could not start a run. */
  readonly deadLetterQueue: sqs.IQueue;
}

/**
 * How uploads are gathered into one run: the pipe waits this long after the first queued upload (or until
 * INBOX_BATCH_SIZE have arrived) and starts one execution for all of them. An `aws s3 cp --recursive` of a
 * folder finishes well inside a minute.
 */
export const INBOX_BATCHING_WINDOW_S = 60;
/** Uploads per execution at most (a standard queue allows up to 10,000 with a batching window). */
export const INBOX_BATCH_SIZE = 1000;
/** Times a queued upload is offered to the pipe before it goes to the dead-letter queue. */
export const INBOX_MAX_RECEIVES = 5;

/**
 * A file dropped under `inbox/` (cluster organisations, policy facts, a mapping) starts a refresh, but many
 * files dropped together start one: S3 sends "Object Created" to EventBridge, this rule queues it, and an
 * EventBridge pipe takes the queue in batches (a batching window of INBOX_BATCHING_WINDOW_S) and starts the
 * state machine once per batch (fire and forget). The execution's input is the batch; the check step treats
 * it as `{"force": false}` and reads the whole inbox, so the fingerprint decides whether anything is published.
 */
export class InboxTrigger extends Construct {
  readonly rule: events.Rule;
  readonly queue: sqs.Queue;
  readonly pipe: pipes.CfnPipe;

  constructor(scope: Construct, id: string, props: InboxTriggerProps) {
    super(scope, id);
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: props.deadLetterQueue, maxReceiveCount: INBOX_MAX_RECEIVES },
    });
    this.rule = new events.Rule(this, 'Rule', {
      description: `Queues a start of the refresh when a file is dropped under ${PREFIX.inputs} in the snapshot bucket`,
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: { bucket: { name: [props.bucket.bucketName] }, object: { key: [{ prefix: PREFIX.inputs }] } },
      },
      targets: [
        new targets.SqsQueue(this.queue, { deadLetterQueue: props.deadLetterQueue, retryAttempts: 3 }),
      ],
    });

    const role = new iam.Role(this, 'PipeRole', {
      assumedBy: new iam.ServicePrincipal('pipes.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'Reads the inbox queue and starts the refresh state machine',
    });
    this.queue.grantConsumeMessages(role);
    props.stateMachine.grantStartExecution(role);
    this.pipe = new pipes.CfnPipe(this, 'Pipe', {
      description: 'Starts one refresh per batch of inbox uploads',
      roleArn: role.roleArn,
      source: this.queue.queueArn,
      sourceParameters: {
        sqsQueueParameters: {
          batchSize: INBOX_BATCH_SIZE,
          maximumBatchingWindowInSeconds: INBOX_BATCHING_WINDOW_S,
        },
      },
      target: props.stateMachine.stateMachineArn,
      targetParameters: { stepFunctionStateMachineParameters: { invocationType: 'FIRE_AND_FORGET' } },
    });
  }
}
