import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { datasetUrl, fetchDataset } from '../../../lib/eurostat/fetch/client.ts';
import { TransientError } from '../../../lib/eurostat/fetch/errors.ts';
import { FsRawStore } from '../../../lib/fs/fsRawStore.ts';
import { type FakeEurostat, type Fault, fakeEurostat } from '../../helpers/fakeEurostat.ts';
import { fakeTime, filesUnder, SYNTHETIC_TSV_GZ, tempRoot, testOptions } from './support.ts';

/**
 * Each fault the real API shows, injected into the local server: what the client does about it, how many
 * requests that takes, and that a failed download leaves nothing in the sink.
 */

const DATASET = 'lfsa_egan22d';
const REQUEST = { dataset: DATASET, format: 'tsv' as const, filters: {} };

let server: FakeEurostat;
let url: string;
let path: string;
let root: string;
let time: ReturnType<typeof fakeTime>;

beforeAll(async () => {
  server = await fakeEurostat({ datasets: { [DATASET]: { tsv: { file: SYNTHETIC_TSV_GZ } } } });
  url = datasetUrl(REQUEST, server.baseUrl);
  path = new URL(url).pathname;
});

afterAll(() => server.close());

beforeEach(async () => {
  server.reset();
  root = await tempRoot();
  time = fakeTime();
});

/** A short deadline for the answer's headers, for the tests of a server that does not answer. */
const TIMEOUT_MS = 300;

const fetchWith = (...faults: Fault[]) => {
  server.fault(path, ...faults);
  return fetchDataset(
    REQUEST,
    new FsRawStore(root),
    testOptions(server.baseUrl, time, { timeoutMs: TIMEOUT_MS }),
  );
};

/** The failure, with what a caller needs to see in it. */
async function failure(...faults: Fault[]) {
  const err = await fetchWith(...faults).then(
    () => {
      throw new Error('expected the download to fail');
    },
    (e: unknown) => e as Error & { dataset: string; url: string; status?: number },
  );
  expect(err.dataset).toBe(DATASET);
  expect(err.url).toBe(url);
  expect(err.message).toContain(DATASET);
  expect(err.message).toContain(url);
  return err;
}

async function expectStoredSample(result: Awaited<ReturnType<typeof fetchDataset>>) {
  const stored = result.stored as NonNullable<typeof result.stored>;
  expect(await filesUnder(root)).toEqual([stored.key]);
  // Buffer.equals: vitest's deep equality walks big buffers byte by byte, slowly.
  expect((await readFile(join(root, stored.key))).equals(await readFile(SYNTHETIC_TSV_GZ))).toBe(true);
}

describe('429 Too Many Requests', () => {
  it('waits the Retry-After, retries and stores the data: 2 requests', async () => {
    const result = await fetchWith({ status: 429, retryAfter: 2 });
    expect(server.count(path)).toBe(2);
    expect(time.delays).toEqual([2_000]);
    await expectStoredSample(result);
  });

  it('persisting, fails as TransientError naming dataset, URL and status, after maxAttempts: 3 requests, nothing kept', async () => {
    const err = await failure({ status: 429 }, { status: 429 }, { status: 429 });
    expect(err).toBeInstanceOf(TransientError);
    expect(err.name).toBe('TransientError');
    expect(err.status).toBe(429);
    expect(err.message).toContain('HTTP 429');
    expect(err.message).toContain('Too many requests, slow down');
    expect(server.count(path)).toBe(3);
    expect(await filesUnder(root)).toEqual([]);
  });
});

describe('500 Internal Server Error', () => {
  it('retries after a jittered backoff and stores the data: 2 requests', async () => {
    const result = await fetchWith({ status: 500 });
    expect(server.count(path)).toBe(2);
    expect(time.delays).toHaveLength(1);
    expect(time.delays[0]).toBeGreaterThanOrEqual(0);
    expect(time.delays[0]).toBeLessThan(100);
    await expectStoredSample(result);
  });

  it('persisting, fails as TransientError with Eurostat’s message: 3 requests, nothing kept', async () => {
    const err = await failure({ status: 500 }, { status: 500 }, { status: 500 });
    expect(err).toBeInstanceOf(TransientError);
    expect(err.message).toContain('HTTP 500');
    expect(err.message).toContain('Internal server error');
    expect(server.count(path)).toBe(3);
    expect(await filesUnder(root)).toEqual([]);
  });
});

describe('503 Service Unavailable', () => {
  it('honours Retry-After given as an HTTP date, retries and stores the data: 2 requests', async () => {
    const result = await fetchWith({ status: 503, retryAfter: new Date(time.now() + 5_000).toUTCString() });
    expect(server.count(path)).toBe(2);
    expect(time.delays).toEqual([5_000]);
    await expectStoredSample(result);
  });

  it('persisting, fails as TransientError: 3 requests, nothing kept', async () => {
    const err = await failure({ status: 503 }, { status: 503 }, { status: 503 });
    expect(err).toBeInstanceOf(TransientError);
    expect(err.status).toBe(503);
    expect(server.count(path)).toBe(3);
    expect(await filesUnder(root)).toEqual([]);
  });
});

describe('connection reset mid-body', () => {
  it('discards the partial body, retries and stores the whole data: 2 requests', async () => {
    const result = await fetchWith({ reset: true });
    expect(server.count(path)).toBe(2);
    await expectStoredSample(result);
  });

  it('persisting, fails as TransientError saying the connection was lost: 3 requests, nothing kept', async () => {
    const err = await failure({ reset: true }, { reset: true }, { reset: true });
    expect(err).toBeInstanceOf(TransientError);
    expect(err.message).toMatch(/connection lost after \d+ bytes/);
    expect(server.count(path)).toBe(3);
    expect(await filesUnder(root)).toEqual([]);
  });
});

