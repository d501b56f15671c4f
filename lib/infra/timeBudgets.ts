import { HTTP_BUDGET_ENV } from '../steps/httpBudget.ts';

/**
 * Every time limit of a workflow step, in one table: the function's timeout, the HTTP budgets its handler
 * gets (through environment variables, see `httpBudgetEnvironment`), and the Task's `TimeoutSeconds`.
 *
 * The rule the numbers keep (checked by tests/infra/timeBudgets.test.ts, for every step):
 *
 *   last HTTP attempt ends  ≤  totalMs + attemptMs          (no attempt starts after the budget)
 *   handler returns          ≤  that + storageMarginS        (the S3 / DynamoDB work after it)
 *                            <  functionTimeoutS             (so the step fails as a TransientError, retried)
 *   + Lambda's 10 s init limit <  taskTimeoutS                 (Lambda kills it first: Sandbox.Timedout, retried)
 *
 * The body of a download is bounded by its stall limit (`attemptMs` without a byte), not by a total: a
 * large, slow but steady transfer may still reach the function's timeout, which is then retried like any
 * transient failure.
 */
export interface HttpBudget {
  /** Connect + first byte of one request, and the longest pause mid-body (timeoutMs = stallMs). */
  readonly attemptMs: number;
  /** All requests of one invocation: no attempt (retry, fallback, async poll) starts after this. */
  readonly totalMs: number;
  /** First backoff cap between attempts (doubles per retry). */
  readonly retryBaseDelayMs: number;
}

export interface StepBudget {
  /** The Lambda function's timeout. */
  readonly functionTimeoutS: number;
  /**
   * The Task state's TimeoutSeconds: above the function's by more than Lambda's 10 s init limit (the
   * Task's clock includes a cold start), so the function's own timeout comes first.
   */
  readonly taskTimeoutS: number;
  /** Time kept for the storage work that follows (or precedes) the HTTP requests. */
  readonly storageMarginS: number;
  /** Absent: the step makes no HTTP request upstream. */
  readonly http?: HttpBudget;
}

/** Lambda's limit on a function's init phase (loading the module), which a Task's clock also counts. */
export const LAMBDA_INIT_LIMIT_S = 10;

export type StepName = 'check' | 'fetch' | 'compute' | 'render' | 'publish';

export const TIME_BUDGETS: Readonly<Record<StepName, StepBudget>> = {
  // The catalogue only (a few MB); without it the run falls back to conditional requests, so it is
  // given up early rather than waited for.
  check: {
    functionTimeoutS: 60,
    taskTimeoutS: 80,
    storageMarginS: 15,
    http: { attemptMs: 10_000, totalMs: 30_000, retryBaseDelayMs: 1_000 },
  },
  fetch: {
    functionTimeoutS: 300,
    taskTimeoutS: 320,
    storageMarginS: 90,
    http: { attemptMs: 30_000, totalMs: 120_000, retryBaseDelayMs: 1_000 },
  },
  compute: { functionTimeoutS: 300, taskTimeoutS: 320, storageMarginS: 240 },
  // ECharts server-side rendering of every country's page and figures: seconds, CPU-bound.
  render: { functionTimeoutS: 300, taskTimeoutS: 320, storageMarginS: 240 },
  publish: { functionTimeoutS: 300, taskTimeoutS: 320, storageMarginS: 240 },
};

/** The environment variables that carry a step's HTTP budget to its handler (read by `httpBudget`). */
export { HTTP_BUDGET_ENV };

export function httpBudgetEnvironment(step: StepName): Record<string, string> {
  const http = TIME_BUDGETS[step].http;
  if (!http) return {};
  return {
    [HTTP_BUDGET_ENV.attemptMs]: String(http.attemptMs),
    [HTTP_BUDGET_ENV.totalMs]: String(http.totalMs),
    [HTTP_BUDGET_ENV.retryBaseDelayMs]: String(http.retryBaseDelayMs),
  };
}

/** Worst case until the handler returns, in seconds, when every upstream request fails slowly. */
export function worstCaseHandlerS(b: StepBudget): number {
  const http = b.http ? (b.http.totalMs + b.http.attemptMs) / 1000 : 0;
  return http + b.storageMarginS;
}

