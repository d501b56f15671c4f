import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

/**
 * A local HTTP server (127.0.0.1, a free port) that answers like Eurostat's dissemination API, for tests:
 * - `GET /api/dissemination/catalogue/toc/txt?lang=en`: the catalogue given;
 * - `GET /api/dissemination/sdmx/2.1/data/{dataset}[/{key}]?format=TSV|SDMX-CSV[&compressed=true]`: the
 *   dataset's TSV or SDMX-CSV body (gzipped when `compressed=true`);
 * - `GET /api/dissemination/statistics/1.0/data/{dataset}?…`: its JSON-stat body (plain JSON);
 * - `413 EXTRACTION_TOO_BIG` for a `tooBig` dataset asked with a key, filters or a start period;
 * - an asynchronous answer (an XML key) for an `async` dataset, then `GET /api/dissemination/1.0/async/status/{key}`
 *   (the statuses given, one per poll, the last repeated) and `GET /api/dissemination/1.0/async/data/{key}`;
 * - `ETag` / `Last-Modified` on data, and `304` to `If-None-Match` / `If-Modified-Since`.
 * Faults are injected per path (the URL's pathname), consumed one per request, and every request is recorded.
 */

export type Body = Buffer | string | { file: string };

export interface FakeDataset {
  /** The TSV body (plain or gzipped): a file or the content. */
  tsv?: Body;
  /** The SDMX-CSV body. */
  sdmxCsv?: Body;
  /** The JSON-stat body. */
  jsonStat?: Body;
  /** Answer 413 EXTRACTION_TOO_BIG to anything but the bulk URL (no key, no filters, no start period). */
  tooBig?: boolean;
  /** Answer data requests asynchronously; the statuses the status endpoint gives, one per poll. */
  async?: string[];
  /** The async key (default: a new UUID per request), to aim faults at its status path. */
  asyncKey?: string;
  /** `Last-Modified` of the data (an HTTP date). */
  lastModified?: string;
}

export type Fault =
  /** That status with an error body; `retryAfter` sets `Retry-After` (seconds or an HTTP date). */
  | { status: number; retryAfter?: number | string; body?: string; contentType?: string }
  /** Headers and part of the body, then the socket is destroyed. */
  | { reset: true }
  /** Headers and part of the body, then nothing for `stallMs`, then the socket is destroyed. */
  | { stallMs: number }
  /** No answer at all (not even headers) for `hangMs`, then the socket is destroyed. */
  | { hangMs: number }
  /** The gzipped body cut short (complete as HTTP: Content-Length says the cut length). */
  | { truncateGzip: true }
  /** The gzipped body whole but damaged: its CRC-32 trailer no longer matches the data. */
  | { corruptGzip: true }
  /** 200 with an HTML error page. */
  | { html: true }
  /** A TSV whose header has an extra dimension (`extra`, the default) or lacks its first one (`missing`). */
  | { structureChange: true | 'extra' | 'missing' };

export interface RecordedRequest {
  method: string;
  /** The URL's pathname. */
  path: string;
  /** Pathname and query, as sent. */
  url: string;
  headers: IncomingMessage['headers'];
}

export interface FakeEurostat {
  baseUrl: string;
  requests: RecordedRequest[];
  /** Requests whose pathname+query starts with `prefix` (a path, or a full URL of this server). */
  count(prefix: string): number;
  /** Queues faults for a path (pathname, or a full URL of this server: its pathname is used). */
  fault(path: string, ...faults: Fault[]): void;
  /** The faults still queued for a path. */
  pending(path: string): number;
  /** Forgets every queued fault and recorded request. */
  reset(): void;
  close(): Promise<void>;
}

export interface FakeEurostatOptions {
  datasets: Record<string, FakeDataset>;
  /** The catalogue TXT body. */
  catalogue?: Body;
  /** Default `Last-Modified` of every dataset. */
  lastModified?: string;
  /** Other files served at their path (e.g. the cluster organisations of `eccp.url`); faults apply to them too. */
  files?: Record<string, { body: Body; contentType: string }>;
  /** Serve HTTPS with this certificate (the base URL is then `https://127.0.0.1:…`). */
  tls?: { cert: string | Buffer; key: string | Buffer };
}

const SAMPLE_EUROSTAT = join(import.meta.dirname, '..', '..', 'data', 'sample', 'eurostat');

/** The bundled sample's three Eurostat files (SYNTHETIC division-level data), served as their datasets. */
export const SAMPLE_DATASETS: Record<string, FakeDataset> = {
  lfsa_egan22d: { tsv: { file: join(SAMPLE_EUROSTAT, 'synthetic_lfsa_egan22d.tsv.gz') } },
  lfst_r_lfe2en2: { tsv: { file: join(SAMPLE_EUROSTAT, 'synthetic_lfst_r_lfe2en2_nace2d.tsv.gz') } },
  lfst_r_lfe2emp: { tsv: { file: join(SAMPLE_EUROSTAT, 'lfst_r_lfe2emp.tsv') } },
};

