import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { Configuration } from '../config/configuration.ts';
import { KEY, PREFIX } from '../model/bucketKeys.ts';
import { acknowledge, nagValue } from './nag.ts';
import { PipelineFunction } from './pipelineFunction.ts';
import { httpBudgetEnvironment, type StepName, TIME_BUDGETS } from './timeBudgets.ts';

export interface StepHandlersProps {
  readonly bucket: s3.IBucket;
  readonly table: dynamodb.ITable;
  readonly config: Configuration;
  /** The code version recorded in manifests (the CLI's `codeVersion()`), so both compute the same fingerprint. */
  readonly codeVersion?: string;
}

/** Where the Eurostat downloads are stored, content-addressed (lib/eurostat/fetch/sinks.ts `rawKey`). */

/** Lambda's limit on all environment variables of a function together. */
const ENVIRONMENT_LIMIT_BYTES = 4096;

/**
 * The five workflow steps, each with its own role holding exactly the S3 keys and DynamoDB actions it uses.
 * Memory sizes are initial sizes, to be revised from measurement (CloudWatch `REPORT` lines); timeouts and
 * HTTP budgets come from the time-budget table (timeBudgets.ts).
 */
export class StepHandlers extends Construct {
  readonly check: PipelineFunction;
  readonly fetch: PipelineFunction;
  readonly compute: PipelineFunction;
  readonly render: PipelineFunction;
  readonly publish: PipelineFunction;

