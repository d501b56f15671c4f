import { describe, expect, it } from 'vitest';
import { RunInProgressError } from '../../lib/errors.ts';
import {
  FETCH_WAVES,
  RUN_IN_PROGRESS_ERROR,
  VENDED_LOGS_PREFIX,
} from '../../lib/infra/refreshStateMachine.ts';
import {
  executionTimeoutS,
  leaseRetry,
  leaseWaitS,
  SERVICE_TASK_TIMEOUT_S,
  TIME_BUDGETS,
  worstCaseRunS,
} from '../../lib/infra/timeBudgets.ts';
import {
  allStates,
  buildStack,
  expectedGrants,
  logicalId,
  roleGrants,
  type StateDefinition,
  state,
  stateMachineDefinition,
} from './support.ts';

const { stack, template } = buildStack();
const definition = stateMachineDefinition(template);
const states = allStates(definition);
const machineId = logicalId(stack.workflow.stateMachine);
const machine = () => template.findResources('AWS::StepFunctions::StateMachine')[machineId];
const fnArn = (fn: { node: unknown }) => `{{GetAtt:${logicalId(fn as never)}.Arn}}`;
const { check, fetch, compute, render, publish } = stack.handlers;
const LAMBDA_TASKS = { Check: check, Fetch: fetch, Compute: compute, Render: render, Publish: publish };

const BACKOFF = { IntervalSeconds: 2, BackoffRate: 2, MaxAttempts: 4, JitterStrategy: 'FULL' };

/** The chain of `Next` from a state to the end (or to a state with several successors). */
function pathFrom(name: string): string[] {
  const names: string[] = [];
  let current: string | undefined = name;
  while (current) {
    names.push(current);
    current = state(states, current).Next;
  }
  return names;
}

function choiceTargets(s: StateDefinition): Record<string, string> {
  return Object.fromEntries((s.Choices ?? []).map((c) => [c.StringEquals ?? '?', c.Next]));
}

