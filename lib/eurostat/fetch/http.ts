import type { Readable } from 'node:stream';
import type { AxiosResponse } from 'axios';
import { EurostatHttpError, eurostatMessage, TransientError } from './errors.ts';
import { parseRetryAfter } from './retry.ts';

/**
 * One HTTP GET with streaming, for the Eurostat client, through axios: a deadline for the answer's headers, a
 * stall limit and a byte limit while the body streams, and the classification of every failure into a
 * permanent EurostatHttpError or a TransientError. axios follows the redirects and takes its proxy from the
 * environment (`HTTP_PROXY`, `HTTPS_PROXY` — tunnelled with CONNECT —, `NO_PROXY`) on every Node version.
 * The bytes are kept as served: axios neither decompresses nor buffers them.
 */

/** What a request is for, to name in errors. */
export interface Target {
  dataset: string;
  url: string;
}

export interface HttpResponse {
  status: number;
  /** A response header (any case), or undefined. */
  header(name: string): string | undefined;
  body: Readable;
}

export interface OpenOptions {
  /** Connect + first byte (the response headers), redirects included. */
  timeoutMs: number;
  headers?: Record<string, string>;
}

export interface BodyLimits {
  /** No bytes for this long mid-body: abort (transient). */
  stallMs: number;
  /** More bytes than this: abort (permanent). */
  maxBytes: number;
}

/**
 * axios, loaded on the first request rather than with this module: importing it runs its fetch adapter's
 * feature checks, which load Node's undici (tens of ms), and the Lambda bundles' module init has a budget.
 */
let axiosModule: Promise<typeof import('axios')> | undefined;
const loadAxios = () => {
  axiosModule ??= import('axios');
  return axiosModule;
};

/** Redirects followed per request; more is a failure (a loop, most likely). */
export const MAX_REDIRECTS = 5;

const DEFAULT_HEADERS = {
  // Only gzip (stored as served; the readers sniff it) or identity.
  'Accept-Encoding': 'gzip, identity',
  Accept: '*/*',
  // Some front ends refuse requests without one.
  'User-Agent': 'eucluster',
};

/** axios failures that come from the request itself, not the network: retrying will not help. */
const PERMANENT_AXIOS_CODES = new Set([
  'ERR_BAD_OPTION',
  'ERR_BAD_OPTION_VALUE',
  'ERR_BAD_REQUEST',
  'ERR_INVALID_URL',
  'ERR_NOT_SUPPORT',
]);

/**
 * Sends the GET, follows up to 5 redirects, and resolves when the final answer's headers are in, with the
 * body unread (the bytes as served, never decompressed). Failing to connect or to get the headers within
 * `timeoutMs` is a TransientError.
 */
export async function openGet(target: Target, o: OpenOptions): Promise<HttpResponse> {
  // Before the deadline starts: loading code is no part of the server's time to answer.
  const { default: axios } = await loadAxios();
  const controller = new AbortController();
  let timedOut = false;
  // Our own deadline, not axios's `timeout`: the same connect + first-byte bound across redirects, and
  // nothing left armed once the headers are in (the body has its stall limit instead).
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, o.timeoutMs);
  try {
    const res = await axios.get<Readable>(target.url, {
      headers: { ...DEFAULT_HEADERS, ...o.headers },
      responseType: 'stream',
      decompress: false,
      maxRedirects: MAX_REDIRECTS,
      // Every status is an answer here; what it means is the caller's (`statusError`).
      validateStatus: () => true,
      // The byte limit is applied while streaming (`readChunks`), with an error that names it.
      maxContentLength: -1,
      signal: controller.signal,
    });
    return responseOf(res);
  } catch (err) {
    throw requestFailure(err, target, timedOut, o.timeoutMs);
  } finally {
    clearTimeout(timer);
  }
}

function responseOf(res: AxiosResponse<Readable>): HttpResponse {
  const headers = res.headers as Record<string, unknown>;
  return {
    status: res.status,
    header: (name) => {
      const v = headers[name.toLowerCase()];
      if (v === undefined || v === null) return undefined;
      return Array.isArray(v) ? v.join(', ') : String(v);
    },
    body: res.data,
  };
}

