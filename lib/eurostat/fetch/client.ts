import type { EurostatFormat } from '../../model/formats.ts';
import { awaitAsync } from './asyncAnswer.ts';
import { EurostatHttpError } from './errors.ts';
import { type Download, type Exchange, type ExchangeOptions, exchange, type Validators } from './exchange.ts';
import { type ResolvedRetryOptions, type RetryOptions, resolveRetryOptions, withRetry } from './retry.ts';
import { MemoryRawSink, type RawSink, type StoredObject } from './sinks.ts';
import { asyncDataUrl, bulkUrl, checkDatasetCode, type DatasetQuery, datasetUrl } from './urls.ts';

export { datasetUrl };

/**
 * Downloads one Eurostat dataset and streams its bytes, as served, into a RawSink — through 429/5xx,
 * resets, stalls, HTML pages, 413 EXTRACTION_TOO_BIG, asynchronous answers and conditional requests.
 */

export interface DatasetRequest extends DatasetQuery {
  /** What the last download answered, for a conditional request (`If-None-Match` / `If-Modified-Since`). */
  validators?: Validators;
}

export interface FetchOptions {
  /** Eurostat's host, e.g. `https://ec.europa.eu/eurostat`. */
  baseUrl: string;
  /** Connect + first byte (the response headers), per request. Default 60 s. */
  timeoutMs?: number;
  /** No bytes for this long mid-body aborts the request (transient). Default 60 s. */
  stallMs?: number;
  /** Largest body accepted per source (permanent error beyond). Default 1 GiB. */
  maxBytes?: number;
  retry?: RetryOptions;
  /** Time between async status polls. Default 5 s. */
  asyncPollMs?: number;
  /** Longest wait for an async answer to become AVAILABLE. Default 3 min. */
  asyncMaxWaitMs?: number;
}

export interface FetchResult {
  /** The URL asked (the bulk URL after a 413 fallback). */
  url: string;
  /** The format of the stored bytes: `tsv` after a 413 fallback. */
  format: EurostatFormat;
  /** HTTP requests made in all: retries, fallback, async polls included. */
  requests: number;
  /** The server answered 304 to the conditional request: nothing was written. */
  notModified: boolean;
  stored?: StoredObject;
  /** `Last-Modified`, else `ETag`, of the answer (or of the validators sent, on a 304). */
  sourceVersion: string | null;
  etag?: string;
  lastModified?: string;
}

interface Resolved {
  timeoutMs: number;
  stallMs: number;
  maxBytes: number;
  asyncPollMs: number;
  asyncMaxWaitMs: number;
  retry: ResolvedRetryOptions;
}

function resolve(o: FetchOptions): Resolved {
  return {
    timeoutMs: o.timeoutMs ?? 60_000,
    stallMs: o.stallMs ?? 60_000,
    maxBytes: o.maxBytes ?? 1024 * 1024 * 1024,
    asyncPollMs: o.asyncPollMs ?? 5_000,
    asyncMaxWaitMs: o.asyncMaxWaitMs ?? 180_000,
    retry: resolveRetryOptions(o.retry),
  };
}

/** An EurostatHttpError that says the extraction is too big for Eurostat's synchronous API. */
function isTooBig(err: unknown): boolean {
  return (
    err instanceof EurostatHttpError &&
    (err.status === 413 || /EXTRACTION_TOO_BIG/.test(err.eurostatMessage ?? ''))
  );
}

/** The first answer to `request`: from its own URL or, when that is too big, from the bulk download. */
async function firstAnswer(
  d: Download,
  request: DatasetRequest,
  o: Resolved & { baseUrl: string },
): Promise<{ url: string; format: EurostatFormat; outcome: Exchange }> {
  const attempt = (url: string, format: EurostatFormat) =>
    withRetry(() => exchange(d, { url, format, conditional: true, allowAsync: true }), o.retry);
  const url = datasetUrl(request, o.baseUrl);
  try {
    return { url, format: request.format, outcome: await attempt(url, request.format) };
  } catch (err) {
    const bulk = bulkUrl(request.dataset, o.baseUrl);
    if (!isTooBig(err) || url === bulk) throw err;
    return { url: bulk, format: 'tsv', outcome: await attempt(bulk, 'tsv') };
  }
}

