import { randomUUID } from 'node:crypto';
import { deliveries } from './eventRules.ts';
import { ACCOUNT, type Deployed, REGION } from './template.ts';

/** One record of S3's own event notification, as s3rver emits it (`s3rver.on('event', …)`). */
export interface S3NotificationRecord {
  eventName: string;
  eventTime: string;
  s3: { bucket: { name: string }; object: { key: string; size?: number; eTag?: string; sequencer?: string } };
}

/**
 * The "Object Created" event S3 sends to EventBridge for a record of s3rver's notification (S3's EventBridge
 * event shape: `detail.bucket.name`, `detail.object.key`, …), or undefined for a removal.
 */
export function objectCreatedEvent(record: S3NotificationRecord): Record<string, unknown> | undefined {
  if (!record.eventName.startsWith('ObjectCreated:')) return undefined;
  const { bucket, object } = record.s3;
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: ACCOUNT,
    time: record.eventTime,
    region: REGION,
    resources: [`arn:aws:s3:::${bucket.name}`],
    detail: {
      version: '0',
      bucket: { name: bucket.name },
      object: { key: object.key, size: object.size, etag: object.eTag, sequencer: object.sequencer },
      'request-id': randomUUID(),
      requester: ACCOUNT,
      reason: record.eventName === 'ObjectCreated:Copy' ? 'CopyObject' : 'PutObject',
    },
  };
}

/** One message of the queue as the pipe hands it to its target (SQS's record shape). */
export interface SqsRecord {
  messageId: string;
  body: string;
  eventSource: 'aws:sqs';
  eventSourceARN: string;
  awsRegion: string;
}

/**
 * The inbox's queue and pipe, modelled from the synthesized template: events are routed through the template's
 * own rules (`deliveries`), those whose target is the pipe's source queue are queued, and the queue is drained
 * as an EventBridge pipe with an SQS source does it: a batch goes to the target when `BatchSize` messages are
 * waiting or `MaximumBatchingWindowInSeconds` (times `scale`, like every other time of the deployed suite)
 * after the first message of the batch arrived, whichever comes first; each batch starts one execution, with
 * the batch as its input.
 *
 * Modelled rather than run because no SQS server runs here: fauxqs needs node:sqlite (Node 22; we have
 * Node 20) and ElasticMQ is on neither npm nor Debian. What is not modelled: visibility timeouts, redrive to
 * the dead-letter queue, a batch's 6 MB payload limit and the pipe's polling delay.
 */
export class InboxPipe {
  /** Every batch handed to the state machine, in order. */
  readonly batches: SqsRecord[][] = [];
  readonly queueArn: string;
  readonly batchSize: number;
  readonly windowMs: number;
  private readonly waiting: SqsRecord[] = [];
  private readonly started: Promise<unknown>[] = [];
  private timer: NodeJS.Timeout | undefined;
  private idle: (() => void) | undefined;

  constructor(
    private readonly deployed: Deployed,
    scale: number,
    private readonly startExecution: (batch: SqsRecord[]) => Promise<unknown>,
  ) {
    const pipes = Object.values(deployed.template.Resources).filter((r) => r.Type === 'AWS::Pipes::Pipe');
    if (pipes.length !== 1) throw new Error(`expected one pipe in the template, found ${pipes.length}`);
    const props = deployed.resolve(pipes[0]?.Properties) as {
      Source: string;
      SourceParameters: { SqsQueueParameters: { BatchSize: number; MaximumBatchingWindowInSeconds: number } };
    };
    this.queueArn = props.Source;
    this.batchSize = props.SourceParameters.SqsQueueParameters.BatchSize;
    this.windowMs = props.SourceParameters.SqsQueueParameters.MaximumBatchingWindowInSeconds * 1000 * scale;
  }

  /** An event put on the default bus: queued where one of the template's rules sends it to the pipe's queue. */
  put(event: Record<string, unknown>): void {
    for (const d of deliveries(this.deployed, event)) {
      if (d.targetArn !== this.queueArn) continue;
      this.waiting.push({
        messageId: randomUUID(),
        body: JSON.stringify(d.input),
        eventSource: 'aws:sqs',
        eventSourceARN: this.queueArn,
        awsRegion: REGION,
      });
      if (this.waiting.length >= this.batchSize) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.windowMs);
    }
  }

  /** Resolves once the queue is empty and every execution it started has ended. */
  async settled(): Promise<void> {
    if (this.timer) await new Promise<void>((resolve) => (this.idle = resolve));
    await Promise.all(this.started);
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.waiting.splice(0, this.batchSize);
    if (batch.length > 0) {
      this.batches.push(batch);
      this.started.push(this.startExecution(batch));
    }
    if (this.waiting.length > 0) this.timer = setTimeout(() => this.flush(), this.windowMs);
    else this.idle?.();
  }
}
