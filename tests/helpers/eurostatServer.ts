import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

/**
 * A local HTTP server that answers like Eurostat's SDMX 2.1 API for whole datasets as gzipped TSV:
 * `GET /api/dissemination/sdmx/2.1/data/{dataset}?format=TSV&compressed=true`. It serves files from disk
 * (gzipping plain ones) and counts the requests it gets.
 */
export interface EurostatTestServer {
  baseUrl: string;
  requests: string[];
  close(): Promise<void>;
}

export async function eurostatServer(datasets: Record<string, string>): Promise<EurostatTestServer> {
  const requests: string[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    requests.push(req.url ?? '');
    void answer(req, res, datasets);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function answer(
  req: IncomingMessage,
  res: ServerResponse,
  datasets: Record<string, string>,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const m = /^\/api\/dissemination\/sdmx\/2\.1\/data\/([^/]+)$/.exec(url.pathname);
  const file = m ? datasets[decodeURIComponent(m[1] as string)] : undefined;
  if (!m || !file) {
    res.writeHead(404, { 'content-type': 'application/xml' });
    res.end('<S:Error><S:ErrorMessage code="100">No results found</S:ErrorMessage></S:Error>');
    return;
  }
  if (url.searchParams.get('format') !== 'TSV' || url.searchParams.get('compressed') !== 'true') {
    res.writeHead(400, { 'content-type': 'text/plain' });
    res.end('this test server only speaks format=TSV&compressed=true');
    return;
  }
  const bytes = await readFile(file);
  const body = bytes[0] === 0x1f && bytes[1] === 0x8b ? bytes : gzipSync(bytes);
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
  res.end(body);
}
