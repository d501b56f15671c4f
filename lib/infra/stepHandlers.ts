import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { Configuration } from '../config/configuration.ts';
import { RUN_LEASE_ENV } from '../steps/stepContext.ts';
import { acknowledge, nagValue } from './nag.ts';
import { PipelineFunction } from './pipelineFunction.ts';
import { EVERY_STEP, STEP_GRANTS, type StepGrant } from './stepGrants.ts';
import { httpBudgetEnvironment, type StepName, TIME_BUDGETS } from './timeBudgets.ts';

export interface StepHandlersProps {
  readonly bucket: s3.IBucket;
  readonly table: dynamodb.ITable;
  readonly config: Configuration;
  /** The code version recorded in manifests (the CLI's `codeVersion()`), so both compute the same fingerprint. */
  readonly codeVersion?: string;
  /**
   * Seconds the check step takes the run lease for: the state machine's timeout, so that a run killed without
   * releasing it holds it no longer than an execution can last.
   */
  readonly runLeaseS: number;
}

/** Lambda's limit on all environment variables of a function together. */
const ENVIRONMENT_LIMIT_BYTES = 4096;

/**
 * Each step's function. Memory sizes are initial sizes, to be revised from measurement (CloudWatch `REPORT`
 * lines). Only compute reads the reference tables (NACE structure, default ecosystem mapping); render is a
 * function of its own so that the charting library stays out of the compute bundle.
 */
const STEP_FUNCTIONS: Readonly<
  Record<StepName, { id: string; description: string; memorySize: number; referenceFiles: boolean }>
> = {
  check: {
    id: 'Check',
    description: 'Start of a run: which sources changed; writes the run ledger',
    memorySize: 256,
    referenceFiles: false,
  },
  fetch: {
    id: 'Fetch',
    description: 'Fetches one source (Eurostat over HTTPS, or the bucket inbox/) into raw/',
    memorySize: 512,
    referenceFiles: false,
  },
  compute: {
    id: 'Compute',
    description: 'Recomputes the statistics from raw/ and stages the snapshot under staging/',
    memorySize: 1024,
    referenceFiles: true,
  },
  render: {
    id: 'Render',
    description: 'Renders the factsheet pages and figures of the staged snapshot into staging/',
    memorySize: 1024,
    referenceFiles: false,
  },
  publish: {
    id: 'Publish',
    description: 'Publishes a staged snapshot under snapshots/ and flips the latest pointer',
    memorySize: 512,
    referenceFiles: false,
  },
};

/**
 * The five workflow steps, each with its own role holding exactly what its row of STEP_GRANTS (stepGrants.ts)
 * allows, acknowledged with that row's reasons. Timeouts and HTTP budgets come from the time-budget table
 * (timeBudgets.ts).
 */
export class StepHandlers extends Construct {
  readonly check: PipelineFunction;
  readonly fetch: PipelineFunction;
  readonly compute: PipelineFunction;
  readonly render: PipelineFunction;
  readonly publish: PipelineFunction;

  constructor(scope: Construct, id: string, props: StepHandlersProps) {
    super(scope, id);
    const environment = stepEnvironment(props);
    const make = (step: StepName) => {
      const lease: Record<string, string> =
        step === 'check' ? { [RUN_LEASE_ENV]: String(props.runLeaseS) } : {};
      const fn = this.stepFunction(step, { ...environment, ...lease });
      this.grant(fn, STEP_GRANTS[step], props);
      return fn;
    };
    this.check = make('check');
    this.fetch = make('fetch');
    this.compute = make('compute');
    this.render = make('render');
    this.publish = make('publish');
  }

  get all(): PipelineFunction[] {
    return [this.check, this.fetch, this.compute, this.render, this.publish];
  }

  private stepFunction(step: StepName, environment: Record<string, string>): PipelineFunction {
    const { id, ...spec } = STEP_FUNCTIONS[step];
    const fn = new PipelineFunction(this, id, {
      entry: `lambdas/${step}.ts`,
      ...spec,
      timeout: Duration.seconds(TIME_BUDGETS[step].functionTimeoutS),
      environment: { ...environment, ...httpBudgetEnvironment(step) },
    });
    acknowledge(fn, EVERY_STEP.function);
    // The grants sit on each function's own role (a sibling construct, see PipelineFunction).
    acknowledge(fn.role as iam.IRole, EVERY_STEP.role);
    return fn;
  }

  /** The step's grants as statements on its role; each object wildcard acknowledged with the grant's reason. */
  private grant(fn: PipelineFunction, grants: readonly StepGrant[], props: StepHandlersProps): void {
    const { bucket, table } = props;
    for (const g of grants) {
      if ('table' in g) {
        const actions = g.table.map((a) => `dynamodb:${a}`);
        fn.addToRolePolicy(new iam.PolicyStatement({ actions, resources: [table.tableArn] }));
      } else if ('listUnder' in g) {
        fn.addToRolePolicy(
          new iam.PolicyStatement({
            actions: ['s3:ListBucket'],
            resources: [bucket.bucketArn],
            conditions: { StringLike: { 's3:prefix': [`${g.listUnder}*`] } },
          }),
        );
      } else if ('keys' in g) {
        const actions = g.objects.map((a) => `s3:${a}`);
        const resources = g.keys.map((k) => bucket.arnForObjects(k));
        fn.addToRolePolicy(new iam.PolicyStatement({ actions, resources }));
      } else {
        const objects = bucket.arnForObjects(`${g.prefix}*`);
        const actions = g.objects.map((a) => `s3:${a}`);
        fn.addToRolePolicy(new iam.PolicyStatement({ actions, resources: [objects] }));
        acknowledge(fn.role as iam.IRole, {
          [`AwsSolutions-IAM5[Resource::${nagValue(this, objects)}]`]: g.why,
        });
      }
    }
  }
}

/** The environment every step shares: where the bucket and table are, and the validated configuration. */
function stepEnvironment(props: StepHandlersProps): Record<string, string> {
  const environment = {
    BUCKET_NAME: props.bucket.bucketName,
    TABLE_NAME: props.table.tableName,
    PIPELINE_CONFIG: JSON.stringify(props.config),
    ...(props.codeVersion ? { CODE_VERSION: props.codeVersion } : {}),
  };
  const bytes = Buffer.byteLength(environment.PIPELINE_CONFIG);
  if (bytes > ENVIRONMENT_LIMIT_BYTES - 512) {
    throw new Error(
      `The pipeline configuration is ${bytes} bytes as JSON; ` +
        `Lambda allows ${ENVIRONMENT_LIMIT_BYTES} bytes of environment variables per function. ` +
        'Shorten it (fewer filters or ignoreCodes) or move it to an object in the bucket.',
    );
  }
  return environment;
}
