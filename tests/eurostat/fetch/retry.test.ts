import { describe, expect, it } from 'vitest';
import { EurostatHttpError, TransientError } from '../../../lib/eurostat/fetch/errors.ts';
import {
  backoffDelay,
  parseRetryAfter,
  resolveRetryOptions,
  withRetry,
} from '../../../lib/eurostat/fetch/retry.ts';
import { fakeTime } from './support.ts';

const target = { dataset: 'lfsa_egan22d', url: 'http://127.0.0.1/x' };
const transient = (retryAfterMs?: number) =>
  new TransientError('Eurostat had a server error', { ...target, status: 503, retryAfterMs });

/** An attempt that fails with the given errors, in order, then succeeds; it counts its calls. */
function failing(...errors: Error[]) {
  let calls = 0;
  return {
    calls: () => calls,
    run: async () => {
      calls += 1;
      const e = errors[calls - 1];
      if (e) throw e;
      return 'ok';
    },
  };
}

describe('withRetry', () => {
  it('retries a TransientError and returns the first success', async () => {
    const time = fakeTime();
    const a = failing(transient(), transient());
    await expect(withRetry(a.run, { ...time, maxAttempts: 3 })).resolves.toBe('ok');
    expect(a.calls()).toBe(3);
  });

  it('waits with full jitter: uniform below min(maxDelayMs, baseDelayMs × 2^(retry−1))', async () => {
    const time = fakeTime();
    const a = failing(transient(), transient(), transient());
    await withRetry(a.run, {
      ...time,
      maxAttempts: 4,
      baseDelayMs: 100,
      maxDelayMs: 250,
      random: () => 0.999,
    });
    expect(time.delays).toEqual([99, 199, 249]);
  });

  it('can wait no time at all (full jitter starts at zero)', async () => {
    const time = fakeTime();
    const a = failing(transient());
    await withRetry(a.run, { ...time, random: () => 0 });
    expect(time.delays).toEqual([0]);
  });

  it('waits the Retry-After the error carries instead of the backoff', async () => {
    const time = fakeTime();
    const a = failing(transient(7_000));
    await withRetry(a.run, { ...time, maxDelayMs: 100 });
    expect(time.delays).toEqual([7_000]);
  });

  it('does not retry a permanent error, and throws it as it is', async () => {
    const time = fakeTime();
    const permanent = new EurostatHttpError('Eurostat refused the request', { ...target, status: 404 });
    const a = failing(permanent);
    await expect(withRetry(a.run, time)).rejects.toBe(permanent);
    expect(a.calls()).toBe(1);
    expect(time.delays).toEqual([]);
  });

  it('stops at maxAttempts with a TransientError that says how many attempts were made', async () => {
    const time = fakeTime();
    const a = failing(transient(), transient(), transient(), transient());
    const err = await withRetry(a.run, { ...time, maxAttempts: 3 }).catch((e) => e);
    expect(err).toBeInstanceOf(TransientError);
    expect(err.name).toBe('TransientError');
    expect(err.message).toMatch(/gave up after 3 attempt\(s\)/);
    expect(err.status).toBe(503);
    expect(a.calls()).toBe(3);
  });

  it('starts no attempt after the total time budget', async () => {
    const time = fakeTime();
    const a = failing(...Array.from({ length: 20 }, () => transient()));
    const err = await withRetry(a.run, {
      ...time,
      maxAttempts: 20,
      baseDelayMs: 1_000,
      maxDelayMs: 1_000,
      budgetMs: 3_500,
      random: () => 0.999,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(TransientError);
    expect(err.message).toMatch(/time budget of 3500 ms is spent/);
    expect(time.delays).toEqual([999, 999, 999]);
    expect(a.calls()).toBe(4);
  });

  it('ends the retries at once when Retry-After is beyond the remaining budget', async () => {
    const time = fakeTime();
    const a = failing(transient(120_000), transient());
    const err = await withRetry(a.run, { ...time, budgetMs: 60_000 }).catch((e) => e);
    expect(err).toBeInstanceOf(TransientError);
    expect(err.message).toMatch(/Retry-After of 120000 ms is beyond the remaining budget/);
    expect(time.delays).toEqual([]);
    expect(a.calls()).toBe(1);
  });
});

describe('Retry-After and backoff helpers', () => {
  it('reads Retry-After in seconds', () => {
    expect(parseRetryAfter('3', 0)).toBe(3_000);
  });

  it('reads Retry-After as an HTTP date, relative to now', () => {
    const now = Date.parse('2024-04-10T09:00:00Z');
    expect(parseRetryAfter('Wed, 10 Apr 2024 09:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 10 Apr 2024 08:00:00 GMT', now)).toBe(0);
  });

  it('ignores an absent or unreadable Retry-After', () => {
    expect(parseRetryAfter(undefined, 0)).toBeUndefined();
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
  });

  it('caps the backoff at maxDelayMs', () => {
    const o = resolveRetryOptions({ baseDelayMs: 100, maxDelayMs: 1_000, random: () => 0.5 });
    expect([1, 2, 3, 4, 5, 10].map((r) => backoffDelay(r, o))).toEqual([50, 100, 200, 400, 500, 500]);
  });
});
