import type { EurostatFormat } from '../../model/formats.ts';
import { EurostatHttpError, eurostatMessage, TransientError } from './errors.ts';
import { type BodyLimits, type HttpResponse, openGet, readChunks, statusError, type Target } from './http.ts';
import type { RawSink, StoredObject } from './sinks.ts';
import { asyncAnswer, classifyHead, GzipCheck, HEAD_BYTES, type HeadKind } from './sniff.ts';

/**
 * One GET of a Eurostat data URL and, on a 200 with data, its body streamed into the sink. The first bytes
 * decide what the answer is: gzip (verified whole while it streams), plain data, an HTML page or an XML
 * message (an async key, or an error) where data was expected.
 */

export interface Validators {
  etag?: string;
  lastModified?: string;
}

/** What one download (its retries, fallback and polls included) shares between its requests. */
export interface Download {
  dataset: string;
  /** What the last download answered, sent when an exchange is `conditional`. */
  validators?: Validators;
  sink: RawSink;
  timeoutMs: number;
  limits: BodyLimits;
  /** The clock, for `Retry-After` dates. */
  now: () => number;
  /** HTTP requests made so far. */
  requests: number;
}

export interface ExchangeOptions {
  url: string;
  /** The format the bytes are stored as. */
  format: EurostatFormat;
  /** Send `If-None-Match` / `If-Modified-Since` from the download's validators. */
  conditional: boolean;
  /** An asynchronous answer (a key instead of data) is a result, not an error. */
  allowAsync: boolean;
}

export type Exchange =
  | ({ kind: 'stored'; stored: StoredObject } & Validators)
  | ({ kind: 'notModified' } & Validators)
  | { kind: 'async'; key: string; status: string };

/** The largest XML or HTML answer read to look for an async key or a message. */
export const MESSAGE_LIMIT = 64 * 1024;

export async function exchange(d: Download, x: ExchangeOptions): Promise<Exchange> {
  const target: Target = { dataset: d.dataset, url: x.url };
  d.requests += 1;
  const res = await openGet(target, { timeoutMs: d.timeoutMs, headers: requestHeaders(d.validators, x) });
  if (res.status === 304) {
    res.body.destroy();
    return { kind: 'notModified', ...validatorsOf(res) };
  }
  if (res.status !== 200 && res.status !== 202) throw await statusError(res, target, d.limits, d.now());
  checkEncoding(res, target);
  const body = new Body(res, target, d.limits);
  const kind = classifyHead(await body.readHead());
  if (kind === 'gzip' || kind === 'data') {
    const stored = await storeBody(d, body, { format: x.format, gzip: kind === 'gzip' });
    return { kind: 'stored', stored, ...validatorsOf(res) };
  }
  return await nonData(body, kind, x.allowAsync);
}

export function validatorsOf(res: HttpResponse): Validators {
  const etag = res.header('etag');
  const lastModified = res.header('last-modified');
  return { ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) };
}

function requestHeaders(validators: Validators | undefined, x: ExchangeOptions): Record<string, string> {
  if (!x.conditional || !validators) return {};
  return {
    ...(validators.etag ? { 'If-None-Match': validators.etag } : {}),
    ...(validators.lastModified ? { 'If-Modified-Since': validators.lastModified } : {}),
  };
}

/** Only gzip (kept as served) or identity was asked for; anything else cannot be read later. */
function checkEncoding(res: HttpResponse, target: Target): void {
  const encoding = (res.header('content-encoding') ?? 'identity').toLowerCase();
  if (encoding === 'identity' || encoding === 'gzip') return;
  res.body.destroy();
  throw new EurostatHttpError(`unsupported Content-Encoding "${encoding}"`, {
    ...target,
    status: res.status,
  });
}

/** A body being read: its first bytes (enough to classify it), then the rest. */
class Body {
  head: Buffer = Buffer.alloc(0);
  ended = false;
  private readonly chunks: AsyncGenerator<Buffer>;

  constructor(
    readonly res: HttpResponse,
    readonly target: Target,
    limits: BodyLimits,
  ) {
    this.chunks = readChunks(res, target, limits);
  }

