import pRetry from 'p-retry';
import { TransientError } from './errors.ts';

export interface RetryOptions {
  /** Attempts in all, the first included. Default 4. */
  maxAttempts?: number;
  /** Cap of the first backoff; it doubles per retry. Default 1000 ms. */
  baseDelayMs?: number;
  /** Largest backoff cap. Default 30 s. */
  maxDelayMs?: number;
  /** Total time budget from the first attempt: no attempt starts after it. Default 120 s. */
  budgetMs?: number;
  /** An absolute deadline (same clock as `now`) shared by several calls: no attempt starts after it. */
  deadline?: number;
  /** Waits between attempts (tests inject one that records the delays and returns at once). */
  sleep?: (ms: number) => Promise<void>;
  /** Clock for the budget, in ms (tests inject one that `sleep` advances). Default `Date.now`. */
  now?: () => number;
  /** Uniform random in [0, 1) for the jitter. Default `Math.random`. */
  random?: () => number;
}

export type ResolvedRetryOptions = Required<RetryOptions>;

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function resolveRetryOptions(o: RetryOptions = {}): ResolvedRetryOptions {
  return {
    maxAttempts: o.maxAttempts ?? 4,
    baseDelayMs: o.baseDelayMs ?? 1000,
    maxDelayMs: o.maxDelayMs ?? 30_000,
    budgetMs: o.budgetMs ?? 120_000,
    deadline: o.deadline ?? Number.POSITIVE_INFINITY,
    sleep: o.sleep ?? realSleep,
    now: o.now ?? Date.now,
    random: o.random ?? Math.random,
  };
}

/** Full jitter: uniform in [0, min(maxDelayMs, baseDelayMs × 2^(retry−1))). `retry` counts from 1. */
export function backoffDelay(retry: number, o: ResolvedRetryOptions): number {
  const cap = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(o.random() * cap);
}

/**
 * A `Retry-After` header value in ms: delta-seconds or an HTTP date (relative to `now`); undefined when
 * absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Runs `attempt` until it succeeds, retrying TransientError only: after a backoff with full jitter, or after
 * the server's `Retry-After` when the error carries one. Stops at `maxAttempts`, or when the next attempt
 * would start after `budgetMs` (a `Retry-After` beyond the remaining budget stops at once). Any other error
 * is thrown as it is, at once. When the retries are exhausted the last TransientError is thrown again as a
 * TransientError that says how many attempts were made.
 *
 * p-retry runs the loop; its own delay is switched off (`minTimeout: 0`) and the wait happens in
 * `shouldRetry`, where the budget is known, so that it is injectable and honours `Retry-After`.
 */
export async function withRetry<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  options?: RetryOptions,
): Promise<T> {
  const o = resolveRetryOptions(options);
  const started = o.now();
  const deadline = Math.min(started + o.budgetMs, o.deadline);
  let attempts = 0;
  let stopReason = '';
  try {
    return await pRetry(
      (n) => {
        attempts = n;
        return attempt(n);
      },
      {
        retries: Math.max(0, o.maxAttempts - 1),
        minTimeout: 0,
        maxTimeout: 0,
        randomize: false,
        shouldRetry: async ({ error, retriesConsumed }) => {
          if (!(error instanceof TransientError)) return false;
          const delay = error.retryAfterMs ?? backoffDelay(retriesConsumed + 1, o);
          const remaining = deadline - o.now();
          if (delay >= remaining) {
            stopReason =
              error.retryAfterMs !== undefined
                ? `Retry-After of ${delay} ms is beyond the remaining budget of ${Math.max(0, remaining)} ms`
                : `the time budget of ${o.budgetMs} ms is spent`;
            return false;
          }
          await o.sleep(delay);
          return true;
        },
      },
    );
  } catch (err) {
    if (err instanceof TransientError) {
      const why = stopReason ? ` (${stopReason})` : '';
      throw new TransientError(`${err.reason}; gave up after ${attempts} attempt(s)${why}`, {
        dataset: err.dataset,
        url: err.url,
        status: err.status,
        eurostatMessage: err.eurostatMessage,
        retryAfterMs: err.retryAfterMs,
        cause: err,
      });
    }
    throw err;
  }
}
