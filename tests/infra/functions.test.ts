import { describe, expect, it } from 'vitest';
import { type StepName, TIME_BUDGETS } from '../../lib/infra/timeBudgets.ts';
import { buildStack, expectedGrants, logicalId, roleGrants, sampleConfig } from './support.ts';

const { stack, template } = buildStack();
const { check, fetch, compute, render, publish } = stack.handlers;
const bucket = stack.storage.bucket;
const table = stack.table.table;

const STEPS = { check, fetch, compute, render, publish };
const functionOf = (fn: (typeof STEPS)[keyof typeof STEPS]) =>
  template.findResources('AWS::Lambda::Function')[logicalId(fn)];
const roleId = (fn: (typeof STEPS)[keyof typeof STEPS]) => {
  if (!fn.role) throw new Error(`${fn.node.path} has no role`);
  return logicalId(fn.role);
};
const eachStep = Object.entries(STEPS).map(([name, fn]) => ({ name, fn }));

describe('PipelineFunction', () => {
  it('creates exactly the five step functions', () => {
    template.resourceCountIs('AWS::Lambda::Function', 5);
  });

  describe.each(eachStep)('$name', ({ fn }) => {
    const props = () => functionOf(fn)?.Properties;

    it('runs on Node.js 22 or newer', () => {
      const version = /^nodejs(\d+)\.x$/.exec(props()?.Runtime)?.[1];
      expect(Number(version)).toBeGreaterThanOrEqual(22);
    });

    it('runs on arm64', () => {
      expect(props()?.Architectures).toEqual(['arm64']);
    });

    it('traces with X-Ray (active)', () => {
      expect(props()?.TracingConfig).toEqual({ Mode: 'Active' });
    });

    it('logs JSON into its own log group kept one month', () => {
      expect(props()?.LoggingConfig).toEqual({
        LogFormat: 'JSON',
        LogGroup: { Ref: logicalId(fn.logGroup) },
      });
      expect(template.findResources('AWS::Logs::LogGroup')[logicalId(fn.logGroup)]?.Properties).toEqual({
        RetentionInDays: 30,
      });
    });

    it('exports `handler` from the ESM bundle', () => {
      expect(props()?.Handler).toBe('index.handler');
    });

    it('gets the bucket, the table, the validated configuration and source maps through its environment', () => {
      expect(props()?.Environment.Variables).toMatchObject({
        BUCKET_NAME: { Ref: logicalId(bucket) },
        TABLE_NAME: { Ref: logicalId(table) },
        PIPELINE_CONFIG: JSON.stringify(sampleConfig()),
        NODE_OPTIONS: '--enable-source-maps',
      });
    });

    it('has no reserved concurrency, no VPC (it needs internet egress) and no dead-letter queue', () => {
      expect(props()).not.toHaveProperty('ReservedConcurrentExecutions');
      expect(props()).not.toHaveProperty('VpcConfig');
      expect(props()).not.toHaveProperty('DeadLetterConfig');
    });

    it('uses its own role, with no managed policy (no AWSLambdaBasicExecutionRole)', () => {
      expect(props()?.Role).toEqual({ 'Fn::GetAtt': [roleId(fn), 'Arn'] });
      const role = template.findResources('AWS::IAM::Role')[roleId(fn)];
      expect(role?.Properties.ManagedPolicyArns).toBeUndefined();
    });

    it('may write logs to its own log group only', () => {
      const logGroupId = props()?.LoggingConfig.LogGroup.Ref;
      const logGrants = roleGrants(template, roleId(fn)).filter((g) => g.includes('logs:'));
      expect(logGrants).toEqual([
        `Allow logs:CreateLogStream on ${JSON.stringify({ 'Fn::GetAtt': [logGroupId, 'Arn'] })}`,
        `Allow logs:PutLogEvents on ${JSON.stringify({ 'Fn::GetAtt': [logGroupId, 'Arn'] })}`,
      ]);
    });
  });

  it('sizes each step (initial sizes): check 256 MB, fetch 512 MB, compute 1024 MB, render 1024 MB, publish 512 MB', () => {
    const sizes = Object.fromEntries(
      eachStep.map(({ name, fn }) => [name, functionOf(fn)?.Properties.MemorySize]),
    );
    expect(sizes).toEqual({ check: 256, fetch: 512, compute: 1024, render: 1024, publish: 512 });
  });

  it('takes each timeout from the time-budget table', () => {
    for (const { name, fn } of eachStep) {
      expect(functionOf(fn)?.Properties.Timeout, name).toBe(TIME_BUDGETS[name as StepName].functionTimeoutS);
    }
  });

  it('hands the steps that call upstream their HTTP budgets from the table, the others none', () => {
    for (const { name, fn } of eachStep) {
      const vars = functionOf(fn)?.Properties.Environment.Variables;
      const http = TIME_BUDGETS[name as StepName].http;
      expect(vars.HTTP_ATTEMPT_TIMEOUT_MS, name).toBe(http ? String(http.attemptMs) : undefined);
      expect(vars.HTTP_TOTAL_BUDGET_MS, name).toBe(http ? String(http.totalMs) : undefined);
    }
  });

  it('bundles the reference tables with the compute step only and points REFERENCE_DIR at them', () => {
    for (const { name, fn } of eachStep) {
      expect(functionOf(fn)?.Properties.Environment.Variables.REFERENCE_DIR, name).toBe(
        name === 'compute' ? '/var/task/reference' : undefined,
      );
    }
  });
});