/** The data behind an async answer, once its status says AVAILABLE. */
async function asyncData(
  d: Download,
  answer: { key: string; status: string },
  asked: { url: string; format: EurostatFormat },
  o: Resolved & { baseUrl: string },
): Promise<Exclude<Exchange, { kind: 'async' }>> {
  await awaitAsync(d, answer, {
    url: asked.url,
    baseUrl: o.baseUrl,
    pollMs: o.asyncPollMs,
    maxWaitMs: o.asyncMaxWaitMs,
    retry: o.retry,
  });
  const data: ExchangeOptions = {
    url: asyncDataUrl(answer.key, o.baseUrl),
    format: asked.format,
    conditional: false,
    allowAsync: false,
  };
  const outcome = await withRetry(() => exchange(d, data), o.retry);
  if (outcome.kind === 'async') throw new Error('unreachable: async answer to an async data request');
  return outcome;
}

/**
 * Fetches `request` into `sink`. Transient failures are retried (see `withRetry`); what is still failing
 * then is a TransientError, anything permanent an EurostatHttpError. On any failure the sink keeps nothing.
 *
 * - 304 to the conditional request: `notModified`, nothing written.
 * - 413 (EXTRACTION_TOO_BIG, over 5,000,000 rows): falls back to the bulk download of the whole dataset as
 *   gzipped TSV and returns format 'tsv'. The filters are NOT applied by Eurostat then: the parsers apply
 *   them when reading the file, as they do for every source.
 * - An async answer (a key instead of data): polls the status, then GETs `…/1.0/async/data/{key}`.
 * - A truncated or corrupt gzip, or an HTML page where data was expected, is retried like a 503.
 */
export async function fetchDataset(
  request: DatasetRequest,
  sink: RawSink,
  options: FetchOptions,
): Promise<FetchResult> {
  checkDatasetCode(request.dataset);
  const o = { ...resolve(options), baseUrl: options.baseUrl };
  const d: Download = {
    dataset: request.dataset,
    ...(request.validators ? { validators: request.validators } : {}),
    sink,
    timeoutMs: o.timeoutMs,
    limits: { stallMs: o.stallMs, maxBytes: o.maxBytes },
    now: o.retry.now,
    requests: 0,
  };
  const first = await firstAnswer(d, request, o);
  const outcome =
    first.outcome.kind === 'async' ? await asyncData(d, first.outcome, first, o) : first.outcome;
  // A 304 may carry no validators: the ones sent still hold.
  const validators = outcome.kind === 'notModified' ? { ...request.validators, ...outcome } : outcome;
  return {
    url: first.url,
    format: first.format,
    requests: d.requests,
    notModified: outcome.kind === 'notModified',
    ...(outcome.kind === 'stored' ? { stored: outcome.stored } : {}),
    sourceVersion: validators.lastModified ?? validators.etag ?? null,
    ...(validators.etag ? { etag: validators.etag } : {}),
    ...(validators.lastModified ? { lastModified: validators.lastModified } : {}),
  };
}

/**
 * `fetchDataset` into memory, for callers that need the bytes as one Buffer (small sources; `maxBytes`
 * bounds it). Prefer `fetchDataset` with an `FsRawSink` or `S3RawSink`, which never hold the whole body.
 */
export async function fetchDatasetBuffer(
  request: DatasetRequest,
  options: FetchOptions,
): Promise<FetchResult & { body: Buffer }> {
  const sink = new MemoryRawSink();
  // The old client's bound on an in-memory body, unless the caller sets one.
  const result = await fetchDataset(request, sink, { maxBytes: 512 * 1024 * 1024, ...options });
  const body = result.stored ? sink.objects.get(result.stored.key) : undefined;
  return { ...result, body: body ?? Buffer.alloc(0) };
}