export const DEFAULT_LAST_MODIFIED = 'Wed, 10 Apr 2024 09:00:00 GMT';

const API = '/api/dissemination';

function bytesOf(body: Body): Buffer {
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  return readFileSync(body.file);
}

const isGzip = (b: Buffer) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
const plain = (b: Buffer) => (isGzip(b) ? gunzipSync(b) : b);

/** The TSV with its header's dimensions changed (and every row to match). */
export function changeStructure(tsv: Buffer, how: 'extra' | 'missing'): Buffer {
  const lines = plain(tsv).toString('utf8').split('\n');
  return Buffer.from(
    lines
      .map((line, i) => {
        if (line === '') return line;
        if (how === 'extra') return `${i === 0 ? 'wstatus' : 'EMP'},${line}`;
        return line.slice(line.indexOf(',') + 1);
      })
      .join('\n'),
  );
}

/**
 * The series of a TSV or SDMX-CSV body whose key matches an SDMX key (`A.THS_PER.T.Y15-64.`: one part per
 * dimension, empty = any, `+` = several); `'none'` when no series matches, a reason when the key does not fit.
 */
export function selectByKey(body: Buffer, key: string, tsv: boolean): Buffer | 'none' | string {
  const lines = body.toString('utf8').split('\n');
  const header = lines[0] ?? '';
  const parts = key.split('.').map((p) => (p === '' ? undefined : new Set(p.split('+'))));
  const dims = tsv
    ? ((header.split('\t')[0] ?? '').split('\\')[0]?.split(',') ?? [])
    : header.split(',').slice(2, header.split(',').indexOf('TIME_PERIOD'));
  if (parts.length !== dims.length)
    return `the key has ${parts.length} parts, the dataset ${dims.length} dimensions (${dims.join(', ')})`;
  const keyOf = (line: string) =>
    tsv ? (line.split('\t')[0] ?? '').split(',') : line.split(',').slice(2, 2 + dims.length);
  const kept = lines
    .slice(1)
    .filter((l) => l !== '' && parts.every((p, i) => !p || p.has(keyOf(l)[i] ?? '')));
  if (kept.length === 0) return 'none';
  return Buffer.from(`${[header, ...kept].join('\n')}\n`);
}

function xmlError(status: number, text: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?><S:Error xmlns:S="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message" ' +
    'xmlns:com="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common">' +
    `<S:ErrorMessage code="${status}"><com:Text>${text}</com:Text></S:ErrorMessage></S:Error>`
  );
}

const TOO_BIG =
  '<S:Fault xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><faultcode>413</faultcode>' +
  '<faultstring>EXTRACTION_TOO_BIG: The requested extraction is too big, estimated 420709314 rows, max ' +
  'authorised is 5000000, please change your filters to reduce the extraction size</faultstring></S:Fault>';

/** The asynchronous answer, in the layout the client assumes (see lib/eurostat/fetch/sniff.ts). */
export function asyncQueuedXml(key: string, status = 'SUBMITTED'): string {
  return (
    '<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/"><env:Header/><env:Body>' +
    '<ns0:syncResponse xmlns:ns0="http://estat.ec.europa.eu/disschain/soap/extraction">' +
    `<queued><id>${key}</id><status>${status}</status></queued></ns0:syncResponse></env:Body></env:Envelope>`
  );
}

export function asyncStatusXml(key: string, status: string): string {
  return (
    '<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/"><env:Header/><env:Body>' +
    '<ns0:asyncStatusResponse xmlns:ns0="http://estat.ec.europa.eu/disschain/soap/asynchronous">' +
    `<status><key>${key}</key><status>${status}</status></status></ns0:asyncStatusResponse></env:Body></env:Envelope>`
  );
}

