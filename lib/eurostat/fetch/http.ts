import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { EurostatHttpError, eurostatMessage, TransientError } from './errors.ts';
import { parseRetryAfter } from './retry.ts';

/**
 * One HTTP GET with streaming, for the Eurostat client: a deadline for the answer's headers, a stall limit
 * and a byte limit while the body streams, and the classification of every failure into a permanent
 * EurostatHttpError or a TransientError. Built on `node:http(s)`, not `fetch`: fetch would decompress a
 * gzip Content-Encoding, and the bytes must be kept as served.
 */

/** What a request is for, to name in errors. */
export interface Target {
  dataset: string;
  url: string;
}

export interface HttpResponse {
  status: number;
  /** A response header (lower-case name), or undefined. */
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

/** Redirects followed per request; more is a failure (a loop, most likely). */
const MAX_REDIRECTS = 5;

const DEFAULT_HEADERS = {
  // Only gzip (stored as served; the readers sniff it) or identity.
  'Accept-Encoding': 'gzip, identity',
  Accept: '*/*',
  // Some front ends refuse requests without one.
  'User-Agent': 'eucluster',
};

/**
 * Sends the GET, follows up to 5 redirects, and resolves when the final answer's headers are in, with the
 * body unread (the bytes as served, never decompressed). Failing to connect or to get the headers within
 * `timeoutMs` is a TransientError.
 */
export async function openGet(target: Target, o: OpenOptions): Promise<HttpResponse> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, o.timeoutMs);
  const headers = { ...DEFAULT_HEADERS, ...o.headers };
  try {
    let url = new URL(target.url);
    for (let redirects = 0; ; redirects++) {
      const res = await get(url, headers, controller.signal);
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      // 304 answers a conditional request; it is no redirect, whatever it carries.
      if (status < 300 || status >= 400 || status === 304 || !location) return responseOf(res);
      res.destroy();
      if (redirects === MAX_REDIRECTS) throw new Error(`more than ${MAX_REDIRECTS} redirects`);
      url = new URL(location, url);
    }
  } catch (err) {
    if (timedOut) {
      throw new TransientError(`no answer within ${o.timeoutMs} ms (timeoutMs)`, { ...target, cause: err });
    }
    const code = (err as { code?: string }).code;
    throw new TransientError(`request failed: ${code ? `${code} ` : ''}${(err as Error).message}`, {
      ...target,
      cause: err,
    });
  } finally {
    clearTimeout(timer);
  }
}

/** One GET of `url`, resolved with the answer once its headers are in. */
function get(url: URL, headers: Record<string, string>, signal: AbortSignal): Promise<IncomingMessage> {
  const send = url.protocol === 'https:' ? httpsRequest : url.protocol === 'http:' ? httpRequest : undefined;
  if (!send) return Promise.reject(new Error(`unsupported protocol ${url.protocol}`));
  const options: RequestOptions = { method: 'GET', headers, signal };
  return new Promise((resolve, reject) => {
    // Errors after the headers (a reset mid-body) also reach the body stream; the listener stays so
    // that the request's copy of them is never unhandled.
    send(url, options, resolve).on('error', reject).end();
  });
}

function responseOf(res: IncomingMessage): HttpResponse {
  return {
    status: res.statusCode ?? 0,
    header: (name) => {
      const v = res.headers[name.toLowerCase()];
      return Array.isArray(v) ? v.join(', ') : v;
    },
    body: res,
  };
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
  let bytes = 0;
  try {
    for (;;) {
      let timer: NodeJS.Timeout | undefined;
      const stalled = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new TransientError(
                `body stalled: no bytes for ${limits.stallMs} ms after ${bytes} bytes (stallMs)`,
                {
                  ...target,
                  status: res.status,
                },
              ),
            ),
          limits.stallMs,
        );
      });
      let next: IteratorResult<Buffer>;
      try {
        next = await Promise.race([iterator.next(), stalled]);
      } finally {
        clearTimeout(timer);
      }
      if (next.done) break;
      const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
      bytes += chunk.length;
      if (bytes > limits.maxBytes) {
        throw new EurostatHttpError(
          `body exceeds the limit of ${limits.maxBytes} bytes (maxBytes); ` +
            'raise it if the dataset really is that large',
          { ...target, status: res.status },
        );
      }
      yield chunk;
    }
    const declared = Number(res.header('content-length'));
    if (Number.isFinite(declared) && declared > 0 && bytes !== declared) {
      throw new TransientError(`body ended after ${bytes} of the ${declared} bytes announced`, {
        ...target,
        status: res.status,
      });
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
