import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TransientError } from '../../../lib/eurostat/fetch/errors.ts';
import { openGet, readSmall } from '../../../lib/eurostat/fetch/http.ts';

/**
 * The transport under the Eurostat client (`openGet`), against a local server whose routes answer
 * redirects, gzip-encoded bodies and 304s: what the fault tests of the client do not reach.
 */

type Route = (req: IncomingMessage, res: ServerResponse) => void;

const GZIPPED = gzipSync(Buffer.from('geo\\time\t2023\nBE\t1\n'));
const LIMITS = { stallMs: 1_000, maxBytes: 1024 * 1024, limit: 1024 * 1024 };

let server: Server;
let base: string;
const routes = new Map<string, Route>();
const seen: string[] = [];

const redirect =
  (location: string, status = 302): Route =>
  (_req, res) => {
    res.writeHead(status, { location, 'content-length': '0' });
    res.end();
  };

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.url ?? '');
    const route = routes.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (route) return route(req, res);
    res.writeHead(404, { 'content-length': '0' });
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  routes.set('/data', (req, res) => {
    res.writeHead(200, {
      'content-encoding': 'gzip',
      'content-length': String(GZIPPED.length),
      'x-if-none-match': req.headers['if-none-match'] ?? '',
    });
    res.end(GZIPPED);
  });
  routes.set('/a/relative', redirect('../data'));
  routes.set('/absolute', redirect(`${base}/a/relative`, 301));
  routes.set('/loop', redirect('/loop', 307));
  routes.set('/not-modified', (_req, res) => {
    res.writeHead(304, { etag: '"abc"' });
    res.end();
  });
  routes.set('/hang', () => {});
  routes.set('/to-hang', redirect('/hang'));
});

afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
);

beforeEach(() => {
  seen.length = 0;
});

const target = (path: string) => ({ dataset: 'test', url: `${base}${path}` });

describe('openGet', () => {
  it('keeps a gzip Content-Encoding body as served (not decompressed)', async () => {
    const t = target('/data');
    const res = await openGet(t, { timeoutMs: 1_000 });
    expect(res.status).toBe(200);
    expect(res.header('Content-Encoding')).toBe('gzip');
    expect(await readSmall(res, t, LIMITS)).toEqual(GZIPPED);
  });

  it('follows absolute and relative redirects, with the request headers', async () => {
    const t = target('/absolute');
    const res = await openGet(t, { timeoutMs: 1_000, headers: { 'If-None-Match': '"abc"' } });
    expect(res.status).toBe(200);
    expect(res.header('x-if-none-match')).toBe('"abc"');
    expect(await readSmall(res, t, LIMITS)).toEqual(GZIPPED);
    expect(seen).toEqual(['/absolute', '/a/relative', '/data']);
  });

  it('gives a 304 back as an answer, with its headers (not an error, not a redirect)', async () => {
    const res = await openGet(target('/not-modified'), { timeoutMs: 1_000 });
    expect(res.status).toBe(304);
    expect(res.header('ETag')).toBe('"abc"');
    res.body.destroy();
    expect(seen).toEqual(['/not-modified']);
  });

  it('gives up after 5 redirects, as a TransientError', async () => {
    const err = await openGet(target('/loop'), { timeoutMs: 1_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientError);
    expect((err as Error).message).toMatch(/more than 5 redirects/);
    expect(seen).toHaveLength(6);
  });

  it('counts the headers deadline across redirects', async () => {
    const err = await openGet(target('/to-hang'), { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientError);
    expect((err as Error).message).toMatch(/no answer within 200 ms \(timeoutMs\)/);
    expect(seen).toEqual(['/to-hang', '/hang']);
  });

  it('fails to connect as a TransientError naming the code', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const err = await openGet(
      { dataset: 'test', url: `http://127.0.0.1:${port}/` },
      { timeoutMs: 1_000 },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientError);
    expect((err as Error).message).toMatch(/request failed: ECONNREFUSED/);
  });
});
