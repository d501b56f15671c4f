import { EurostatHttpError, eurostatMessage, TransientError } from './errors.ts';
import { type Download, MESSAGE_LIMIT } from './exchange.ts';
import { openGet, readSmall, statusError, type Target } from './http.ts';
import { type ResolvedRetryOptions, withRetry } from './retry.ts';
import { asyncStatusOf } from './sniff.ts';
import { asyncStatusUrl } from './urls.ts';

/** Eurostat's asynchronous answers (a key instead of the data): polling their status until AVAILABLE. */

export interface PollOptions {
  /** The asked URL, to name in errors. */
  url: string;
  baseUrl: string;
  /** Time between polls. */
  pollMs: number;
  /** Longest wait for AVAILABLE. */
  maxWaitMs: number;
  retry: ResolvedRetryOptions;
}

/** One poll of the async status endpoint: the status word. */
async function pollStatus(d: Download, key: string, baseUrl: string): Promise<string> {
  const target: Target = { dataset: d.dataset, url: asyncStatusUrl(key, baseUrl) };
  d.requests += 1;
  const res = await openGet(target, { timeoutMs: d.timeoutMs });
  if (res.status !== 200) throw await statusError(res, target, d.limits, d.now());
  const body = (await readSmall(res, target, { ...d.limits, limit: MESSAGE_LIMIT })).toString('utf8');
  const status = asyncStatusOf(body);
  if (!status) {
    throw new EurostatHttpError('async status answer holds no status', {
      ...target,
      status: res.status,
      eurostatMessage: eurostatMessage(body),
    });
  }
  return status;
}

/**
 * Waits for an async answer: polls every `pollMs` until AVAILABLE, for at most `maxWaitMs`. EXPIRED, or no
 * AVAILABLE in time, is a TransientError (a new run submits the request again); any status outside the
 * documented four is permanent. Each poll is retried on its own (`withRetry`).
 */
export async function awaitAsync(
  d: Download,
  first: { key: string; status: string },
  o: PollOptions,
): Promise<void> {
  const target: Target = { dataset: d.dataset, url: asyncStatusUrl(first.key, o.baseUrl) };
  const about = `async request ${first.key} for ${o.url}`;
  const deadline = Math.min(o.retry.now() + o.maxWaitMs, o.retry.deadline);
  const maxPolls = Math.ceil(o.maxWaitMs / Math.max(1, o.pollMs)) + 1;
  let status = first.status;
  for (let poll = 0; status !== 'AVAILABLE'; poll++) {
    if (status === 'EXPIRED')
      throw new TransientError(`${about} EXPIRED before its data was fetched`, target);
    if (status !== 'SUBMITTED' && status !== 'PROCESSING') {
      throw new EurostatHttpError(`${about} ended with status ${status}`, target);
    }
    if (poll >= maxPolls || o.retry.now() + o.pollMs > deadline) {
      throw new TransientError(`${about} still ${status} after ${o.maxWaitMs} ms (asyncMaxWaitMs)`, target);
    }
    await o.retry.sleep(o.pollMs);
    status = await withRetry(() => pollStatus(d, first.key, o.baseUrl), o.retry);
  }
}
