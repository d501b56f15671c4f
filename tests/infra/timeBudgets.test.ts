import { describe, expect, it } from 'vitest';
import {
  budgetViolations,
  executionTimeoutS,
  LAMBDA_INIT_LIMIT_S,
  LEASE_RETRY_INTERVAL_S,
  leaseRetry,
  leaseWaitS,
  type StepName,
  TIME_BUDGETS,
  worstCaseHandlerS,
  worstCaseRunS,
  worstCaseStepS,
} from '../../lib/infra/timeBudgets.ts';
import { httpBudget } from '../../lib/steps/httpBudget.ts';

const STEPS = Object.keys(TIME_BUDGETS) as StepName[];

describe('TIME_BUDGETS', () => {
  it.each(STEPS)('%s: the handler returns (or fails) before its function times out', (step) => {
    const b = TIME_BUDGETS[step];
    expect(worstCaseHandlerS(b)).toBeLessThan(b.functionTimeoutS);
  });

  it.each(STEPS)('%s: the function times out before the Task does, even after a cold start', (step) => {
    const b = TIME_BUDGETS[step];
    expect(b.functionTimeoutS + LAMBDA_INIT_LIMIT_S).toBeLessThan(b.taskTimeoutS);
  });

  it.each(STEPS)('%s: keeps every inequality (no violation reported)', (step) => {
    expect(budgetViolations(step)).toEqual([]);
  });

  it('reports a step whose HTTP budget outlasts its function', () => {
    const b = { ...TIME_BUDGETS.fetch, functionTimeoutS: 120 };
    expect(budgetViolations('fetch', b)).toEqual([
      'fetch: the handler may run 240 s, not less than its function timeout 120 s',
    ]);
  });
});

describe('httpBudget (the handlers’ side)', () => {
  it('turns the environment into one attempt limit and one deadline shared by every request', () => {
    const env = {
      HTTP_ATTEMPT_TIMEOUT_MS: '30000',
      HTTP_TOTAL_BUDGET_MS: '120000',
      HTTP_RETRY_BASE_DELAY_MS: '1000',
    };
    expect(httpBudget(env, 1_000)).toEqual({
      timeoutMs: 30_000,
      stallMs: 30_000,
      retry: { budgetMs: 120_000, deadline: 121_000, baseDelayMs: 1_000 },
    });
  });

  it('leaves the client defaults alone when nothing is set', () => {
    expect(httpBudget({}, 0)).toEqual({});
  });

  it('refuses a budget that is not a positive number, naming the variable', () => {
    expect(() => httpBudget({ HTTP_TOTAL_BUDGET_MS: 'soon' })).toThrow(/HTTP_TOTAL_BUDGET_MS is "soon"/);
  });
});

describe('executionTimeoutS', () => {
  it('outlasts a wait for the run lease plus one run at its worst (every step’s retries to their timeouts), with a margin', () => {
    expect(executionTimeoutS(1)).toBeGreaterThanOrEqual(1.25 * (leaseWaitS(1) + worstCaseRunS(1)));
  });

  it('counts each step at its worst: three attempts to the Task timeout plus the waits between them', () => {
    const fetch = worstCaseStepS('fetch');
    expect(fetch).toBeGreaterThanOrEqual(3 * TIME_BUDGETS.fetch.taskTimeoutS + 30 + 60);
  });

  it('grows with the waves of the fetch Map', () => {
    expect(executionTimeoutS(2)).toBeGreaterThan(executionTimeoutS(1));
  });

  it('is whole quarter hours, and shorter than the daily schedule’s interval', () => {
    expect(executionTimeoutS(1) % 900).toBe(0);
    expect(executionTimeoutS(1)).toBeLessThan(86_400);
  });
});

describe('leaseRetry (Check waiting for a run in progress)', () => {
  it.each([1, 2])('waits, without backoff, at least one whole run at its worst (%i fetch waves)', (waves) => {
    const r = leaseRetry(waves);
    expect(r).toMatchObject({ intervalS: LEASE_RETRY_INTERVAL_S, backoffRate: 1 });
    expect(leaseWaitS(waves)).toBe(r.intervalS * r.maxAttempts);
    expect(leaseWaitS(waves)).toBeGreaterThanOrEqual(worstCaseRunS(waves));
    // No more than one interval beyond it: the waiting run gives up soon after the holder must have ended.
    expect(leaseWaitS(waves) - worstCaseRunS(waves)).toBeLessThan(LEASE_RETRY_INTERVAL_S);
  });
});
