import { EurostatHttpError, eurostatMessage, TransientError } from './errors.ts';
import { type HttpResponse, openGet, readChunks, readSmall, statusError, type Target } from './http.ts';
import { type ResolvedRetryOptions, type RetryOptions, resolveRetryOptions, withRetry } from './retry.ts';
import { MemoryRawSink, type RawSink, type StoredObject } from './sinks.ts';
import { asyncAnswer, asyncStatusOf, classifyHead, GzipCheck, HEAD_BYTES } from './sniff.ts';
import {
  asyncDataUrl,
  asyncStatusUrl,
  bulkUrl,
  checkDatasetCode,
  type DatasetQuery,
  datasetUrl,
  type EurostatFormat,
} from './urls.ts';

export { datasetUrl };

/**
 * Downloads one Eurostat dataset and streams its bytes, as served, into a RawSink — through 429/5xx,
 * resets, stalls, HTML pages, 413 EXTRACTION_TOO_BIG, asynchronous answers and conditional requests.
 */

export interface DatasetRequest extends DatasetQuery {
  /** What the last download answered, for a conditional request (`If-None-Match` / `If-Modified-Since`). */
  validators?: { etag?: string; lastModified?: string };
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

/** The largest XML answer read to look for an async key or an error message. */
const XML_LIMIT = 64 * 1024;

type Exchange =
  | { kind: 'stored'; stored: StoredObject; etag?: string; lastModified?: string }
  | { kind: 'notModified'; etag?: string; lastModified?: string }
  | { kind: 'async'; key: string; status: string };

interface Run {
  request: DatasetRequest;
  sink: RawSink;
  o: Resolved;
  requests: number;
}

function validatorsOf(res: HttpResponse): { etag?: string; lastModified?: string } {
  const etag = res.header('etag');
  const lastModified = res.header('last-modified');
  return { ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) };
}

function extensionOf(format: EurostatFormat, gzip: boolean): string {
  const base = format === 'tsv' ? 'tsv' : format === 'sdmx-csv' ? 'csv' : 'json';
  return gzip ? `${base}.gz` : base;
}

/**
 * One GET of `url` and, on a 200 with data, its body streamed into the sink. The first bytes decide what
 * the answer is: gzip (verified whole in parallel), plain data, an HTML page or an XML message (an async
 * key, or an error) where data was expected.
 */
async function exchange(
  run: Run,
  url: string,
  format: EurostatFormat,
  conditional: boolean,
  allowAsync: boolean,
): Promise<Exchange> {
  const { o, request } = run;
  const target: Target = { dataset: request.dataset, url };
  const limits = { stallMs: o.stallMs, maxBytes: o.maxBytes };
  const headers: Record<string, string> = {};
  if (conditional && request.validators?.etag) headers['If-None-Match'] = request.validators.etag;
  if (conditional && request.validators?.lastModified) {
    headers['If-Modified-Since'] = request.validators.lastModified;
  }
  run.requests += 1;
  const res = await openGet(target, { timeoutMs: o.timeoutMs, headers });
  if (res.status === 304) {
    res.body.destroy();
    return { kind: 'notModified', ...validatorsOf(res) };
  }
  if (res.status !== 200 && res.status !== 202) throw await statusError(res, target, limits, o.retry.now());
  const encoding = (res.header('content-encoding') ?? 'identity').toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip') {
    res.body.destroy();
    throw new EurostatHttpError(`unsupported Content-Encoding "${encoding}"`, {
      ...target,
      status: res.status,
    });
  }

  const chunks = readChunks(res, target, limits);
  // The head: enough bytes to classify the answer (a chunk or two; never the body).
  let head: Buffer = Buffer.alloc(0);
  let ended = false;
  while (head.length < HEAD_BYTES) {
    const next = await chunks.next();
    if (next.done) {
      ended = true;
      break;
    }
    head = head.length === 0 ? next.value : Buffer.concat([head, next.value]);
  }
  const kind = classifyHead(head);
  const status = res.status;
  const fail = async (reason: string, eurostat?: string) => {
    await chunks.return(undefined);
    return new EurostatHttpError(reason, { ...target, status, eurostatMessage: eurostat });
  };
  if (kind === 'html')
    throw await fail('answered an HTML page where data was expected', eurostatMessage(head));
  if (kind === 'empty') throw await fail('answered an empty body where data was expected');
  if (kind === 'zip') throw await fail('answered a ZIP archive where TSV, SDMX-CSV or JSON was expected');
  if (kind === 'xml') {
    let xml: Buffer = head;
    while (!ended && xml.length < XML_LIMIT) {
      const next = await chunks.next();
      if (next.done) ended = true;
      else xml = Buffer.concat([xml, next.value]);
    }
    await chunks.return(undefined);
    const text = xml.toString('utf8');
    const answer = asyncAnswer(text);
    if (answer && allowAsync) return { kind: 'async', ...answer };
    const said = eurostatMessage(text);
    // Eurostat's fault for a too large extraction, whatever status it came with: the caller falls back.
    const tooBig = said !== undefined && /EXTRACTION_TOO_BIG/.test(said);
    throw new EurostatHttpError(
      answer
        ? 'answered an asynchronous key where data was expected'
        : 'answered an XML message where data was expected',
      { ...target, status: tooBig ? 413 : status, eurostatMessage: said },
    );
  }

  const gzip = kind === 'gzip' ? new GzipCheck() : undefined;
  const writer = run.sink.begin({
    dataset: request.dataset,
    format,
    extension: extensionOf(format, gzip !== undefined),
  });
  try {
    await writer.write(head);
    await gzip?.write(head);
    if (!ended) {
      for await (const chunk of chunks) {
        await writer.write(chunk);
        await gzip?.write(chunk);
      }
    }
    if (gzip) {
      try {
        await gzip.end();
      } catch (err) {
        throw new EurostatHttpError(`answered a truncated or corrupt gzip (${(err as Error).message})`, {
          ...target,
          status,
          cause: err,
        });
      }
    }
    const stored = await writer.commit();
    return { kind: 'stored', stored, ...validatorsOf(res) };
  } catch (err) {
    gzip?.destroy();
    await chunks.return(undefined);
    await writer.abort();
    if (err instanceof EurostatHttpError || err instanceof TransientError) throw err;
    const code = (err as { code?: string }).code;
    if (code?.startsWith('Z_')) {
      throw new EurostatHttpError(`answered a truncated or corrupt gzip (${(err as Error).message})`, {
        ...target,
        status,
        cause: err,
      });
    }
    throw err;
  }
}

