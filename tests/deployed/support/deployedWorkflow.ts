import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  ExecutionAbortedError,
  ExecutionError,
  ExecutionTimeoutError,
  StateMachine,
} from 'aws-local-stepfunctions';
import type { Bucket } from '../../../lib/aws/bucket.ts';
import { HTTP_BUDGET_ENV } from '../../../lib/steps/httpBudget.ts';
import { LOCAL_CREDENTIALS } from '../../helpers/localAws.ts';
import { deliveries } from './eventRules.ts';
import { decide } from './iam.ts';
import { type Invocation, invokeBundled, LambdaError } from './invoke.ts';
import { type RecordedCall, recordingProxy } from './recordingProxy.ts';
import { synthesizedAssembly } from './synth.ts';
import { ACCOUNT, type Deployed, type DeployedFunction, loadDeployed, REGION } from './template.ts';

// aws-local-stepfunctions uses Promise.withResolvers (Node 22+).
if (!('withResolvers' in Promise)) {
  Object.assign(Promise, {
    withResolvers<T>() {
      let resolve!: (v: T) => void;
      let reject!: (e: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

export interface Notification {
  topicArn: string;
  subject?: string;
  message: unknown;
}

export interface RunResult {
  status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  output?: Record<string, unknown>;
  error?: string;
  cause?: string;
  /** Lambda invocations of this run, in the order they started. */
  invocations: (Invocation & { event: unknown })[];
}

export interface DeployedWorkflowOptions {
  bucket: Bucket;
  table: string;
  s3Endpoint: string;
  dynamoEndpoint: string;
  eurostatBaseUrl: string;
  /**
   * Every time limit is multiplied by this: the functions' timeouts, their HTTP budgets (the
   * HTTP_*_MS variables), the Tasks' TimeoutSeconds and the Retry intervals.
   */
  scale: number;
  /**
   * The configuration document every function gets (PIPELINE_CONFIG) instead of the template's: a deployment of
   * another configuration, whose template differs from the default one in that variable only.
   */
  pipelineConfig?: string;
}

/**
 * The bundles run on the local Node. Lambda's Node 24 has zstd in node:zlib; an older local Node makes the
 * compute step load its WebAssembly fallback by name (lib/snapshot/zstd.ts), found through NODE_PATH in the
 * project's node_modules, since the assembly's folders have none.
 */
const NODE_PATH =
  'zstdCompressSync' in zlib
    ? {}
    : { NODE_PATH: join(import.meta.dirname, '..', '..', '..', 'node_modules') };

/** Task resources of the direct service integrations the definition may use. */
const SNS_PUBLISH = 'arn:aws:states:::sns:publish';
const DYNAMODB_PUT = 'arn:aws:states:::dynamodb:putItem';
const DYNAMODB_DELETE = 'arn:aws:states:::dynamodb:deleteItem';

/**
 * The deployed refresh workflow, run offline: the state machine definition of the synthesized template in
 * aws-local-stepfunctions; each Lambda task the bundled function from the assembly, one Node process per
 * invocation, with its template environment and its timeout; SNS publications recorded; the failure record
 * written to DynamoDB Local; every AWS request checked against the synthesized IAM policies.
 */
export class DeployedWorkflow {
  readonly calls: RecordedCall[] = [];
  readonly notifications: Notification[] = [];
  readonly logs: string[] = [];
  /** Where the functions find Eurostat (changed by a test to make it unreachable). */
  eurostatBaseUrl: string;
  /** Decides, per proxied request, to kill the calling function (a crash mid-step). */
  killWhen: ((call: RecordedCall) => boolean) | undefined;
  /**
   * Decides, per Lambda task that returned, to lose its answer: the function did all its work, and Step
   * Functions sees `Sandbox.Timedout` (a function that timed out on the way back), then retries it.
   */
  loseAnswerOf: ((state: string, attempt: number) => boolean) | undefined;
  /** Replaces a Lambda task's answer (a malformed payload, as another code version might return). */
  answerOf: ((state: string, answer: unknown) => unknown) | undefined;
  private readonly children = new Set<ChildProcess>();
  private readonly childrenOf = new Map<string, Set<ChildProcess>>();
  private readonly endpoints = new Map<string, { s3: string; dynamodb: string }>();
  private readonly closers: (() => Promise<void>)[] = [];

  private constructor(
    readonly deployed: Deployed,
    private readonly o: DeployedWorkflowOptions,
  ) {
    this.eurostatBaseUrl = o.eurostatBaseUrl;
  }

  static async start(o: DeployedWorkflowOptions): Promise<DeployedWorkflow> {
    const deployed = loadDeployed(synthesizedAssembly(), { bucket: o.bucket.name, table: o.table });
    const wf = new DeployedWorkflow(deployed, o);
    for (const fn of deployed.functions.values()) {
      const principal = { roleName: fn.roleName, policies: fn.policies };
      const onCall = (call: RecordedCall) => {
        if (!wf.killWhen?.(call)) return undefined;
        for (const child of wf.childrenOf.get(fn.logicalId) ?? []) child.kill('SIGKILL');
        return 'drop' as const;
      };
      const s3 = await recordingProxy({
        fn: fn.logicalId,
        service: 's3',
        upstream: o.s3Endpoint,
        principal,
        resourcePolicy: deployed.bucketPolicy,
        calls: wf.calls,
        onCall,
      });
      const dynamodb = await recordingProxy({
        fn: fn.logicalId,
        service: 'dynamodb',
        upstream: o.dynamoEndpoint,
        principal,
        calls: wf.calls,
        onCall,
      });
      wf.endpoints.set(fn.logicalId, { s3: s3.endpoint, dynamodb: dynamodb.endpoint });
      wf.closers.push(s3.close, dynamodb.close);
    }
    return wf;
  }

  /** The function behind a Task state, by the state's name (`Check`, `Fetch`, …). */
  functionOf(state: string): DeployedFunction {
    const task = findState(this.deployed.stateMachine.definition, state);
    const fn = task && this.deployed.functionsByArn.get(String(task.Resource));
    if (!fn) throw new Error(`no Lambda task ${state}`);
    return fn;
  }

  /** A function's environment as the template sets it, the HTTP budgets scaled, the endpoints local. */
  environmentOf(fn: DeployedFunction): NodeJS.ProcessEnv {
    const env: Record<string, string> = { ...fn.environment };
    for (const name of Object.values(HTTP_BUDGET_ENV)) {
      if (env[name] !== undefined)
        env[name] = String(Math.max(1, Math.round(Number(env[name]) * this.o.scale)));
    }
    // The bundle's reference tables sit next to it, as in /var/task.
    if (env.REFERENCE_DIR?.startsWith('/var/task/'))
      env.REFERENCE_DIR = join(fn.assetDir, env.REFERENCE_DIR.slice('/var/task/'.length));
    const endpoints = this.endpoints.get(fn.logicalId);
    return {
      PATH: process.env.PATH,
      ...NODE_PATH,
      ...env,
      ...(this.o.pipelineConfig ? { PIPELINE_CONFIG: this.o.pipelineConfig } : {}),
      ...LOCAL_CREDENTIALS,
      AWS_DEFAULT_REGION: REGION,
      AWS_LAMBDA_FUNCTION_NAME: fn.logicalId,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      S3_ENDPOINT: endpoints?.s3,
      DYNAMODB_ENDPOINT: endpoints?.dynamodb,
      EUROSTAT_BASE_URL: this.eurostatBaseUrl,
    };
  }

  /** The definition with every time scaled (TimeoutSeconds, Retry IntervalSeconds). */
  scaledDefinition(): Record<string, unknown> {
    const copy = structuredClone(this.deployed.stateMachine.definition);
    const visit = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(visit);
      else if (node && typeof node === 'object') {
        const o = node as Record<string, unknown>;
        if (typeof o.TimeoutSeconds === 'number') o.TimeoutSeconds *= this.o.scale;
        if (typeof o.IntervalSeconds === 'number') o.IntervalSeconds *= this.o.scale;
        Object.values(o).forEach(visit);
      }
    };
    visit(copy);
    return copy;
  }

  /**
   * Runs one execution. `timeoutS` replaces the definition's own (scaled) TimeoutSeconds; `onStart` gets
   * the execution's abort (StopExecution). An execution that does not succeed emits Step Functions'
   * "Execution Status Change" event, delivered through the template's EventBridge rules: an SNS target's
   * input is recorded in `notifications`, as the topic would get it.
   */
  async run(
    input: Record<string, unknown> | unknown[],
    name: string,
    options: { timeoutS?: number; onStart?: (abort: () => void) => void } = {},
  ): Promise<RunResult> {
    const invocations: RunResult['invocations'] = [];
    const machineArn = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${this.deployed.stateMachine.roleName}`;
    const handlers: Record<string, (input: unknown) => Promise<unknown>> = {};
    for (const [stateName, task] of taskStates(this.deployed.stateMachine.definition)) {
      handlers[stateName] = (event) => this.task(stateName, String(task.Resource), event, invocations);
    }
    const definition = this.scaledDefinition();
    if (options.timeoutS !== undefined) definition.TimeoutSeconds = options.timeoutS;
    const machine = new StateMachine(definition as never, {
      validationOptions: { noValidate: true },
    });
    const execution = machine.run(input as never, {
      overrides: { taskResourceLocalHandlers: handlers as never },
      context: {
        Execution: { Name: name, Id: `${machineArn.replace(':stateMachine:', ':execution:')}:${name}` },
        State: { EnteredTime: new Date().toISOString() },
      } as never,
    });
    options.onStart?.(() => execution.abort());
    const startDate = Date.now();
    let result: RunResult;
    try {
      result = {
        status: 'SUCCEEDED',
        output: (await execution.result) as Record<string, unknown>,
        invocations,
      };
    } catch (err) {
      if (err instanceof ExecutionTimeoutError) result = { status: 'TIMED_OUT', invocations };
      else if (err instanceof ExecutionAbortedError) result = { status: 'ABORTED', invocations };
      else if (err instanceof ExecutionError) {
        const cause = err.cause as Error;
        result = { status: 'FAILED', error: cause.name, cause: cause.message, invocations };
      } else throw err;
      // A timed-out or aborted execution's running task is stopped with it.
      if (result.status !== 'FAILED') for (const child of this.children) child.kill('SIGKILL');
    }
    // A failed Map leaves its other iterations running, as in AWS: let them end before the next run.
    await this.drain();
    if (result.status !== 'SUCCEEDED') this.executionEnded(result, name, input, startDate);
    return result;
  }

  /** The execution's end as EventBridge gets it, through the synthesized rules; SNS deliveries recorded. */
  private executionEnded(result: RunResult, name: string, input: unknown, startDate: number): void {
    const stateMachineArn = String(this.deployed.resolve({ Ref: this.machineId() }));
    const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
    const event = {
      version: '0',
      source: 'aws.states',
      'detail-type': 'Step Functions Execution Status Change',
      account: ACCOUNT,
      region: REGION,
      resources: [executionArn],
      detail: {
        executionArn,
        stateMachineArn,
        name,
        status: result.status,
        startDate,
        stopDate: Date.now(),
        input: JSON.stringify(input),
        output: null,
        error: result.error ?? null,
        cause: result.cause ?? null,
      },
    };
    for (const d of deliveries(this.deployed, event)) {
      if (d.targetArn.startsWith('arn:aws:sns:'))
        this.notifications.push({ topicArn: d.targetArn, message: d.input });
    }
  }

  private machineId(): string {
    const [id] = Object.entries(this.deployed.template.Resources).find(
      ([, r]) => r.Type === 'AWS::StepFunctions::StateMachine',
    ) ?? [''];
    return id;
  }

  private async task(state: string, resource: string, event: unknown, invocations: RunResult['invocations']) {
    const machine = {
      roleName: this.deployed.stateMachine.roleName,
      policies: this.deployed.stateMachine.policies,
    };
    const check = async (action: string, target: string, context: Record<string, string[]> = {}) => {
      const decision = await decide(machine, { action, resource: target, context });
      this.calls.push({
        fn: 'StateMachine',
        service: action.split(':')[0] as RecordedCall['service'],
        method: 'TASK',
        url: state,
        checks: [{ action, resource: target, context, decision }],
      });
      if (decision !== 'Allowed')
        throw new LambdaError('States.TaskFailed', `AccessDenied: ${action} on ${target}`);
    };
    if (resource === SNS_PUBLISH) {
      const p = event as { TopicArn: string; Subject?: string; Message: unknown };
      await check('sns:Publish', p.TopicArn);
      this.notifications.push({
        topicArn: p.TopicArn,
        ...(p.Subject ? { subject: p.Subject } : {}),
        message: p.Message,
      });
      return { MessageId: `local-${this.notifications.length}` };
    }
    if (resource === DYNAMODB_PUT || resource === DYNAMODB_DELETE) {
      const put = resource === DYNAMODB_PUT;
      const p = event as { TableName: string; Item?: Record<string, { S?: string }> };
      const key = (p.Item ?? (event as { Key: Record<string, { S?: string }> }).Key).pk?.S;
      await check(
        put ? 'dynamodb:PutItem' : 'dynamodb:DeleteItem',
        `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${p.TableName}`,
        { 'dynamodb:LeadingKeys': [String(key)] },
      );
      await this.dynamoItemTask(put ? new PutItemCommand(p as never) : new DeleteItemCommand(p as never));
      return {};
    }
    const fn = this.deployed.functionsByArn.get(resource);
    if (!fn) throw new Error(`Task ${state}: no local handler for ${resource}`);
    await check('lambda:InvokeFunction', resource);
    const own = this.childrenOf.get(fn.logicalId) ?? new Set<ChildProcess>();
    this.childrenOf.set(fn.logicalId, own);
    const track = { children: new Set<ChildProcess>(), invocations: [] as Invocation[], logs: this.logs };
    const promise = invokeBundled(
      fn,
      event,
      this.environmentOf(fn),
      fn.timeoutS * 1000 * this.o.scale,
      track,
    );
    for (const child of track.children) {
      own.add(child);
      this.children.add(child);
      child.on('exit', () => {
        own.delete(child);
        this.children.delete(child);
      });
    }
    const invocation = track.invocations[0] as Invocation;
    invocations.push(Object.assign(invocation, { event }));
    const attempt = invocations.filter((i) => i.fn === fn.logicalId).length;
    const answer = await promise;
    if (this.loseAnswerOf?.(state, attempt)) {
      invocation.outcome = 'Sandbox.Timedout (answer lost)';
      throw new LambdaError('Sandbox.Timedout', `Task timed out after ${fn.timeoutS} seconds (answer lost)`);
    }
    return this.answerOf ? this.answerOf(state, answer) : answer;
  }

  /** A direct DynamoDB integration's request, its failure named as Step Functions names it (`DynamoDB.<error>`). */
  private async dynamoItemTask(command: PutItemCommand | DeleteItemCommand): Promise<void> {
    const client = new DynamoDBClient({
      endpoint: this.o.dynamoEndpoint,
      region: REGION,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    try {
      await client.send(command as never);
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException)
        throw new LambdaError(`DynamoDB.${err.name}`, err.message);
      throw err;
    } finally {
      client.destroy();
    }
  }

  private async drain(): Promise<void> {
    const exits = [...this.children].map(
      (c) => new Promise((resolve) => (c.exitCode !== null ? resolve(null) : c.once('exit', resolve))),
    );
    await Promise.all(exits);
  }

  async close(): Promise<void> {
    for (const child of this.children) child.kill('SIGKILL');
    await Promise.all(this.closers.map((c) => c()));
  }
}

type State = Record<string, unknown> & { Type?: string; Resource?: string };

function taskStates(definition: Record<string, unknown>): [string, State][] {
  const out: [string, State][] = [];
  const visit = (d: { States?: Record<string, State> }) => {
    for (const [name, s] of Object.entries(d.States ?? {})) {
      if (s.Type === 'Task') out.push([name, s]);
      for (const b of (s.Branches as { States?: Record<string, State> }[]) ?? []) visit(b);
      if (s.ItemProcessor) visit(s.ItemProcessor as { States?: Record<string, State> });
      if (s.Iterator) visit(s.Iterator as { States?: Record<string, State> });
    }
  };
  visit(definition as { States?: Record<string, State> });
  return out;
}

export function findState(definition: Record<string, unknown>, name: string): State | undefined {
  return taskStates(definition).find(([n]) => n === name)?.[1];
}
