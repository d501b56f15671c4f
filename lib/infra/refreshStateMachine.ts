import { Duration, Fn, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { LEASE_KEY } from '../aws/tableItems.ts';
import { EUROSTAT_ROLES } from '../config/configuration.ts';
import { TRANSIENT_ERROR } from '../eurostat/fetch/errors.ts';
import { KEY } from '../model/bucketKeys.ts';
import { acknowledge, nagValue } from './nag.ts';
import type { StepHandlers } from './stepHandlers.ts';
import {
  executionTimeoutS,
  leaseRetry,
  SERVICE_TASK_TIMEOUT_S,
  STEP_RETRIES,
  type StepName,
  TIME_BUDGETS,
} from './timeBudgets.ts';

export interface RefreshStateMachineProps {
  readonly handlers: StepHandlers;
  readonly bucket: s3.IBucket;
  readonly table: dynamodb.ITable;
  readonly published: sns.ITopic;
}

/** Errors of the Lambda service itself (not of the handler) that a retry may cure. */
export const LAMBDA_SERVICE_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'Lambda.ClientExecutionTimeoutException',
];

/**
 * A step that ran out of time: upstream stayed unavailable for the step's HTTP budget (TransientError), the
 * function was killed at its timeout (Sandbox.Timedout), or the Task's TimeoutSeconds passed (States.Timeout).
 */
export const TIMEOUT_ERRORS = [TRANSIENT_ERROR, 'Sandbox.Timedout', sfn.Errors.TIMEOUT];

const backoff = (r: { intervalS: number; backoffRate: number; maxAttempts: number }) =>
  ({
    interval: Duration.seconds(r.intervalS),
    backoffRate: r.backoffRate,
    maxAttempts: r.maxAttempts,
    jitterStrategy: sfn.JitterType.FULL,
  }) as const;

/** The backoff of a retry of Lambda's own faults: 2 s, 4 s, 8 s, 16 s with full jitter; four retries. */
export const RETRY_BACKOFF = backoff(STEP_RETRIES.service);

/** The backoff of a step that ran out of time: 30 s, then 60 s, with full jitter; two retries. */
export const TIMEOUT_BACKOFF = backoff(STEP_RETRIES.transient);

/** The check step's error while another execution holds the run lease (RunInProgressError's name). */
export const RUN_IN_PROGRESS_ERROR = 'RunInProgressError';

/** The DynamoDB integration's error for a conditional delete whose condition did not hold. */
const CONDITIONAL_CHECK_FAILED = 'DynamoDB.ConditionalCheckFailedException';

/** How many sources are fetched at the same time (Eurostat asks clients to be gentle). */
export const FETCH_CONCURRENCY = 4;

/** Waves of the fetch Map at its widest: every Eurostat role plus the inbox, FETCH_CONCURRENCY at a time. */
export const FETCH_WAVES = Math.ceil((EUROSTAT_ROLES.length + 1) / FETCH_CONCURRENCY);

/**
 * The state machine's log group: under `/aws/vendedlogs/states/`, the prefix AWS documents for Step Functions
 * logging (its resource policy then covers every such group with one statement instead of growing by one per
 * group toward CloudWatch Logs' 5,120-character limit). The stack's id makes the name unique per deployment,
 * so a redeploy after `cdk destroy` (which keeps the old group) does not collide with it.
 */
export const VENDED_LOGS_PREFIX = '/aws/vendedlogs/states/';

/**
 * One refresh as a Standard state machine:
 *
 *   Check → Map(FetchSources: Fetch per source) → PrepareCompute → Compute → ComputeStatus?
 *     unchanged → Unchanged (succeed)
 *     staged    → Render → Publish → PublishStatus?  published → Notify → Published (succeed)
 *                                                    superseded → Superseded (succeed: another run got there first)
 *
 * The whole flow runs inside a one-branch Parallel (`Run`) so that a single catch covers every step: a
 * caught error ends in RecordFailure (an item in the run ledger) → RunFailed. Check takes the run lease (a
 * second execution retries Check on RunInProgressError until the first ends); ReleaseLease gives it back
 * after Run, and on the failure path after RecordFailure. The mail is not sent from here:
 * a Catch never sees States.Runtime, States.DataLimitExceeded, a timeout of the whole execution or an abort,
 * so the failures topic hears of every execution that ends FAILED, TIMED_OUT or ABORTED from one EventBridge
 * rule (`ExecutionFailures`), once per execution whatever path it took.
 */