describe('StepHandlers permissions', () => {
  const objects = (prefix: string) => bucket.arnForObjects(`${prefix}*`);
  const XRAY = { actions: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'], resources: ['*'] };
  const LOGS = (fn: (typeof STEPS)[keyof typeof STEPS]) => ({
    actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    resources: [fn.logGroup.logGroupArn],
  });
  const onTable = (...actions: string[]) => ({
    actions: actions.map((a) => `dynamodb:${a}`),
    resources: [table.tableArn],
  });
  const listUnder = (prefix: string) => ({
    actions: ['s3:ListBucket'],
    resources: [bucket.bucketArn],
    conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } },
  });
  const grantsOf = (fn: (typeof STEPS)[keyof typeof STEPS]) => roleGrants(template, roleId(fn));

  it('check: reads and writes its items (GetItem, PutItem, Query on the table), lists inbox/, reads and rewrites latest.json and index.json only', () => {
    const published = [
      bucket.arnForObjects('snapshots/index.json'),
      bucket.arnForObjects('snapshots/latest.json'),
    ];
    expect(grantsOf(check)).toEqual(
      expectedGrants(stack, [
        XRAY,
        LOGS(check),
        onTable('GetItem', 'PutItem', 'Query'),
        listUnder('inbox/'),
        { actions: ['s3:GetObject', 's3:PutObject'], resources: published },
        listUnder('snapshots/index.json'),
        listUnder('snapshots/latest.json'),
      ]),
    );
  });

  it('fetch: reads inbox/, lists inbox/ and raw/, writes and reads raw/, deletes and aborts uploads only in raw/tmp/, reads and writes the source state', () => {
    expect(grantsOf(fetch)).toEqual(
      expectedGrants(stack, [
        XRAY,
        LOGS(fetch),
        { actions: ['s3:GetObject'], resources: [objects('inbox/')] },
        listUnder('inbox/'),
        listUnder('raw/'),
        { actions: ['s3:PutObject', 's3:GetObject'], resources: [objects('raw/')] },
        { actions: ['s3:DeleteObject', 's3:AbortMultipartUpload'], resources: [objects('raw/tmp/')] },
        onTable('GetItem', 'PutItem'),
      ]),
    );
  });

  it('compute: reads raw/ and the published versions (for changes.json), writes staging/, reads the latest pointer, writes its run-ledger item', () => {
    expect(grantsOf(compute)).toEqual(
      expectedGrants(stack, [
        XRAY,
        LOGS(compute),
        { actions: ['s3:GetObject'], resources: [objects('raw/'), objects('snapshots/')] },
        { actions: ['s3:PutObject'], resources: [objects('staging/')] },
        onTable('GetItem', 'PutItem'),
      ]),
    );
  });

  it('render: reads and writes objects under staging/ only, and touches no table', () => {
    expect(grantsOf(render)).toEqual(
      expectedGrants(stack, [
        XRAY,
        LOGS(render),
        { actions: ['s3:GetObject', 's3:PutObject'], resources: [objects('staging/')] },
      ]),
    );
  });

  it('publish: moves staging/ into snapshots/ and writes the items (transaction: PutItem, ConditionCheckItem)', () => {
    expect(grantsOf(publish)).toEqual(
      expectedGrants(stack, [
        XRAY,
        LOGS(publish),
        { actions: ['s3:GetObject', 's3:DeleteObject'], resources: [objects('staging/')] },
        listUnder('staging/'),
        { actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], resources: [objects('snapshots/')] },
        listUnder('snapshots/'),
        onTable('GetItem', 'PutItem', 'BatchWriteItem', 'ConditionCheckItem', 'Query'),
      ]),
    );
  });

  it('lets no step but publish write under snapshots/, and check only latest.json and index.json (its repair)', () => {
    const writes = (fn: (typeof STEPS)[keyof typeof STEPS]) =>
      grantsOf(fn).filter((g) => g.includes('/snapshots/') && /s3:(Put|Delete|Abort)/.test(g));
    for (const fn of [fetch, compute, render]) expect(writes(fn)).toEqual([]);
    for (const g of writes(check)) expect(g).toMatch(/\/snapshots\/(index|latest)\.json"/);
    expect(writes(check)).toHaveLength(2);
  });

  it('grants no step any wildcard action', () => {
    for (const fn of Object.values(STEPS)) {
      expect(grantsOf(fn).filter((g) => /^Allow \S*\*/.test(g))).toEqual([]);
    }
  });
});