  constructor(scope: Construct, id: string, props: StepHandlersProps) {
    super(scope, id);
    const { bucket, table } = props;
    const environment = {
      BUCKET_NAME: bucket.bucketName,
      TABLE_NAME: table.tableName,
      PIPELINE_CONFIG: JSON.stringify(props.config),
      ...(props.codeVersion ? { CODE_VERSION: props.codeVersion } : {}),
    };
    if (Buffer.byteLength(environment.PIPELINE_CONFIG) > ENVIRONMENT_LIMIT_BYTES - 512) {
      throw new Error(
        `The pipeline configuration is ${Buffer.byteLength(environment.PIPELINE_CONFIG)} bytes as JSON; ` +
          `Lambda allows ${ENVIRONMENT_LIMIT_BYTES} bytes of environment variables per function. ` +
          'Shorten it (fewer filters or ignoreCodes) or move it to an object in the bucket.',
      );
    }

    const timing = (step: StepName) => ({
      timeout: Duration.seconds(TIME_BUDGETS[step].functionTimeoutS),
      environment: { ...environment, ...httpBudgetEnvironment(step) },
    });
    // Only compute reads the reference tables (NACE structure, default ecosystem mapping).
    this.check = new PipelineFunction(this, 'Check', {
      entry: 'lambdas/check.ts',
      description: 'Start of a run: which sources changed; writes the run ledger',
      memorySize: 256,
      ...timing('check'),
      referenceFiles: false,
    });
    this.fetch = new PipelineFunction(this, 'Fetch', {
      entry: 'lambdas/fetch.ts',
      description: 'Fetches one source (Eurostat over HTTPS, or the bucket inbox/) into raw/',
      memorySize: 512,
      ...timing('fetch'),
      referenceFiles: false,
    });
    this.compute = new PipelineFunction(this, 'Compute', {
      entry: 'lambdas/compute.ts',
      description: 'Recomputes the statistics from raw/ and stages the snapshot under staging/',
      memorySize: 1024,
      ...timing('compute'),
      referenceFiles: true,
    });
    // Its own function: the charting library stays out of the compute bundle.
    this.render = new PipelineFunction(this, 'Render', {
      entry: 'lambdas/render.ts',
      description: 'Renders the factsheet pages and figures of the staged snapshot into staging/',
      memorySize: 1024,
      ...timing('render'),
      referenceFiles: false,
    });
    this.publish = new PipelineFunction(this, 'Publish', {
      entry: 'lambdas/publish.ts',
      description: 'Publishes a staged snapshot under snapshots/ and flips the latest pointer',
      memorySize: 512,
      ...timing('publish'),
      referenceFiles: false,
    });

    const objects = (prefix: string) => bucket.arnForObjects(`${prefix}*`);
    const listUnder = (prefix: string) =>
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } },
      });
    const onTable = (...actions: string[]) =>
      new iam.PolicyStatement({ actions: actions.map((a) => `dynamodb:${a}`), resources: [table.tableArn] });

    // check: per-source state and the inbox listing in (plus Eurostat's catalogue), a run-ledger item out.
    this.check.addToRolePolicy(onTable('GetItem', 'PutItem', 'Query'));
    this.check.addToRolePolicy(listUnder(PREFIX.inputs));

    // fetch: the bucket's inbox/ and the source's state in, raw/ objects and the state out.
    this.fetch.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [objects(PREFIX.inputs)] }),
    );
    this.fetch.addToRolePolicy(listUnder(PREFIX.inputs));
    // Downloads stream to raw/tmp/ (multipart), are copied to their content address and the temporary
    // object deleted; the first line of a download is read back for the structure check.
    this.fetch.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject', 's3:GetObject'],
        resources: [objects(PREFIX.raw)],
      }),
    );
    // A failed streamed download aborts its multipart upload to raw/tmp/ before deleting it.
    this.fetch.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:DeleteObject', 's3:AbortMultipartUpload'],
        resources: [objects(KEY.rawTmp)],
      }),
    );
    // Whether a content-addressed object is already stored: a listing of its exact key.
    this.fetch.addToRolePolicy(listUnder(PREFIX.raw));
    this.fetch.addToRolePolicy(onTable('GetItem', 'PutItem'));

    // compute: raw/, the latest pointer and the previous version's files (for changes.json) in, staging/ and
    // (unchanged run) a run-ledger item out.
    this.compute.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [objects(PREFIX.raw), objects(PREFIX.snapshots)],
      }),
    );
    this.compute.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [objects(PREFIX.staging)] }),
    );
    this.compute.addToRolePolicy(onTable('GetItem', 'PutItem'));

    // render: the staged manifest, tables and page input in; the pages, figures and manifest out.
    this.render.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject'],
        resources: [objects(PREFIX.staging)],
      }),
    );

    // publish: staging/ moved to snapshots/ (latest.json and index.json rewritten), then the items. The
    // transaction is no IAM action of its own: each item in it needs its action (Put → PutItem,
    // ConditionCheck → ConditionCheckItem). index.json is rebuilt from a Query of the snapshot items. A run
    // that loses the pointer race removes the files it wrote under snapshots/<version>/ (List + Delete);
    // published versions stay recoverable through the bucket's versioning.
    this.publish.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:DeleteObject'],
        resources: [objects(PREFIX.staging)],
      }),
    );
    this.publish.addToRolePolicy(listUnder(PREFIX.staging));
    this.publish.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        resources: [objects(PREFIX.snapshots)],
      }),
    );
    this.publish.addToRolePolicy(listUnder(PREFIX.snapshots));
    this.publish.addToRolePolicy(
      onTable('GetItem', 'PutItem', 'BatchWriteItem', 'ConditionCheckItem', 'Query'),
    );

    // The grants sit on each function's own role (a sibling construct, see PipelineFunction).
    const roleOf = (fn: PipelineFunction) => fn.role as iam.IRole;
    for (const fn of this.all) {
      acknowledge(roleOf(fn), {
        'AwsSolutions-IAM5[Resource::*]':
          'X-Ray: xray:PutTraceSegments and xray:PutTelemetryRecords do not support resource-level ' +
          'permissions, so active tracing needs Resource "*".',
      });
      acknowledge(fn, {
        'Serverless-LambdaDLQ':
          'Invoked synchronously by Step Functions only (never asynchronously): a failure returns to the ' +
          'state machine, which retries and records it in the table; the ExecutionFailures rule reports it. ' +
          'A dead-letter queue applies to asynchronous invocations.',
      });
    }
    const wildcard = (fn: PipelineFunction, prefix: string, reason: string) =>
      acknowledge(roleOf(fn), {
        [`AwsSolutions-IAM5[Resource::${nagValue(this, objects(prefix))}]`]: reason,
      });
    wildcard(
      this.fetch,
      PREFIX.inputs,
      'Reads the files a person drops under inbox/ (ECCP list, policy facts, mapping), whose names are not ' +
        'known when deploying; read only, and only below inbox/.',
    );
    wildcard(
      this.fetch,
      PREFIX.raw,
      'Writes raw source bytes under content-addressed keys (raw/<source>/<hash>), known only once fetched, ' +
        'and reads a download back for the structure check; only below raw/.',
    );
    wildcard(
      this.fetch,
      KEY.rawTmp,
      'Deletes (or aborts the multipart upload of) the temporary object a streamed download is written ' +
        'to before it is copied to its content-addressed key; only below raw/tmp/.',
    );
    wildcard(
      this.compute,
      PREFIX.raw,
      'Reads the raw objects named in the fetch results (content-addressed keys below raw/, known only at ' +
        'run time); read only.',
    );
    wildcard(
      this.compute,
      PREFIX.snapshots,
      'Reads the files of the previous published version (snapshots/<version>/, known only at run time) to ' +
        'write the change history (changes.json); read only.',
    );
    wildcard(
      this.compute,
      PREFIX.staging,
      'Writes the staged snapshot below staging/<version>/, the version being computed at run time; write ' +
        'only, and only below staging/.',
    );
    wildcard(
      this.render,
      PREFIX.staging,
      'Reads the staged snapshot of the version being rendered and writes its pages, figures and ' +
        'manifest below staging/<version>/, the version known only at run time; only below staging/.',
    );
    wildcard(
      this.publish,
      PREFIX.staging,
      'Reads and then deletes the staged files of the version being published (staging/<version>/, known ' +
        'only at run time).',
    );
    wildcard(
      this.publish,
      PREFIX.snapshots,
      'Writes the new version below snapshots/<version>/ (known only at run time), rewrites ' +
        'snapshots/latest.json and index.json, and removes its own files there when another run published ' +
        'first; overwritten or deleted objects stay recoverable through bucket versioning.',
    );
  }

  get all(): PipelineFunction[] {
    return [this.check, this.fetch, this.compute, this.render, this.publish];
  }
}