  /** Reads until the head holds `bytes` (a chunk or two; never the body), or the body ends. */
  async readHead(bytes = HEAD_BYTES): Promise<Buffer> {
    while (!this.ended && this.head.length < bytes) {
      const next = await this.chunks.next();
      if (next.done) this.ended = true;
      else this.head = this.head.length === 0 ? next.value : Buffer.concat([this.head, next.value]);
    }
    return this.head;
  }

  /** The chunks after the head. */
  async *rest(): AsyncGenerator<Buffer> {
    if (!this.ended) yield* this.chunks;
  }

  async close(): Promise<void> {
    await this.chunks.return(undefined);
  }

  failure(reason: string, said?: string): EurostatHttpError {
    return new EurostatHttpError(reason, { ...this.target, status: this.res.status, eurostatMessage: said });
  }
}

/**
 * An answer that is not data: an async key (when allowed), else the error that says what came. An HTML page
 * (a maintenance or proxy page) is transient: retried like a 503.
 */
async function nonData(body: Body, kind: HeadKind, allowAsync: boolean): Promise<Exchange> {
  const text = async () => {
    const head = await body.readHead(MESSAGE_LIMIT);
    await body.close();
    return head.subarray(0, MESSAGE_LIMIT).toString('utf8');
  };
  const { target, res } = body;
  if (kind === 'html') {
    throw new TransientError('answered an HTML page where data was expected', {
      ...target,
      status: res.status,
      eurostatMessage: eurostatMessage(await text()),
    });
  }
  if (kind === 'xml') {
    const xml = await text();
    const answer = asyncAnswer(xml);
    if (answer && allowAsync) return { kind: 'async', ...answer };
    const said = eurostatMessage(xml);
    // Eurostat's fault for a too large extraction, whatever status it came with: the caller falls back.
    const tooBig = said !== undefined && /EXTRACTION_TOO_BIG/.test(said);
    throw new EurostatHttpError(
      answer
        ? 'answered an asynchronous key where data was expected'
        : 'answered an XML message where data was expected',
      { ...target, status: tooBig ? 413 : res.status, eurostatMessage: said },
    );
  }
  await body.close();
  if (kind === 'zip') throw body.failure('answered a ZIP archive where TSV, SDMX-CSV or JSON was expected');
  throw body.failure('answered an empty body where data was expected');
}

function extensionOf(format: EurostatFormat, gzip: boolean): string {
  const base = format === 'tsv' ? 'tsv' : format === 'sdmx-csv' ? 'csv' : 'json';
  return gzip ? `${base}.gz` : base;
}

/** A gzip that does not gunzip whole: cut short or damaged on the way, so worth asking again. */
function corruptGzip(body: Body, err: unknown): TransientError {
  return new TransientError(`answered a truncated or corrupt gzip (${(err as Error).message})`, {
    ...body.target,
    status: body.res.status,
    cause: err,
  });
}

/**
 * Streams the body (its head first) into a sink writer; a gzip is gunzipped alongside and thrown away, to
 * prove it whole before the writer commits. On any failure the writer keeps nothing.
 */
async function storeBody(
  d: Download,
  body: Body,
  o: { format: EurostatFormat; gzip: boolean },
): Promise<StoredObject> {
  const check = o.gzip ? new GzipCheck() : undefined;
  // The check's failures, and only those, say the gzip is broken.
  const verify = async (step: Promise<void> | undefined) => {
    try {
      await step;
    } catch (err) {
      throw corruptGzip(body, err);
    }
  };
  const writer = d.sink.begin({
    dataset: d.dataset,
    format: o.format,
    extension: extensionOf(o.format, o.gzip),
  });
  try {
    await writer.write(body.head);
    await verify(check?.write(body.head));
    for await (const chunk of body.rest()) {
      await writer.write(chunk);
      await verify(check?.write(chunk));
    }
    await verify(check?.end());
    return await writer.commit();
  } catch (err) {
    check?.destroy();
    await body.close();
    await writer.abort();
    throw err;
  }
}
