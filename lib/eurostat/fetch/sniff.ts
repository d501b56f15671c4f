import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { createGunzip, type Gunzip } from 'node:zlib';
import { isGzip } from './http.ts';

/**
 * What the first bytes of a 200 answer say it is. Eurostat sometimes answers with an HTML page (a proxy or
 * maintenance page) or an XML message (an error, or an asynchronous answer) where data was expected.
 */
export type HeadKind = 'gzip' | 'zip' | 'html' | 'xml' | 'empty' | 'data';

/** Bytes enough to tell the kinds apart. */
export const HEAD_BYTES = 64;

export function classifyHead(head: Buffer): HeadKind {
  if (head.length === 0) return 'empty';
  if (isGzip(head)) return 'gzip';
  if (head.length >= 2 && head[0] === 0x50 && head[1] === 0x4b) return 'zip';
  const text = head
    .toString('latin1')
    .replace(/^\xEF\xBB\xBF/, '')
    .trimStart()
    .toLowerCase();
  if (text.length === 0) return 'data';
  if (text.startsWith('<!doctype') || text.startsWith('<html') || /^<(head|body)\b/.test(text)) return 'html';
  if (text.startsWith('<')) return 'xml';
  return 'data';
}

/**
 * Gunzips the bytes it is given and throws the output away, to prove a gzip whole while it streams to the
 * sink: `end()` rejects when the gzip is truncated or corrupt. Holds no more than zlib's window.
 */
export class GzipCheck {
  private readonly gunzip: Gunzip = createGunzip();
  private failure: Error | undefined;
  /**
   * The gunzip's end, watched once: a `finished()` per wait for 'drain' left its listeners on the stream
   * until the end (MaxListenersExceededWarning … [Gunzip] after ten waits on a download of a few MB).
   */
  private readonly done: Promise<void>;

  constructor() {
    this.gunzip.on('error', (e) => {
      this.failure = e;
    });
    this.gunzip.resume();
    this.done = finished(this.gunzip);
    // Its failure is thrown by the write or end that meets it (`failure`), never left unhandled.
    this.done.catch(() => {});
  }

  async write(chunk: Buffer): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.gunzip.write(chunk)) {
      // The wait's own listener goes when it ends, whichever of drain or the end comes first.
      const stop = new AbortController();
      try {
        await Promise.race([once(this.gunzip, 'drain', { signal: stop.signal }), this.done]);
      } finally {
        stop.abort();
      }
    }
    if (this.failure) throw this.failure;
  }

  async end(): Promise<void> {
    if (this.failure) throw this.failure;
    this.gunzip.end();
    await this.done;
  }

  destroy(): void {
    this.gunzip.destroy();
  }
}

/**
 * Eurostat's asynchronous answers, as this client reads them.
 *
 * ASSUMPTION (Eurostat's "API - Detailed guidelines - Asynchronous API" describes the flow but the response
 * layout was not at hand): a data request answered asynchronously gets a small XML (SOAP-style) document
 * instead of the data, holding a unique key and a status, e.g.
 *   <env:Envelope …><env:Body><ns0:syncResponse …>
 *     <queued><id>KEY</id><status>SUBMITTED</status></queued>…
 * and `GET …/1.0/async/status/{key}` answers an XML document with the status (SUBMITTED, PROCESSING,
 * AVAILABLE, EXPIRED; the rOpenGov eurostat package reads it as the first `status` element). So the parsing
 * is tolerant: the key is the text of the first `<key>` or `<id>` element and the status the first
 * `<status>` element holding one upper-case word, whatever their namespace prefixes or nesting.
 */
export const ASYNC_STATUSES = ['SUBMITTED', 'PROCESSING', 'AVAILABLE', 'EXPIRED'] as const;

export function asyncStatusOf(xml: string): string | undefined {
  return /<(?:[\w-]+:)?status\b[^>]*>\s*([A-Z_]+)\s*<\/(?:[\w-]+:)?status>/.exec(xml)?.[1];
}

export function asyncKeyOf(xml: string): string | undefined {
  return /<(?:[\w-]+:)?(?:key|id)\b[^>]*>\s*([^<\s]+)\s*<\/(?:[\w-]+:)?(?:key|id)>/.exec(xml)?.[1];
}

/** The key and status of an asynchronous answer, or undefined when the XML is something else. */
export function asyncAnswer(xml: string): { key: string; status: string } | undefined {
  const key = asyncKeyOf(xml);
  const status = asyncStatusOf(xml);
  if (!key || !status || !(ASYNC_STATUSES as readonly string[]).includes(status)) return undefined;
  return { key, status };
}
