import { randomUUID } from 'node:crypto';
import { Bucket } from '../aws/bucket.ts';
import { awsClients, requiredEnv } from '../aws/clients.ts';
import { StateRepository } from '../aws/stateRepository.ts';
import { parseConfig } from '../config/configuration.ts';
import { ConfigError } from '../errors.ts';
import { codeVersion } from '../fs/codeVersion.ts';
import { RUN_LEASE_ENV, type StepContext } from './stepContext.ts';

/**
 * Builds a step's context from the function's environment: BUCKET_NAME, TABLE_NAME, PIPELINE_CONFIG (the
 * validated configuration document as JSON), REFERENCE_DIR (the reference tables bundled with the compute function), CODE_VERSION, RUN_LEASE_S (the run
 * lease's expiry in seconds, the check function's).
 * Built once per container, on the first invocation.
 */
let cached: Promise<StepContext> | undefined;

export function stepContext(env: NodeJS.ProcessEnv = process.env): Promise<StepContext> {
  cached ??= build(env);
  return cached;
}

async function build(env: NodeJS.ProcessEnv): Promise<StepContext> {
  const { s3, ddb } = awsClients(env);
  const table = { ddb, name: requiredEnv('TABLE_NAME', env) };
  return {
    bucket: new Bucket(s3, requiredEnv('BUCKET_NAME', env)),
    table,
    state: new StateRepository(table),
    config: parseConfig(JSON.parse(requiredEnv('PIPELINE_CONFIG', env)), 'PIPELINE_CONFIG'),
    ...(env.REFERENCE_DIR ? { referenceDir: env.REFERENCE_DIR } : {}),
    ...(env[RUN_LEASE_ENV] ? { runLeaseS: secondsOf(env, RUN_LEASE_ENV) } : {}),
    now: () => new Date(),
    codeVersion: env.CODE_VERSION || (await codeVersion()),
  };
}

function secondsOf(env: NodeJS.ProcessEnv, name: string): number {
  const raw = env[name] ?? '';
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) {
    throw new ConfigError(`environment variable ${name} is "${raw}", not a positive whole number of seconds`);
  }
  return n;
}

/** For tests: forget the cached context (a new environment). */
export function resetStepContext(): void {
  cached = undefined;
}

/** A run id: the Step Functions execution name when given, else a fresh one (a run started by hand). */
export function newRunId(): string {
  return `manual-${randomUUID()}`;
}

/**
 * One structured log line per step (the functions log in Lambda's JSON format): what the step decided, so a
 * run can be followed in CloudWatch Logs Insights without reading payloads.
 */
export function logStep(step: string, detail: Record<string, unknown>): void {
  console.info(JSON.stringify({ step, ...detail }));
}