/** The inequalities above, as readable failures (empty when the step's budget holds). */
export function budgetViolations(step: StepName, b: StepBudget = TIME_BUDGETS[step]): string[] {
  const out: string[] = [];
  const worst = worstCaseHandlerS(b);
  if (!(worst < b.functionTimeoutS)) {
    out.push(
      `${step}: the handler may run ${worst} s, not less than its function timeout ${b.functionTimeoutS} s`,
    );
  }
  if (!(b.functionTimeoutS + LAMBDA_INIT_LIMIT_S < b.taskTimeoutS)) {
    out.push(
      `${step}: TimeoutSeconds ${b.taskTimeoutS} s is not above the function timeout ${b.functionTimeoutS} s plus the ${LAMBDA_INIT_LIMIT_S} s init limit`,
    );
  }
  if (b.functionTimeoutS > 900) out.push(`${step}: Lambda allows at most 900 s, not ${b.functionTimeoutS} s`);
  if (b.http && !(b.http.attemptMs < b.http.totalMs)) {
    out.push(`${step}: one attempt (${b.http.attemptMs} ms) is not shorter than the total budget`);
  }
  return out;
}

/** TimeoutSeconds of the direct service integrations (SNS Publish, DynamoDB PutItem): one small request. */
export const SERVICE_TASK_TIMEOUT_S = 30;

/**
 * The state machine's retries of a failed step (Retry fields). A TransientError has already been retried
 * inside the step for `http.totalMs`; the state machine tries it twice more, after waits long enough for a
 * short upstream outage to pass. Lambda's own faults (throttling, service errors, timeouts) get the usual
 * short backoff.
 */
export const STEP_RETRIES = {
  service: { intervalS: 2, backoffRate: 2, maxAttempts: 4 },
  transient: { intervalS: 30, backoffRate: 2, maxAttempts: 2 },
} as const;

/** Longest wait of one retrier with full jitter: the sum of its intervals (each at most interval × rate^n). */
function retryWaitsS(r: { intervalS: number; backoffRate: number; maxAttempts: number }): number {
  let total = 0;
  for (let n = 0; n < r.maxAttempts; n++) total += r.intervalS * r.backoffRate ** n;
  return total;
}

/** One step at its worst: every transient retry taken to its Task timeout, every wait at its longest. */
export function worstCaseStepS(step: StepName): number {
  const attempts = 1 + STEP_RETRIES.transient.maxAttempts;
  return (
    attempts * TIME_BUDGETS[step].taskTimeoutS +
    retryWaitsS(STEP_RETRIES.transient) +
    retryWaitsS(STEP_RETRIES.service)
  );
}

/**
 * The direct service tasks of one run, each with its retries: at most Notify, RecordFailure (Notify failed)
 * and the lease's release.
 */
const SERVICE_TASKS_PER_RUN = 3;

/**
 * One run from its Check to its end, at its worst: each step's worst case (the fetch step once per wave of
 * the Map's concurrency), plus the direct service tasks.
 */
export function worstCaseRunS(fetchWaves: number): number {
  const steps = (['check', 'compute', 'render', 'publish'] as const).map(worstCaseStepS);
  const service =
    SERVICE_TASKS_PER_RUN *
    ((1 + STEP_RETRIES.service.maxAttempts) * SERVICE_TASK_TIMEOUT_S + retryWaitsS(STEP_RETRIES.service));
  return steps.reduce((a, b) => a + b, 0) + fetchWaves * worstCaseStepS('fetch') + service;
}

/** How often a run that found the run lease held asks again (Check's Retry on RunInProgressError). */
export const LEASE_RETRY_INTERVAL_S = 60;

/**
 * Check's Retry while another run holds the lease: every LEASE_RETRY_INTERVAL_S, without backoff or jitter
 * (so the waits add up exactly), for as long as one whole run at its worst: the holder took the lease at its
 * own Check, so it ends (and releases it) within that time unless it was killed.
 */
export function leaseRetry(fetchWaves: number) {
  const maxAttempts = Math.ceil(worstCaseRunS(fetchWaves) / LEASE_RETRY_INTERVAL_S);
  return { intervalS: LEASE_RETRY_INTERVAL_S, backoffRate: 1, maxAttempts } as const;
}

/** The longest a run waits for the lease before it fails with RunInProgressError. */
export function leaseWaitS(fetchWaves: number): number {
  const r = leaseRetry(fetchWaves);
  return r.intervalS * r.maxAttempts;
}

/**
 * The state machine's own timeout: a run's wait for the lease plus the run at its worst, with a quarter more
 * for what the table does not count (state transitions, Map scheduling, cold starts between attempts), rounded
 * up to whole quarter hours. Past it, Step Functions stops the execution as TIMED_OUT, which no Catch sees:
 * the failure rule reports it. It is also the lease's expiry: an execution cannot outlive it, so a lease its
 * run never released (an abort, a timeout) is free again by then.
 */
export function executionTimeoutS(fetchWaves: number): number {
  const quarter = 900;
  return Math.ceil((1.25 * (leaseWaitS(fetchWaves) + worstCaseRunS(fetchWaves))) / quarter) * quarter;
}
