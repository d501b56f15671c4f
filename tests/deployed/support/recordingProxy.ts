import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Decision, decide, type IamRequest, type Principal } from './iam.ts';
import { dynamoIamRequests, s3IamRequests } from './requestMapping.ts';
import type { PolicyDocument } from './template.ts';

/** One HTTP request a function made, with what IAM decided for each action it stands for. */
export interface RecordedCall {
  fn: string;
  service: 's3' | 'dynamodb' | 'sns' | 'lambda';
  method: string;
  url: string;
  /** DynamoDB's operation (`TransactWriteItems`, `Query`, …), from the request's target header. */
  operation?: string;
  checks: (IamRequest & { decision: Decision })[];
  /** The status the function got (403 where AWS would deny, or where S3 hides a missing key). */
  status?: number;
  /** A GET/HEAD of a missing key answered 403 because the caller may not list the bucket. */
  hiddenMissingKey?: boolean;
  /** From the request's arrival to the end of the answer. */
  ms?: number;
}

export interface ProxyOptions {
  fn: string;
  service: 's3' | 'dynamodb';
  upstream: string;
  principal: Principal;
  /** The bucket policy (S3 only). */
  resourcePolicy?: PolicyDocument | undefined;
  calls: RecordedCall[];
  /** Called before a request is forwarded; `drop` closes the connection instead (a killed function). */
  onCall?: (call: RecordedCall) => 'drop' | undefined;
}

/**
 * A recording HTTP proxy in front of s3rver or DynamoDB Local, one per function: it maps each request to
 * its IAM actions, evaluates them against the function's role (and the bucket policy), answers 403 where
 * AWS would deny, and otherwise forwards the request as it came (headers included, so signatures hold).
 * The bundled code is untouched: only its endpoint variables point here.
 */
export async function recordingProxy(o: ProxyOptions): Promise<{ endpoint: string; close(): Promise<void> }> {
  const upstream = new URL(o.upstream);
  const server: Server = createServer(async (req, res) => {
    const arrived = Date.now();
    res.on('finish', () => {
      const last = o.calls.findLast((c) => c.url === req.url && c.ms === undefined);
      if (last) last.ms = Date.now() - arrived;
    });
    try {
      const body = await readBody(req);
      const method = req.method ?? 'GET';
      const url = req.url ?? '/';
      const iam =
        o.service === 's3'
          ? s3IamRequests(method, url, req.headers, body)
          : dynamoIamRequests(String(req.headers['x-amz-target'] ?? ''), body);
      const checks = [];
      for (const r of iam) {
        const resourcePolicy = o.service === 's3' ? o.resourcePolicy : undefined;
        checks.push({ ...r, decision: await decide(o.principal, r, resourcePolicy) });
      }
      const target = String(req.headers['x-amz-target'] ?? '');
      const call: RecordedCall = {
        fn: o.fn,
        service: o.service,
        method,
        url,
        ...(target ? { operation: target.split('.').pop() ?? target } : {}),
        checks,
      };
      o.calls.push(call);
      if (o.onCall?.(call) === 'drop') {
        req.socket.destroy();
        return;
      }
      const denied = checks.find((c) => c.decision !== 'Allowed');
      if (denied) {
        call.status = 403;
        const message = `User: ${o.principal.roleName} is not authorized to perform: ${denied.action} on resource: ${denied.resource}`;
        if (o.service === 's3') sendS3AccessDenied(res, method, message);
        else {
          res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
          res.end(JSON.stringify({ __type: 'com.amazon.coral.service#AccessDeniedException', message }));
        }
        return;
      }
      const up = await forward(upstream, req, body);
      const isObjectRead =
        o.service === 's3' && (method === 'GET' || method === 'HEAD') && checks[0]?.action === 's3:GetObject';
      if (up.statusCode === 404 && isObjectRead) {
        // S3 answers 404 only to a caller allowed s3:ListBucket on the bucket; modelled strictly: allowed
        // without any s3:prefix condition key (a prefix-conditioned grant is not relied on).
        const bucketArn = (checks[0]?.resource ?? '').replace(/\/.*$/, '');
        const list = await decide(
          o.principal,
          { action: 's3:ListBucket', resource: bucketArn, context: {} },
          o.resourcePolicy,
        );
        if (list !== 'Allowed') {
          up.resume();
          call.status = 403;
          call.hiddenMissingKey = true;
          sendS3AccessDenied(res, method, 'Access Denied');
          return;
        }
      }
      call.status = up.statusCode ?? 0;
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    } catch (err) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`recording proxy: ${(err as Error).message}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

function forward(upstream: URL, req: IncomingMessage, body: Buffer): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const out = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      resolve,
    );
    out.on('error', reject);
    out.end(body);
  });
}

function sendS3AccessDenied(res: import('node:http').ServerResponse, method: string, message: string): void {
  const xml = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>${message}</Message></Error>`;
  res.writeHead(403, {
    'content-type': 'application/xml',
    'content-length': String(method === 'HEAD' ? 0 : xml.length),
  });
  res.end(method === 'HEAD' ? undefined : xml);
}