describe('stall mid-body (headers and some bytes, then nothing)', () => {
  it('aborts after stallMs, retries and stores the data: 2 requests', async () => {
    const result = await fetchWith({ stallMs: 2_000 });
    expect(server.count(path)).toBe(2);
    await expectStoredSample(result);
  });

  it('persisting, fails as TransientError naming stallMs: 3 requests, nothing kept', async () => {
    const err = await failure({ stallMs: 2_000 }, { stallMs: 2_000 }, { stallMs: 2_000 });
    expect(err).toBeInstanceOf(TransientError);
    expect(err.message).toMatch(/stalled: no bytes for 200 ms/);
    expect(server.count(path)).toBe(3);
    expect(await filesUnder(root)).toEqual([]);
  });
});

describe('no answer (connect + first byte over timeoutMs)', () => {
  it('times out, retries and stores the data: 2 requests', async () => {
    const result = await fetchWith({ hangMs: 1_000 });
    expect(server.count(path)).toBe(2);
    await expectStoredSample(result);
  });

  it('persisting, fails as TransientError naming timeoutMs: 3 requests, nothing kept', async () => {
    const err = await failure({ hangMs: 1_000 }, { hangMs: 1_000 }, { hangMs: 1_000 });
    expect(err).toBeInstanceOf(TransientError);
    expect(err.message).toMatch(/no answer within 300 ms \(timeoutMs\)/);
    expect(server.count(path)).toBe(3);
    expect(await filesUnder(root)).toEqual([]);
  });
});

describe('truncated gzip (complete as HTTP)', () => {
  it('discards it, retries and stores the whole data: 2 requests', async () => {
    const result = await fetchWith({ truncateGzip: true });
    expect(server.count(path)).toBe(2);
    await expectStoredSample(result);
  });

  it('persisting, fails as TransientError saying "truncated or corrupt gzip" and HTTP 200: 3 requests, nothing kept', async () => {
    const err = await failure({ truncateGzip: true }, { truncateGzip: true }, { truncateGzip: true });
    expect(err).toBeInstanceOf(TransientError);
    expect(err.message).toContain('truncated or corrupt gzip');
    expect(err.message).toContain('HTTP 200');
    expect(server.count(path)).toBe(3);
    expect(await filesUnder(root)).toEqual([]);
  });
});

describe('corrupt gzip (whole length, a damaged checksum)', () => {
  it('discards it, retries and stores the whole data: 2 requests', async () => {
    const result = await fetchWith({ corruptGzip: true });
    expect(server.count(path)).toBe(2);
    await expectStoredSample(result);
  });

  it('persisting, fails as TransientError saying "truncated or corrupt gzip": 3 requests, nothing kept', async () => {
    const err = await failure({ corruptGzip: true }, { corruptGzip: true }, { corruptGzip: true });
    expect(err).toBeInstanceOf(TransientError);
    expect(err.message).toContain('truncated or corrupt gzip');
    expect(server.count(path)).toBe(3);
    expect(await filesUnder(root)).toEqual([]);
  });
});

describe('HTML maintenance page where data was expected (200)', () => {
  it('retries and stores the data: 2 requests', async () => {
    const result = await fetchWith({ html: true });
    expect(server.count(path)).toBe(2);
    await expectStoredSample(result);
  });

  it('persisting, fails as TransientError naming the page and its title: 3 requests, nothing kept', async () => {
    const err = await failure({ html: true }, { html: true }, { html: true });
    expect(err).toBeInstanceOf(TransientError);
    expect(err.message).toContain('HTML page where data was expected');
    expect(err.message).toContain('HTTP 200');
    expect(err.message).toContain('Service temporarily unavailable');
    expect(server.count(path)).toBe(3);
    expect(await filesUnder(root)).toEqual([]);
  });
});

describe('structure change (the TSV header gains or loses a dimension)', () => {
  it('stores the bytes as served — judging the structure is the parser’s job: 1 request', async () => {
    const result = await fetchWith({ structureChange: true });
    expect(server.count(path)).toBe(1);
    const stored = result.stored as NonNullable<typeof result.stored>;
    const header = gunzipSync(await readFile(join(root, stored.key)))
      .toString('utf8')
      .split('\n')[0];
    expect(header?.startsWith('wstatus,freq,unit,sex,age,nace_r2,geo\\TIME_PERIOD')).toBe(true);
  });

  it('can drop a dimension instead', async () => {
    const result = await fetchWith({ structureChange: 'missing' });
    const stored = result.stored as NonNullable<typeof result.stored>;
    const header = gunzipSync(await readFile(join(root, stored.key)))
      .toString('utf8')
      .split('\n')[0];
    expect(header?.startsWith('unit,sex,age,nace_r2,geo\\TIME_PERIOD')).toBe(true);
  });
});

describe('a mix of transient faults', () => {
  it('rides out 503, reset and stall within maxAttempts = 4: 4 requests, one file', async () => {
    server.fault(path, { status: 503 }, { reset: true }, { stallMs: 2_000 });
    const result = await fetchDataset(
      REQUEST,
      new FsRawStore(root),
      testOptions(server.baseUrl, time, { retry: { maxAttempts: 4 } }),
    );
    expect(server.count(path)).toBe(4);
    await expectStoredSample(result);
  });
});