/** One poll of the async status endpoint: the status word. */
async function pollStatus(run: Run, key: string, baseUrl: string): Promise<string> {
  const { o, request } = run;
  const target: Target = { dataset: request.dataset, url: asyncStatusUrl(key, baseUrl) };
  const limits = { stallMs: o.stallMs, maxBytes: o.maxBytes };
  run.requests += 1;
  const res = await openGet(target, { timeoutMs: o.timeoutMs });
  if (res.status !== 200) throw await statusError(res, target, limits, o.retry.now());
  const body = (await readSmall(res, target, { ...limits, limit: XML_LIMIT })).toString('utf8');
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
 * Waits for an async answer: polls every `asyncPollMs` until AVAILABLE, for at most `asyncMaxWaitMs`.
 * EXPIRED, or no AVAILABLE in time, is a TransientError (a new run submits the request again); any status
 * outside the documented four is permanent.
 */
async function awaitAsync(run: Run, first: { key: string; status: string }, url: string, baseUrl: string) {
  const { o, request } = run;
  const target: Target = { dataset: request.dataset, url: asyncStatusUrl(first.key, baseUrl) };
  const deadline = Math.min(o.retry.now() + o.asyncMaxWaitMs, o.retry.deadline);
  let status = first.status;
  const maxPolls = Math.ceil(o.asyncMaxWaitMs / Math.max(1, o.asyncPollMs)) + 1;
  for (let poll = 0; status !== 'AVAILABLE'; poll++) {
    if (status === 'EXPIRED') {
      throw new TransientError(
        `async request ${first.key} for ${url} EXPIRED before its data was fetched`,
        target,
      );
    }
    if (status !== 'SUBMITTED' && status !== 'PROCESSING') {
      throw new EurostatHttpError(
        `async request ${first.key} for ${url} ended with status ${status}`,
        target,
      );
    }
    if (poll >= maxPolls || o.retry.now() + o.asyncPollMs > deadline) {
      throw new TransientError(
        `async request ${first.key} for ${url} still ${status} after ${o.asyncMaxWaitMs} ms (asyncMaxWaitMs)`,
        target,
      );
    }
    await o.retry.sleep(o.asyncPollMs);
    status = await withRetry(() => pollStatus(run, first.key, baseUrl), o.retry);
  }
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
 */
export async function fetchDataset(
  request: DatasetRequest,
  sink: RawSink,
  options: FetchOptions,
): Promise<FetchResult> {
  checkDatasetCode(request.dataset);
  const o = resolve(options);
  const run: Run = { request, sink, o, requests: 0 };
  let url = datasetUrl(request, options.baseUrl);
  let format = request.format;
  let outcome: Exchange;
  try {
    outcome = await withRetry(() => exchange(run, url, format, true, true), o.retry);
  } catch (err) {
    const bulk = bulkUrl(request.dataset, options.baseUrl);
    const tooBig =
      err instanceof EurostatHttpError &&
      (err.status === 413 || /EXTRACTION_TOO_BIG/.test(err.eurostatMessage ?? ''));
    if (!tooBig || url === bulk) throw err;
    url = bulk;
    format = 'tsv';
    outcome = await withRetry(() => exchange(run, url, format, true, true), o.retry);
  }
  if (outcome.kind === 'async') {
    const { key } = outcome;
    await awaitAsync(run, outcome, url, options.baseUrl);
    const dataUrl = asyncDataUrl(key, options.baseUrl);
    outcome = await withRetry(() => exchange(run, dataUrl, format, false, false), o.retry);
  }
  if (outcome.kind === 'async') throw new Error('unreachable: async answer to an async data request');
  const validators =
    outcome.kind === 'notModified' ? { ...request.validators, ...dropEmpty(outcome) } : outcome;
  return {
    url,
    format,
    requests: run.requests,
    notModified: outcome.kind === 'notModified',
    ...(outcome.kind === 'stored' ? { stored: outcome.stored } : {}),
    sourceVersion: validators.lastModified ?? validators.etag ?? null,
    ...(validators.etag ? { etag: validators.etag } : {}),
    ...(validators.lastModified ? { lastModified: validators.lastModified } : {}),
  };
}

function dropEmpty(v: { etag?: string; lastModified?: string }): { etag?: string; lastModified?: string } {
  return { ...(v.etag ? { etag: v.etag } : {}), ...(v.lastModified ? { lastModified: v.lastModified } : {}) };
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
