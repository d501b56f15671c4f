import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { REFERENCE_FILE_NAMES } from '../classifications/referenceTables.ts';
import { LAMBDA_ESBUILD_ARGS } from './lambdaBundling.ts';

/** The project root: the folder holding `package-lock.json`, `lambdas/` and `data/`. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The runtime of every handler, and the esbuild target that goes with it. */
export const RUNTIME = lambda.Runtime.NODEJS_24_X;
const ESBUILD_TARGET = 'node24';

/** Reference tables copied next to the bundle of the handlers that need them (see `referenceFiles`). */
export const REFERENCE_FILES = REFERENCE_FILE_NAMES;
/** Where those files are inside the deployed function (`/var/task` is the bundle's folder). */
export const LAMBDA_REFERENCE_DIR = '/var/task/reference';

/** Lets the ESM bundle load the CommonJS modules esbuild leaves as `require` calls. */
const REQUIRE_BANNER =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

export interface PipelineFunctionProps {
  /** Handler file, relative to the project root, e.g. `lambdas/check.ts` (exporting `handler`). */
  readonly entry: string;
  readonly description: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly environment: Record<string, string>;
  /** Copy `data/reference/{REFERENCE_FILES}` into the bundle's `reference/` folder and set `REFERENCE_DIR`. */
  readonly referenceFiles?: boolean;
}

/**
 * A workflow step's Lambda function with the project's defaults: latest Node.js runtime on arm64, X-Ray
 * tracing, JSON logs into its own log group kept one month (its role may write to that group only: no
 * AWSLambdaBasicExecutionRole, whose grant is every log group of the account), and an ESM bundle that includes the AWS SDK (so the
 * SDK version is the one in package-lock.json, not whatever the runtime ships). Bundled by the local
 * esbuild, no Docker.
 */
export class PipelineFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, { retention: logs.RetentionDays.ONE_MONTH });
    const role = new iam.Role(scope, `${id}Role`, {
      description: `The ${id} step's function: its own log group, plus the grants of its step`,
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    // The log group ARN ends in `:*`: its log streams, which the runtime creates and writes.
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    super(scope, id, {
      role,
      entry: path.join(PROJECT_ROOT, props.entry),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      description: props.description,
      runtime: RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      tracing: lambda.Tracing.ACTIVE,
      loggingFormat: lambda.LoggingFormat.JSON,
      logGroup,
      environment: {
        ...props.environment,
        NODE_OPTIONS: '--enable-source-maps',
        ...(props.referenceFiles ? { REFERENCE_DIR: LAMBDA_REFERENCE_DIR } : {}),
      },
      bundling: {
        minify: true,
        sourceMap: true,
        format: OutputFormat.ESM,
        target: ESBUILD_TARGET,
        mainFields: ['module', 'main'],
        banner: REQUIRE_BANNER,
        externalModules: [],
        // axios without form-data (and mime-db), and the credential chain cut to Lambda's: lambdaBundling.ts.
        esbuildArgs: { ...LAMBDA_ESBUILD_ARGS },
        ...(props.referenceFiles ? { commandHooks: copyReferenceFiles } : {}),
      },
    });
  }
}

const copyReferenceFiles = {
  beforeBundling: (): string[] => [],
  beforeInstall: (): string[] => [],
  afterBundling: (inputDir: string, outputDir: string): string[] => [
    `mkdir -p "${outputDir}/reference"`,
    ...REFERENCE_FILES.map(
      (file) => `cp "${inputDir}/data/reference/${file}" "${outputDir}/reference/${file}"`,
    ),
  ],
};