describe('RefreshStateMachine', () => {
  describe('state machine', () => {
    it('is a STANDARD state machine', () => {
      expect(machine()?.Properties.StateMachineType).toBe('STANDARD');
    });

    it('traces with X-Ray', () => {
      expect(machine()?.Properties.TracingConfiguration).toEqual({ Enabled: true });
    });

    it('logs every event, without execution data, to its log group kept one month', () => {
      const logGroupId = logicalId(stack.workflow.logGroup);
      expect(machine()?.Properties.LoggingConfiguration).toEqual({
        Level: 'ALL',
        IncludeExecutionData: false,
        Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [logGroupId, 'Arn'] } } }],
      });
      expect(template.findResources('AWS::Logs::LogGroup')[logGroupId]?.Properties.RetentionInDays).toBe(30);
    });

    it('logs under /aws/vendedlogs/states/, named after the stack and its id (a redeploy never collides)', () => {
      const logGroupId = logicalId(stack.workflow.logGroup);
      const name = template.findResources('AWS::Logs::LogGroup')[logGroupId]?.Properties.LogGroupName;
      expect(name).toEqual({
        'Fn::Join': [
          '',
          [
            `${VENDED_LOGS_PREFIX}EuClusterPipeline-refresh-`,
            { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] },
          ],
        ],
      });
    });

    it('times out from the time-budget table: past the worst case of a whole run, within a day', () => {
      const timeout = (definition as { TimeoutSeconds?: number }).TimeoutSeconds;
      expect(timeout).toBe(executionTimeoutS(FETCH_WAVES));
      expect(timeout).toBeGreaterThanOrEqual(worstCaseRunS(FETCH_WAVES));
      // The schedule is daily: a stuck run ends before the next one starts.
      expect(timeout).toBeLessThan(24 * 3600);
    });
  });

  describe('happy path', () => {
    it('runs Check, fetches every source, prepares the compute input and computes', () => {
      const [run] = state(states, definition.StartAt).Branches ?? [];
      expect(run?.StartAt).toBe('Check');
      expect(pathFrom('Check')).toEqual([
        'Check',
        'FetchSources',
        'PrepareCompute',
        'Compute',
        'ComputeStatus',
      ]);
    });

    it('invokes each step’s own function and keeps only the handler’s return value as the state', () => {
      for (const [name, fn] of Object.entries(LAMBDA_TASKS)) {
        const task = state(states, name);
        expect(task, name).toMatchObject({ Type: 'Task', Resource: fnArn(fn) });
        expect(task.ResultPath, name).toBeUndefined();
        expect(task.OutputPath, name).toBeUndefined();
      }
    });

    it('hands Check the execution name as run id and the execution input', () => {
      expect(state(states, 'Check').Parameters).toEqual({ 'runId.$': '$$.Execution.Name', 'input.$': '$' });
    });

    it('hands Fetch, Compute, Render and Publish the state as it is', () => {
      for (const name of ['Fetch', 'Compute', 'Render', 'Publish'])
        expect(state(states, name).Parameters, name).toBeUndefined();
    });

    it('maps Fetch over $.sources, four at a time, handing each {runId, source, kind, plan}', () => {
      const map = state(states, 'FetchSources');
      expect(map).toMatchObject({
        Type: 'Map',
        ItemsPath: '$.sources',
        MaxConcurrency: 4,
        ResultPath: '$.fetched',
        ItemSelector: {
          'runId.$': '$$.Map.Item.Value.runId',
          'source.$': '$$.Map.Item.Value.source',
          'kind.$': '$$.Map.Item.Value.kind',
          'plan.$': '$$.Map.Item.Value.plan',
        },
      });
      expect(map.ItemProcessor?.StartAt).toBe('Fetch');
      expect(Object.keys(map.ItemProcessor?.States ?? {})).toEqual(['Fetch']);
    });

    it('hands Compute exactly {runId, startedAt, force, fetched}', () => {
      expect(state(states, 'PrepareCompute')).toMatchObject({
        Type: 'Pass',
        Parameters: {
          'runId.$': '$.runId',
          'startedAt.$': '$.startedAt',
          'force.$': '$.force',
          'fetched.$': '$.fetched',
        },
      });
      expect(Object.keys(state(states, 'PrepareCompute').Parameters ?? {})).toHaveLength(4);
    });

    it('ends an unchanged run successfully and renders, then publishes, a staged one', () => {
      const choice = state(states, 'ComputeStatus');
      expect(choice.Choices?.every((c) => c.Variable === '$.status')).toBe(true);
      const targets = choiceTargets(choice);
      expect(state(states, targets.unchanged as string).Type).toBe('Succeed');
      expect(pathFrom(targets.staged as string)).toEqual(['Render', 'Publish', 'PublishStatus']);
    });

    it('notifies after a publication, then succeeds', () => {
      const targets = choiceTargets(state(states, 'PublishStatus'));
      const [notify, end] = pathFrom(targets.published as string);
      expect(notify).toBe('Notify');
      expect(state(states, end as string).Type).toBe('Succeed');
    });

    it('ends cleanly when another run superseded this one', () => {
      const targets = choiceTargets(state(states, 'PublishStatus'));
      expect(state(states, targets.superseded as string).Type).toBe('Succeed');
    });

    it('fails on a status it does not know instead of guessing', () => {
      for (const choice of ['ComputeStatus', 'PublishStatus']) {
        expect(state(states, state(states, choice).Default as string)).toMatchObject({
          Type: 'Fail',
          Error: 'UnexpectedStatus',
        });
      }
    });

    it('publishes to the published topic a JSON message naming the version, manifest key and bucket', () => {
      expect(state(states, 'Notify')).toMatchObject({
        Type: 'Task',
        Resource: 'arn:{{Ref:AWS::Partition}}:states:::sns:publish',
        ResultPath: null,
        Parameters: {
          TopicArn: `{{Ref:${logicalId(stack.notifications.published)}}}`,
          Message: {
            'version.$': '$.version',
            'manifestKey.$': '$.manifestKey',
            'changes.$': '$.changes',
            bucket: `{{Ref:${logicalId(stack.storage.bucket)}}}`,
          },
        },
      });
    });
  });

  describe('retries', () => {
    it.each(Object.keys(LAMBDA_TASKS))(
      '%s retries Lambda service errors (client execution timeouts included): 2 s, ×2, 4 retries, full jitter',
      (name) => {
        expect(state(states, name).Retry).toContainEqual({
          ErrorEquals: [
            'Lambda.ServiceException',
            'Lambda.AWSLambdaException',
            'Lambda.SdkClientException',
            'Lambda.TooManyRequestsException',
            'Lambda.ClientExecutionTimeoutException',
          ],
          ...BACKOFF,
        });
      },
    );

    it.each(Object.keys(LAMBDA_TASKS))(
      '%s retries running out of time (TransientError, the function’s and the Task’s timeouts): 30 s, ×2, 2 retries',
      (name) => {
        expect(state(states, name).Retry).toContainEqual({
          ErrorEquals: ['TransientError', 'Sandbox.Timedout', 'States.Timeout'],
          IntervalSeconds: 30,
          BackoffRate: 2,
          MaxAttempts: 2,
          JitterStrategy: 'FULL',
        });
      },
    );

    it.each(Object.entries(LAMBDA_TASKS))('%s sets TimeoutSeconds from the time-budget table', (name, fn) => {
      const step = name.toLowerCase() as keyof typeof TIME_BUDGETS;
      expect(state(states, name).TimeoutSeconds).toBe(TIME_BUDGETS[step].taskTimeoutS);
      expect(fn).toBeDefined();
    });

    it.each(['Notify', 'RecordFailure', 'ReleaseLease', 'ReleaseLeaseAfterFailure'])(
      '%s (a service integration) has a TimeoutSeconds',
      (name) => {
        expect(state(states, name).TimeoutSeconds).toBe(SERVICE_TASK_TIMEOUT_S);
      },
    );

    it('Check waits for a run in progress: RunInProgressError retried every minute, for one whole run at its worst', () => {
      expect(RUN_IN_PROGRESS_ERROR).toBe(new RunInProgressError('a', 'b').name);
      const wait = leaseRetry(FETCH_WAVES);
      expect(state(states, 'Check').Retry).toContainEqual({
        ErrorEquals: ['RunInProgressError'],
        IntervalSeconds: wait.intervalS,
        BackoffRate: 1,
        MaxAttempts: wait.maxAttempts,
      });
      // No jitter and no backoff: the waits add up to exactly interval × attempts, at least one whole run.
      expect(leaseWaitS(FETCH_WAVES)).toBeGreaterThanOrEqual(worstCaseRunS(FETCH_WAVES));
    });

    it.each(Object.keys(LAMBDA_TASKS))(
      '%s retries nothing else (a handler’s other errors fail the run)',
      (name) => {
        expect(state(states, name).Retry).toHaveLength(name === 'Check' ? 3 : 2);
      },
    );
  });

  describe('failure path', () => {
    it('wraps the whole run in one Parallel whose catch takes every error to RecordFailure', () => {
      const run = state(states, definition.StartAt);
      expect(run.Type).toBe('Parallel');
      expect(run.Branches).toHaveLength(1);
      expect(run.Catch).toEqual([
        { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'RecordFailure' },
      ]);
    });

    it('has no other catch that could swallow an error of a step (the lease releases come after every step)', () => {
      const catching = [...states].filter(([, s]) => s.Catch).map(([name]) => name);
      expect(catching.sort()).toEqual(['RecordFailure', 'ReleaseLease', 'ReleaseLeaseAfterFailure', 'Run']);
    });

    it('records the failure in the table as RUN#<execution name> / FAILED with error and cause', () => {
      expect(state(states, 'RecordFailure')).toMatchObject({
        Type: 'Task',
        Resource: 'arn:{{Ref:AWS::Partition}}:states:::dynamodb:putItem',
        Parameters: {
          TableName: `{{Ref:${logicalId(stack.table.table)}}}`,
          Item: {
            pk: { 'S.$': "States.Format('RUN#{}', $$.Execution.Name)" },
            sk: { S: 'FAILED' },
            error: { 'S.$': '$.error.Error' },
            cause: { 'S.$': '$.error.Cause' },
          },
        },
      });
    });

    it('then releases the lease and fails with the original error, sending no mail itself (the ExecutionFailures rule does, once)', () => {
      expect(pathFrom('RecordFailure')).toEqual(['RecordFailure', 'ReleaseLeaseAfterFailure', 'RunFailed']);
      expect(state(states, 'RunFailed')).toEqual({
        Type: 'Fail',
        ErrorPath: '$.error.Error',
        CausePath: '$.error.Cause',
      });
      const published = [...states].filter(([, s]) => String(s.Resource).endsWith(':sns:publish'));
      expect(published.map(([name]) => name)).toEqual(['Notify']);
    });

    it('still releases the lease and fails with the original error when recording the failure fails', () => {
      expect(state(states, 'RecordFailure').Catch).toEqual([
        {
          ErrorEquals: ['States.ALL'],
          ResultPath: '$.recordFailureError',
          Next: 'ReleaseLeaseAfterFailure',
        },
      ]);
    });
  });

  describe('run lease', () => {
    it('is released after the run whatever it ended as (published, superseded, unchanged)', () => {
      expect(state(states, 'Run').Next).toBe('ReleaseLease');
      expect(pathFrom('ReleaseLease')).toEqual(['ReleaseLease', 'Done']);
      expect(state(states, 'Done').Type).toBe('Succeed');
    });

    it.each(['ReleaseLease', 'ReleaseLeaseAfterFailure'])(
      '%s deletes the LEASE item only if this execution holds it, keeping the state',
      (name) => {
        expect(state(states, name)).toMatchObject({
          Type: 'Task',
          Resource: 'arn:{{Ref:AWS::Partition}}:states:::dynamodb:deleteItem',
          ResultPath: null,
          Parameters: {
            TableName: `{{Ref:${logicalId(stack.table.table)}}}`,
            Key: { pk: { S: 'LEASE' }, sk: { S: 'run' } },
            ConditionExpression: 'runId = :run',
            ExpressionAttributeValues: { ':run': { 'S.$': '$$.Execution.Name' } },
          },
        });
      },
    );

    it.each([
      ['ReleaseLease', 'Done'],
      ['ReleaseLeaseAfterFailure', 'RunFailed'],
    ])('%s: not held by this run, nothing is retried; any failure goes on to %s unchanged', (name, next) => {
      const s = state(states, name);
      expect(s.Retry?.[0]).toEqual({
        ErrorEquals: ['DynamoDB.ConditionalCheckFailedException'],
        MaxAttempts: 0,
      });
      expect(s.Retry?.[1]).toMatchObject({ ErrorEquals: ['States.TaskFailed'], ...BACKOFF });
      expect(s.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: null, Next: next }]);
      expect(s.Next).toBe(next);
    });

    it('expires with the state machine, whose timeout counts the wait for it', () => {
      const env = template.findResources('AWS::Lambda::Function')[logicalId(check)]?.Properties.Environment
        .Variables as Record<string, string>;
      expect(env.RUN_LEASE_S).toBe(String(executionTimeoutS(FETCH_WAVES)));
      expect((definition as { TimeoutSeconds?: number }).TimeoutSeconds).toBe(executionTimeoutS(FETCH_WAVES));
      expect(executionTimeoutS(FETCH_WAVES)).toBeGreaterThanOrEqual(
        leaseWaitS(FETCH_WAVES) + worstCaseRunS(FETCH_WAVES),
      );
    });
  });

  describe('role', () => {
    it('may invoke the five functions, write the table, publish to the published topic, log and trace: nothing else', () => {
      const fns = [check, fetch, compute, render, publish];
      const arns = fns.flatMap((fn) => [fn.functionArn, `${fn.functionArn}:*`]);
      const roleId = logicalId(stack.workflow.stateMachine.role);
      const tableArn = stack.formatArn({
        service: 'dynamodb',
        resource: 'table',
        resourceName: stack.table.table.tableName,
      });
      expect(roleGrants(template, roleId)).toEqual(
        expectedGrants(stack, [
          { actions: ['lambda:InvokeFunction'], resources: arns },
          { actions: ['dynamodb:DeleteItem'], resources: [tableArn] },
          { actions: ['dynamodb:PutItem'], resources: [tableArn] },
          { actions: ['sns:Publish'], resources: [stack.notifications.published.topicArn] },
          {
            actions: [
              'logs:CreateLogDelivery',
              'logs:DeleteLogDelivery',
              'logs:DescribeLogGroups',
              'logs:DescribeResourcePolicies',
              'logs:GetLogDelivery',
              'logs:ListLogDeliveries',
              'logs:PutResourcePolicy',
              'logs:UpdateLogDelivery',
              'xray:GetSamplingRules',
              'xray:GetSamplingTargets',
              'xray:PutTelemetryRecords',
              'xray:PutTraceSegments',
            ],
            resources: ['*'],
          },
        ]),
      );
    });
  });
});
