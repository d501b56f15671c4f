import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';

export interface StaticServer {
  baseUrl: string;
  /** Paths asked for, in order (without the leading `/`). */
  requests: string[];
  /** The next request for this path fails once (the connection is cut mid-response). */
  cutOnce(path: string): void;
  close(): Promise<void>;
}

/** A plain node:http server of a folder's files (404 for anything else), like any web server of a snapshot. */
export async function staticServer(root: string): Promise<StaticServer> {
  const requests: string[] = [];
  const cuts = new Set<string>();
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0] as string).replace(/^\/+/, '');
    requests.push(path);
    if (cuts.delete(path)) {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('partial');
      res.destroy();
      return;
    }
    const file = normalize(join(root, path));
    const body = file.startsWith(root) ? await readFile(file).catch(() => null) : null;
    if (!body) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-length': body.length }).end(body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    cutOnce: (path) => cuts.add(path),
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}