const HTML_PAGE =
  '<!DOCTYPE html><html><head><title>Service temporarily unavailable - Eurostat</title></head>' +
  '<body><h1>We are sorry</h1><p>The service is under maintenance.</p></body></html>';

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export async function fakeEurostat(options: FakeEurostatOptions): Promise<FakeEurostat> {
  const requests: RecordedRequest[] = [];
  const faults = new Map<string, Fault[]>();
  const timers = new Set<NodeJS.Timeout>();
  /** Async key → what it serves and how far its status polls went. */
  const jobs = new Map<string, { answer: Answer; statuses: string[]; polls: number }>();
  const pathOf = (p: string) => (p.startsWith('http') ? new URL(p).pathname : (p.split('?')[0] ?? p));

  function dataAnswer(dataset: string, ds: FakeDataset, url: URL, key: string | undefined): Answer {
    const format = url.searchParams.get('format');
    const compressed = url.searchParams.get('compressed') === 'true';
    const source = format === 'SDMX-CSV' ? ds.sdmxCsv : format === 'TSV' ? ds.tsv : undefined;
    if (!format || (format !== 'TSV' && format !== 'SDMX-CSV')) {
      return {
        status: 400,
        headers: { 'content-type': 'application/xml' },
        body: Buffer.from(xmlError(140, `Syntax error: unsupported format ${format}`)),
      };
    }
    if (!source) return notFound(dataset);
    if (ds.tooBig && (key !== undefined || url.searchParams.has('startPeriod'))) return tooBig();
    const whole = bytesOf(source);
    // A key selects series as Eurostat's does: one part per dimension, in the dataset's order, `+` for several.
    const selected = key ? selectByKey(plain(whole), key, format === 'TSV') : whole;
    if (typeof selected === 'string') {
      return {
        status: selected === 'none' ? 404 : 400,
        headers: { 'content-type': 'application/xml' },
        body: Buffer.from(
          selected === 'none'
            ? xmlError(100, 'No results found')
            : xmlError(140, `Syntax error: ${selected}`),
        ),
      };
    }
    const served = selected;
    const raw = plain(served);
    return {
      status: 200,
      headers: {
        'content-type': format === 'TSV' ? 'text/tab-separated-values' : 'text/csv',
        ...(compressed
          ? {
              'content-disposition': `attachment; filename=${dataset}.${format === 'TSV' ? 'tsv' : 'csv'}.gz`,
            }
          : {}),
      },
      body: compressed ? (isGzip(served) ? served : gzipSync(raw)) : raw,
    };
  }

  function statisticsAnswer(dataset: string, ds: FakeDataset, url: URL): Answer {
    if (!ds.jsonStat) return notFound(dataset, true);
    const filtered = [...url.searchParams.keys()].some((k) => !['lang', 'format'].includes(k));
    if (ds.tooBig && filtered) return tooBig();
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: plain(bytesOf(ds.jsonStat)),
    };
  }

  function notFound(dataset: string, json = false): Answer {
    return json
      ? {
          status: 404,
          headers: { 'content-type': 'application/json' },
          body: Buffer.from(
            JSON.stringify({ error: { status: 404, label: `Dataset ${dataset} not found` } }),
          ),
        }
      : {
          status: 404,
          headers: { 'content-type': 'application/xml' },
          body: Buffer.from(xmlError(100, 'No results found')),
        };
  }

  function tooBig(): Answer {
    return { status: 413, headers: { 'content-type': 'text/xml' }, body: Buffer.from(TOO_BIG) };
  }

  function withValidators(answer: Answer, ds: FakeDataset, req: IncomingMessage): Answer {
    if (answer.status !== 200) return answer;
    const etag = `"${createHash('sha256').update(answer.body).digest('hex').slice(0, 16)}"`;
    const lastModified = ds.lastModified ?? options.lastModified ?? DEFAULT_LAST_MODIFIED;
    const headers = { ...answer.headers, etag, 'last-modified': lastModified };
    const inm = req.headers['if-none-match'];
    const ims = req.headers['if-modified-since'];
    const unchanged =
      inm !== undefined
        ? inm.split(',').some((t) => t.trim() === etag)
        : ims !== undefined && Date.parse(lastModified) <= Date.parse(ims);
    if (unchanged)
      return { status: 304, headers: { etag, 'last-modified': lastModified }, body: Buffer.alloc(0) };
    return { ...answer, headers };
  }

  function route(req: IncomingMessage, url: URL): Answer {
    const path = url.pathname;
    const file = options.files?.[path];
    if (file) return { status: 200, headers: { 'content-type': file.contentType }, body: bytesOf(file.body) };
    if (path === `${API}/catalogue/toc/txt`) {
      if (!options.catalogue) return notFound('catalogue');
      return {
        status: 200,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: bytesOf(options.catalogue),
      };
    }
    const status = new RegExp(`^${API}/1\\.0/async/status/([^/]+)$`).exec(path);
    if (status) {
      const job = jobs.get(decodeURIComponent(status[1] as string));
      if (!job)
        return { status: 404, headers: {}, body: Buffer.from(asyncStatusXml('?', 'UNKNOWN_REQUEST')) };
      const s = job.statuses[Math.min(job.polls, job.statuses.length - 1)] ?? 'AVAILABLE';
      job.polls += 1;
      return {
        status: 200,
        headers: { 'content-type': 'text/xml' },
        body: Buffer.from(asyncStatusXml(status[1] as string, s)),
      };
    }
    const data = new RegExp(`^${API}/1\\.0/async/data/([^/]+)$`).exec(path);
    if (data) {
      const job = jobs.get(decodeURIComponent(data[1] as string));
      if (!job) return notFound('async');
      return job.answer;
    }
    const sdmx = new RegExp(`^${API}/sdmx/2\\.1/data/([^/]+)(?:/([^/]*))?$`).exec(path);
    const stats = new RegExp(`^${API}/statistics/1\\.0/data/([^/]+)$`).exec(path);
    const m = sdmx ?? stats;
    if (!m) return notFound(path);
    const dataset = decodeURIComponent(m[1] as string);
    const ds = options.datasets[dataset];
    if (!ds) return notFound(dataset, stats !== null);
    const answer = sdmx
      ? dataAnswer(dataset, ds, url, sdmx[2] === undefined ? undefined : sdmx[2])
      : statisticsAnswer(dataset, ds, url);
    if (ds.async && answer.status === 200) {
      const key = ds.asyncKey ?? randomUUID();
      jobs.set(key, { answer, statuses: ds.async, polls: 0 });
      return { status: 200, headers: { 'content-type': 'text/xml' }, body: Buffer.from(asyncQueuedXml(key)) };
    }
    return withValidators(answer, ds, req);
  }

  function send(res: ServerResponse, a: Answer): void {
    res.writeHead(a.status, { ...a.headers, 'content-length': String(a.body.length) });
    res.end(a.body);
  }

  function later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  }

  function apply(fault: Fault, answer: Answer, req: IncomingMessage, res: ServerResponse): void {
    if ('status' in fault) {
      const body =
        fault.body ??
        (fault.status === 429
          ? JSON.stringify({ error: { status: 429, label: 'Too many requests, slow down' } })
          : xmlError(fault.status, fault.status >= 500 ? 'Internal server error' : 'Bad request'));
      const headers: Record<string, string> = {
        'content-type': fault.contentType ?? (body.startsWith('{') ? 'application/json' : 'application/xml'),
      };
      if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
      send(res, { status: fault.status, headers, body: Buffer.from(body) });
      return;
    }
    if ('html' in fault) {
      send(res, { status: 200, headers: { 'content-type': 'text/html' }, body: Buffer.from(HTML_PAGE) });
      return;
    }
    if ('truncateGzip' in fault) {
      const gz = isGzip(answer.body) ? answer.body : gzipSync(answer.body);
      send(res, { ...answer, body: gz.subarray(0, Math.max(20, Math.floor(gz.length * 0.6))) });
      return;
    }
    if ('corruptGzip' in fault) {
      const gz = Buffer.from(isGzip(answer.body) ? answer.body : gzipSync(answer.body));
      // The trailer is CRC-32 then ISIZE (RFC 1952): flipping the CRC's first byte breaks only the check.
      gz[gz.length - 8] = (gz[gz.length - 8] as number) ^ 0xff;
      send(res, { ...answer, body: gz });
      return;
    }
    if ('structureChange' in fault) {
      const changed = changeStructure(answer.body, fault.structureChange === 'missing' ? 'missing' : 'extra');
      send(res, { ...answer, body: isGzip(answer.body) ? gzipSync(changed) : changed });
      return;
    }
    if ('hangMs' in fault) {
      later(fault.hangMs, () => req.socket.destroy());
      return;
    }
    // reset / stall: the headers announce the whole body, part of it comes, then the connection dies.
    res.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) });
    res.write(answer.body.subarray(0, Math.max(1, Math.floor(answer.body.length / 3))));
    if ('stallMs' in fault) later(fault.stallMs, () => req.socket.destroy());
    else later(5, () => req.socket.destroy());
  }

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      url: req.url ?? '',
      headers: req.headers,
    });
    const answer =
      req.method === 'GET' ? route(req, url) : { status: 405, headers: {}, body: Buffer.alloc(0) };
    const fault = faults.get(url.pathname)?.shift();
    if (fault) apply(fault, answer, req, res);
    else send(res, answer);
  };
  const server: Server = options.tls ? createHttpsServer(options.tls, handle) : createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  const strip = (p: string) => (p.startsWith(baseUrl) ? p.slice(baseUrl.length) : p);
  return {
    baseUrl,
    requests,
    count: (prefix) => requests.filter((r) => r.url.startsWith(strip(prefix))).length,
    fault: (path, ...list) => {
      const key = pathOf(strip(path));
      faults.set(key, [...(faults.get(key) ?? []), ...list]);
    },
    pending: (path) => faults.get(pathOf(strip(path)))?.length ?? 0,
    reset: () => {
      faults.clear();
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
