import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultProvider } from '../../lib/aws/lambdaCredentials.ts';

/**
 * The Lambda bundles' credential chain: the environment first, then a container credentials endpoint (a
 * real HTTP server on the loopback, speaking the endpoint's JSON), memoized until five minutes before expiry.
 */

const VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
] as const;
const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));

let server: Server;
let url: string;
let requests: (string | undefined)[] = [];
let expiresInMs = 3_600_000;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.headers.authorization);
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        AccessKeyId: `ASIAFROMENDPOINT${requests.length}`,
        SecretAccessKey: 'secret',
        Token: 'token',
        Expiration: new Date(Date.now() + expiresInMs).toISOString(),
      }),
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/credentials`;
});

afterAll(() => new Promise<void>((done) => server.close(() => done())));

afterEach(() => {
  for (const name of VARIABLES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  requests = [];
  expiresInMs = 3_600_000;
});

function environment(values: Partial<Record<(typeof VARIABLES)[number], string>>): void {
  for (const name of VARIABLES) delete process.env[name];
  Object.assign(process.env, values);
}

describe("the Lambda bundles' credential chain", () => {
  it('takes the credentials Lambda puts in the environment, session token included', async () => {
    environment({
      AWS_ACCESS_KEY_ID: 'ASIAFROMENV',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_SESSION_TOKEN: 'token',
    });
    await expect(defaultProvider()()).resolves.toMatchObject({
      accessKeyId: 'ASIAFROMENV',
      secretAccessKey: 'secret',
      sessionToken: 'token',
    });
  });

  it('can be built with no credentials anywhere, and says so only when asked for them', async () => {
    environment({});
    const provider = defaultProvider();
    await expect(provider()).rejects.toThrow(/AWS_CONTAINER_CREDENTIALS_FULL_URI/);
  });

  it('asks the container credentials endpoint when the environment has none, with its authorization token', async () => {
    environment({ AWS_CONTAINER_CREDENTIALS_FULL_URI: url, AWS_CONTAINER_AUTHORIZATION_TOKEN: 'let-me-in' });
    await expect(defaultProvider()()).resolves.toMatchObject({ accessKeyId: 'ASIAFROMENDPOINT1' });
    expect(requests).toEqual(['let-me-in']);
  });

  it('keeps credentials until five minutes before they expire', async () => {
    environment({ AWS_CONTAINER_CREDENTIALS_FULL_URI: url });
    const provider = defaultProvider();
    await provider();
    await expect(provider()).resolves.toMatchObject({ accessKeyId: 'ASIAFROMENDPOINT1' });
    expect(requests).toHaveLength(1);
  });

  it('fetches again when what it holds has less than five minutes left', async () => {
    environment({ AWS_CONTAINER_CREDENTIALS_FULL_URI: url });
    expiresInMs = 120_000;
    const provider = defaultProvider();
    const first = await provider();
    const asked = requests.length;
    const second = await provider();
    expect(second.accessKeyId).not.toBe(first.accessKeyId);
    expect(requests.length).toBeGreaterThan(asked);
  });
});
