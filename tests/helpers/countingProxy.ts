import { createServer, request } from 'node:http';
import { type AddressInfo, connect } from 'node:net';

/**
 * A forward proxy on 127.0.0.1 for tests, that records what goes through it: plain HTTP requests in absolute
 * form (`GET http://host:port/path`), forwarded; and CONNECT tunnels (`host:port`), piped. It forwards to
 * 127.0.0.1 only and answers 403 to anything else.
 */
export interface CountingProxy {
  url: string;
  /** The request targets of the plain HTTP requests, as received (absolute URLs). */
  requests: string[];
  /** The `host:port` of each CONNECT. */
  tunnels: string[];
  close(): Promise<void>;
}

const LOOPBACK = '127.0.0.1';

export async function countingProxy(): Promise<CountingProxy> {
  const requests: string[] = [];
  const tunnels: string[] = [];
  // Tunnelled sockets leave the HTTP server's books: closed here on close().
  const open = new Set<{ destroy(): void }>();
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const target = URL.canParse(req.url ?? '') ? new URL(req.url as string) : undefined;
    if (!target || target.hostname !== LOOPBACK) {
      res.writeHead(403).end();
      return;
    }
    const upstream = request(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      answer.on('error', () => res.destroy());
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connect', (req, socket, head) => {
    tunnels.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    if (host !== LOOPBACK || !port) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    open.add(socket);
    const upstream = connect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    open.add(upstream);
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${LOOPBACK}:${port}`,
    requests,
    tunnels,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