/** Why no answer came: a timeout, a network failure (transient) or a request that cannot be sent. */
function requestFailure(err: unknown, target: Target, timedOut: boolean, timeoutMs: number): Error {
  if (timedOut)
    return new TransientError(`no answer within ${timeoutMs} ms (timeoutMs)`, { ...target, cause: err });
  const code = (err as { code?: string }).code;
  if (code === 'ERR_FR_TOO_MANY_REDIRECTS') {
    return new TransientError(`more than ${MAX_REDIRECTS} redirects`, { ...target, cause: err });
  }
  const message = (err as Error).message;
  if (
    (err as { isAxiosError?: boolean }).isAxiosError &&
    code !== undefined &&
    PERMANENT_AXIOS_CODES.has(code)
  ) {
    return new EurostatHttpError(`request cannot be sent: ${message}`, { ...target, cause: err });
  }
  return new TransientError(`request failed: ${code ? `${code} ` : ''}${message}`, { ...target, cause: err });
}

/** A failure while the body streams: our own errors as they are, anything else (reset, abort) transient. */
function streamFailure(err: unknown, target: Target, status: number, bytes: number): Error {
  if (err instanceof EurostatHttpError || err instanceof TransientError) return err;
  const code = (err as { code?: string }).code;
  return new TransientError(
    `connection lost after ${bytes} bytes of the body (${code ? `${code}: ` : ''}${(err as Error).message})`,
    { ...target, status, cause: err },
  );
}

/** The next chunk, or a TransientError when none comes within `stallMs`. */
async function nextWithin(
  iterator: AsyncIterator<Buffer>,
  stallMs: number,
  stalled: () => Error,
): Promise<IteratorResult<Buffer>> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(stalled()), stallMs);
  });
  try {
    return await Promise.race([iterator.next(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The body's chunks, one at a time (nothing is buffered here). Fails when no chunk comes for `stallMs`
 * (TransientError), when the body passes `maxBytes` (EurostatHttpError), or when the connection breaks or
 * ends before `Content-Length` (TransientError). The body is destroyed when iteration stops, however it
 * stops.
 */
export async function* readChunks(
  res: HttpResponse,
  target: Target,
  limits: BodyLimits,
): AsyncGenerator<Buffer> {
  const iterator = res.body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const details = { ...target, status: res.status };
  let bytes = 0;
  const stalled = () =>
    new TransientError(
      `body stalled: no bytes for ${limits.stallMs} ms after ${bytes} bytes (stallMs)`,
      details,
    );
  try {
    for (;;) {
      const next = await nextWithin(iterator, limits.stallMs, stalled);
      if (next.done) break;
      const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
      bytes += chunk.length;
      if (bytes > limits.maxBytes) {
        throw new EurostatHttpError(
          `body exceeds the limit of ${limits.maxBytes} bytes (maxBytes); ` +
            'raise it if the dataset really is that large',
          details,
        );
      }
      yield chunk;
    }
    const declared = Number(res.header('content-length'));
    if (Number.isFinite(declared) && declared > 0 && bytes !== declared) {
      throw new TransientError(`body ended after ${bytes} of the ${declared} bytes announced`, details);
    }
  } catch (err) {
    throw streamFailure(err, target, res.status, bytes);
  } finally {
    res.body.destroy();
  }
}

/** At most `limit` bytes of the body (an error page, an async answer), then the body is closed. */
export async function readSmall(
  res: HttpResponse,
  target: Target,
  limits: BodyLimits & { limit: number },
): Promise<Buffer> {
  const parts: Buffer[] = [];
  let length = 0;
  for await (const chunk of readChunks(res, target, limits)) {
    parts.push(chunk);
    length += chunk.length;
    if (length >= limits.limit) break;
  }
  return Buffer.concat(parts).subarray(0, limits.limit);
}

/** The error a non-2xx answer stands for: 429 and 5xx transient (with `Retry-After`), the rest permanent. */
export async function statusError(
  res: HttpResponse,
  target: Target,
  limits: BodyLimits,
  now: number,
): Promise<EurostatHttpError | TransientError> {
  let message: string | undefined;
  try {
    const body = await readSmall(res, target, { ...limits, limit: 16 * 1024 });
    message = isGzip(body) ? undefined : eurostatMessage(body);
  } catch {
    // the status decides; an unreadable error body only loses Eurostat's wording
  }
  const details = { ...target, status: res.status, eurostatMessage: message };
  if (res.status === 429 || res.status >= 500) {
    const retryAfterMs =
      res.status === 429 || res.status === 503 ? parseRetryAfter(res.header('retry-after'), now) : undefined;
    return new TransientError(
      res.status === 429 ? 'too many requests' : 'Eurostat had a server error',
      retryAfterMs === undefined ? details : { ...details, retryAfterMs },
    );
  }
  return new EurostatHttpError(`Eurostat refused the request`, details);
}

export function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}
