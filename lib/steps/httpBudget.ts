import { ConfigError } from '../errors.ts';
import type { RetryOptions } from '../eurostat/fetch/retry.ts';

/**
 * A step's HTTP time budget, from the environment variables the stack sets from its time-budget table
 * (lib/infra/timeBudgets.ts). Unset, the client's own defaults apply (the CLI, tests driving handlers).
 */
export const HTTP_BUDGET_ENV = {
  attemptMs: 'HTTP_ATTEMPT_TIMEOUT_MS',
  totalMs: 'HTTP_TOTAL_BUDGET_MS',
  retryBaseDelayMs: 'HTTP_RETRY_BASE_DELAY_MS',
} as const;

export interface HttpBudgetOptions {
  timeoutMs?: number;
  stallMs?: number;
  retry?: RetryOptions;
}

/**
 * The options for every upstream request of one invocation: one attempt's limit, and one deadline shared
 * by all of them (`totalMs` from now), so that retries, a bulk fallback and async polls together stay
 * inside the function's timeout.
 */
export function httpBudget(env: NodeJS.ProcessEnv = process.env, now = Date.now()): HttpBudgetOptions {
  const attemptMs = msOf(env, HTTP_BUDGET_ENV.attemptMs);
  const totalMs = msOf(env, HTTP_BUDGET_ENV.totalMs);
  const baseDelayMs = msOf(env, HTTP_BUDGET_ENV.retryBaseDelayMs);
  return {
    ...(attemptMs !== undefined ? { timeoutMs: attemptMs, stallMs: attemptMs } : {}),
    ...(totalMs !== undefined || baseDelayMs !== undefined
      ? {
          retry: {
            ...(totalMs !== undefined ? { budgetMs: totalMs, deadline: now + totalMs } : {}),
            ...(baseDelayMs !== undefined ? { baseDelayMs } : {}),
          },
        }
      : {}),
  };
}

function msOf(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) {
    throw new ConfigError(`environment variable ${name} is "${raw}", not a positive number of milliseconds`);
  }
  return n;
}