export class RefreshStateMachine extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: RefreshStateMachineProps) {
    super(scope, id);
    const run = new sfn.Parallel(this, 'Run', {
      comment: 'The whole refresh, so that one catch covers every step',
      outputPath: '$[0]',
    }).branch(
      this.checkAndFetch(props.handlers)
        .next(this.compute(props.handlers))
        .next(this.afterCompute(props.handlers, this.notify(props))),
    );
    run.addCatch(this.recordFailure(props.table), { errors: [sfn.Errors.ALL], resultPath: '$.error' });
    run.next(this.releaseLease('ReleaseLease', props.table, new sfn.Succeed(this, 'Done')));
    this.logGroup = this.createLogGroup();
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      comment: 'EU cluster statistics: one refresh (check, fetch, compute, render, publish, notify)',
      definitionBody: sfn.DefinitionBody.fromChainable(run),
      stateMachineType: sfn.StateMachineType.STANDARD,
      // From the time-budget table: a run stuck past every step's retries ends TIMED_OUT (and is reported).
      timeout: Duration.seconds(executionTimeoutS(FETCH_WAVES)),
      tracingEnabled: true,
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    this.acknowledgeRole(props.handlers);
  }

  /** Check, then one Fetch per source it returns (a Map, FETCH_CONCURRENCY at a time). */
  private checkAndFetch(handlers: StepHandlers): sfn.Chain {
    // The run id is the execution name, so the run ledger (RUN#<runId>) and RecordFailure share a key.
    const check = this.invoke(
      'Check',
      'check',
      handlers.check,
      'Opens the run ledger and lists the sources to fetch',
      sfn.TaskInput.fromObject({ runId: sfn.JsonPath.executionName, input: sfn.JsonPath.entirePayload }),
    );
    // Another execution holds the run lease: wait for it to end, at most one whole run (timeBudgets.ts).
    const wait = leaseRetry(FETCH_WAVES);
    check.addRetry({
      errors: [RUN_IN_PROGRESS_ERROR],
      interval: Duration.seconds(wait.intervalS),
      backoffRate: wait.backoffRate,
      maxAttempts: wait.maxAttempts,
    });
    const fetch = this.invoke('Fetch', 'fetch', handlers.fetch, 'Fetches one source into raw/');
    const fetchSources = new sfn.Map(this, 'FetchSources', {
      comment: 'One Fetch per source returned by Check',
      itemsPath: '$.sources',
      maxConcurrency: FETCH_CONCURRENCY,
      itemSelector: {
        runId: sfn.JsonPath.stringAt('$$.Map.Item.Value.runId'),
        source: sfn.JsonPath.stringAt('$$.Map.Item.Value.source'),
        kind: sfn.JsonPath.stringAt('$$.Map.Item.Value.kind'),
        plan: sfn.JsonPath.objectAt('$$.Map.Item.Value.plan'),
      },
      resultPath: '$.fetched',
    }).itemProcessor(fetch);
    return check.next(fetchSources);
  }

  /** Compute, given the run and every fetch result. */
  private compute(handlers: StepHandlers): sfn.Chain {
    const prepareCompute = new sfn.Pass(this, 'PrepareCompute', {
      comment: 'ComputeInput: the run and every source fetch result',
      parameters: {
        runId: sfn.JsonPath.stringAt('$.runId'),
        startedAt: sfn.JsonPath.stringAt('$.startedAt'),
        force: sfn.JsonPath.stringAt('$.force'),
        fetched: sfn.JsonPath.stringAt('$.fetched'),
      },
    });
    const compute = this.invoke('Compute', 'compute', handlers.compute, 'Recomputes and stages a snapshot');
    return prepareCompute.next(compute);
  }

  /** Unchanged ends here; a staged snapshot is rendered, published and (when published) announced. */
  private afterCompute(handlers: StepHandlers, notify: tasks.SnsPublish): sfn.Choice {
    const render = this.invoke(
      'Render',
      'render',
      handlers.render,
      'Renders the factsheet pages and figures into the staged snapshot',
    );
    const publish = this.invoke('Publish', 'publish', handlers.publish, 'Publishes the staged snapshot');
    const afterPublish = new sfn.Choice(this, 'PublishStatus')
      .when(
        sfn.Condition.stringEquals('$.status', 'published'),
        notify.next(new sfn.Succeed(this, 'Published')),
      )
      .when(
        sfn.Condition.stringEquals('$.status', 'superseded'),
        new sfn.Succeed(this, 'Superseded', { comment: 'Another run published the same or a newer version' }),
      )
      .otherwise(this.unexpected('UnexpectedPublishStatus', 'Publish'));
    return new sfn.Choice(this, 'ComputeStatus')
      .when(
        sfn.Condition.stringEquals('$.status', 'unchanged'),
        new sfn.Succeed(this, 'Unchanged', { comment: 'Same inputs and code as the latest snapshot' }),
      )
      .when(sfn.Condition.stringEquals('$.status', 'staged'), render.next(publish).next(afterPublish))
      .otherwise(this.unexpected('UnexpectedComputeStatus', 'Compute'));
  }

  /** The published topic hears which version is new and where its manifest is. */
  private notify(props: RefreshStateMachineProps): tasks.SnsPublish {
    const notify = new tasks.SnsPublish(this, 'Notify', {
      comment: 'Tells consumers which version is new and where its manifest is',
      topic: props.published,
      subject: 'EU cluster statistics: new snapshot published',
      message: sfn.TaskInput.fromObject({
        event: 'snapshot.published',
        version: sfn.JsonPath.stringAt('$.version'),
        runId: sfn.JsonPath.stringAt('$.runId'),
        bucket: props.bucket.bucketName,
        manifestKey: sfn.JsonPath.stringAt('$.manifestKey'),
        latestKey: KEY.latest,
        // Why the version exists and the counts of what changed (the publish step's `changes`).
        changes: sfn.JsonPath.objectAt('$.changes'),
      }),
      resultPath: sfn.JsonPath.DISCARD,
      taskTimeout: sfn.Timeout.duration(Duration.seconds(SERVICE_TASK_TIMEOUT_S)),
    });
    notify.addRetry({ errors: [sfn.Errors.TASKS_FAILED], ...RETRY_BACKOFF });
    return notify;
  }

  private unexpected(id: string, step: string): sfn.Fail {
    return new sfn.Fail(this, id, {
      error: 'UnexpectedStatus',
      cause: `${step} returned a status this workflow does not know`,
    });
  }

  /** A caught failure becomes an item beside the run ledger, then the run fails with the original error. */
  private recordFailure(table: dynamodb.ITable): sfn.Chain {
    const recordFailure = new tasks.DynamoPutItem(this, 'RecordFailure', {
      comment: 'Keeps the failure next to the run ledger',
      table,
      item: {
        pk: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.format('RUN#{}', sfn.JsonPath.executionName)),
        sk: tasks.DynamoAttributeValue.fromString('FAILED'),
        executionArn: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.executionId),
        failedAt: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stateEnteredTime),
        error: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.error.Error')),
        cause: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.error.Cause')),
      },
      resultPath: sfn.JsonPath.DISCARD,
      taskTimeout: sfn.Timeout.duration(Duration.seconds(SERVICE_TASK_TIMEOUT_S)),
    });
    recordFailure.addRetry({ errors: [sfn.Errors.TASKS_FAILED], ...RETRY_BACKOFF });
    const runFailed = new sfn.Fail(this, 'RunFailed', {
      errorPath: '$.error.Error',
      causePath: '$.error.Cause',
    });
    const release = this.releaseLease('ReleaseLeaseAfterFailure', table, runFailed);
    // A failure to record the failure still ends the run as failed (the rule then reports it).
    recordFailure.addCatch(release, { errors: [sfn.Errors.ALL], resultPath: '$.recordFailureError' });
    return recordFailure.next(release);
  }

  /**
   * Deletes the run lease if this execution holds it (a conditional delete on the execution name), then goes
   * on to `next`. A lease held by another run (this one failed waiting for it) stays; a release that fails
   * leaves the lease to its expiry and does not change how the run ended.
   */
  private releaseLease(id: string, table: dynamodb.ITable, next: sfn.IChainable): sfn.Chain {
    const release = new tasks.DynamoDeleteItem(this, id, {
      comment: 'Gives the run lease back, if this execution holds it',
      table,
      key: {
        pk: tasks.DynamoAttributeValue.fromString(LEASE_KEY.pk),
        sk: tasks.DynamoAttributeValue.fromString(LEASE_KEY.sk),
      },
      conditionExpression: 'runId = :run',
      expressionAttributeValues: {
        ':run': tasks.DynamoAttributeValue.fromString(sfn.JsonPath.executionName),
      },
      resultPath: sfn.JsonPath.DISCARD,
      taskTimeout: sfn.Timeout.duration(Duration.seconds(SERVICE_TASK_TIMEOUT_S)),
    });
    // Not held by this run: nothing to retry. Other faults get the usual short backoff.
    release.addRetry({ errors: [CONDITIONAL_CHECK_FAILED], maxAttempts: 0 });
    release.addRetry({ errors: [sfn.Errors.TASKS_FAILED], ...RETRY_BACKOFF });
    release.addCatch(next, { errors: [sfn.Errors.ALL], resultPath: sfn.JsonPath.DISCARD });
    return release.next(next);
  }

  /** Named per stack id, so a redeploy after `cdk destroy` (which keeps the old group) does not collide. */
  private createLogGroup(): logs.LogGroup {
    const stack = Stack.of(this);
    return new logs.LogGroup(this, 'Logs', {
      logGroupName: `${VENDED_LOGS_PREFIX}${stack.stackName}-refresh-${Fn.select(2, Fn.split('/', stack.stackId))}`,
      retention: logs.RetentionDays.ONE_MONTH,
    });
  }

  private acknowledgeRole(handlers: StepHandlers): void {
    acknowledge(this.stateMachine, {
      'AwsSolutions-IAM5[Resource::*]':
        'X-Ray (xray:PutTraceSegments, PutTelemetryRecords, GetSamplingRules, GetSamplingTargets) and the ' +
        'CloudWatch Logs delivery actions (logs:CreateLogDelivery and friends) used by Step Functions logging ' +
        'support no resource-level permissions.',
      ...Object.fromEntries(
        handlers.all.map((fn) => [
          `AwsSolutions-IAM5[Resource::${nagValue(this, fn.functionArn)}:*]`,
          'Invoking the function by any version or alias qualifier of this one function, as the Step ' +
            'Functions Lambda integration grants it; no other function is reachable.',
        ]),
      ),
    });
  }

  /**
   * A Lambda step: the handler gets `payload` (default: the whole state) and its return value becomes the
   * state; its TimeoutSeconds comes from the time-budget table; Lambda's faults and timeouts are retried.
   */
  private invoke(
    id: string,
    step: StepName,
    fn: lambda.IFunction,
    comment: string,
    payload?: sfn.TaskInput,
  ): tasks.LambdaInvoke {
    const task = new tasks.LambdaInvoke(this, id, {
      comment,
      lambdaFunction: fn,
      ...(payload ? { payload } : {}),
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
      taskTimeout: sfn.Timeout.duration(Duration.seconds(TIME_BUDGETS[step].taskTimeoutS)),
    });
    task.addRetry({ errors: LAMBDA_SERVICE_ERRORS, ...RETRY_BACKOFF });
    task.addRetry({ errors: TIMEOUT_ERRORS, ...TIMEOUT_BACKOFF });
    return task;
  }
}
