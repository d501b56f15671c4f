import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Bucket } from '../../lib/aws/bucket.ts';
import { S3RawStore } from '../../lib/aws/s3RawStore.ts';
import { datasetUrl, fetchDataset } from '../../lib/eurostat/fetch/client.ts';
import { TransientError } from '../../lib/eurostat/fetch/errors.ts';
import { FsRawStore } from '../../lib/fs/fsRawStore.ts';
import type { RawSink } from '../../lib/stores/rawStore.ts';
import { fakeTime, filesUnder, SYNTHETIC_TSV_GZ, tempRoot, testOptions } from '../eurostat/fetch/support.ts';
import { type FakeEurostat, fakeEurostat } from '../helpers/fakeEurostat.ts';
import { freshStorage } from '../helpers/localAws.ts';

const META = { dataset: 'lfsa_egan22d', format: 'tsv' as const, extension: 'tsv.gz' };
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Deterministic bytes (SYNTHETIC filler), `n` long. */
function filler(n: number, seed = 1): Buffer {
  const b = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    b[i] = x >>> 16;
  }
  return b;
}

async function writeAll(sink: RawSink, body: Buffer, chunk = 64 * 1024) {
  const w = sink.begin(META);
  for (let i = 0; i < body.length; i += chunk) await w.write(body.subarray(i, i + chunk));
  return w;
}

describe('FsRawStore', () => {
  let root: string;
  beforeEach(async () => {
    root = await tempRoot();
  });

  it('commits to raw/eurostat/<dataset>/<sha256>.<ext> with the hash and size of the bytes', async () => {
    const body = filler(300_000);
    const stored = await (await writeAll(new FsRawStore(root), body)).commit();
    expect(stored).toEqual({
      key: `raw/eurostat/lfsa_egan22d/${sha256(body)}.tsv.gz`,
      hash: `sha256:${sha256(body)}`,
      bytes: body.length,
    });
    expect((await readFile(join(root, stored.key))).equals(body)).toBe(true);
    expect(await filesUnder(root)).toEqual([stored.key]);
  });

  it('is idempotent: the same bytes committed twice leave one file', async () => {
    const body = filler(10_000);
    const a = await (await writeAll(new FsRawStore(root), body)).commit();
    const b = await (await writeAll(new FsRawStore(root), body)).commit();
    expect(b).toEqual(a);
    expect(await filesUnder(root)).toEqual([a.key]);
  });

  it('keeps nothing on abort, temporary file included', async () => {
    const w = await writeAll(new FsRawStore(root), filler(100_000));
    expect(await filesUnder(root)).toHaveLength(1);
    await w.abort();
    expect(await filesUnder(root)).toEqual([]);
  });

  it('commits an empty body', async () => {
    const stored = await new FsRawStore(root).begin(META).commit();
    expect(stored.bytes).toBe(0);
    expect(await filesUnder(root)).toEqual([stored.key]);
  });
});

describe('S3RawStore (s3rver)', () => {
  let bucket: Bucket;
  let server: FakeEurostat;

  beforeAll(async () => {
    ({ bucket } = await freshStorage());
    server = await fakeEurostat({ datasets: { lfsa_egan22d: { tsv: { file: SYNTHETIC_TSV_GZ } } } });
  });

  afterAll(() => server.close());

  beforeEach(async () => {
    await bucket.deletePrefix('raw/');
    server.reset();
  });

  const sink = () => new S3RawStore(bucket);

  it('uploads a download to the content-addressed key and deletes the temporary object', async () => {
    const result = await fetchDataset(
      { dataset: 'lfsa_egan22d', format: 'tsv', filters: {} },
      sink(),
      testOptions(server.baseUrl, fakeTime()),
    );
    const expected = await readFile(SYNTHETIC_TSV_GZ);
    expect(result.stored?.key).toBe(`raw/eurostat/lfsa_egan22d/${sha256(expected)}.tsv.gz`);
    expect((await bucket.getBuffer(result.stored?.key as string)).equals(expected)).toBe(true);
    expect((await bucket.list('raw/')).map((o) => o.key)).toEqual([result.stored?.key]);
  });

  it('uploads a body larger than one part as a multipart upload', async () => {
    const body = filler(6 * 1024 * 1024 + 123, 7);
    const stored = await (await writeAll(sink(), body, 256 * 1024)).commit();
    expect(stored.hash).toBe(`sha256:${sha256(body)}`);
    expect((await bucket.getBuffer(stored.key)).equals(body)).toBe(true);
    expect((await bucket.list('raw/')).map((o) => o.key)).toEqual([stored.key]);
  });

  it('is idempotent: the same bytes twice leave one object', async () => {
    const body = filler(50_000, 3);
    const a = await (await writeAll(sink(), body)).commit();
    const b = await (await writeAll(sink(), body)).commit();
    expect(b).toEqual(a);
    expect((await bucket.list('raw/')).map((o) => o.key)).toEqual([a.key]);
  });

  it('keeps nothing when the download fails mid-body', async () => {
    const url = datasetUrl({ dataset: 'lfsa_egan22d', format: 'tsv', filters: {} }, server.baseUrl);
    server.fault(url, { reset: true });
    const err = await fetchDataset(
      { dataset: 'lfsa_egan22d', format: 'tsv', filters: {} },
      sink(),
      testOptions(server.baseUrl, fakeTime(), { retry: { maxAttempts: 1 } }),
    ).catch((e) => e);
    expect(err).toBeInstanceOf(TransientError);
    expect(await bucket.list('raw/')).toEqual([]);
  });

  it('keeps nothing when aborted in the middle of a multipart upload', async () => {
    const w = await writeAll(sink(), filler(6 * 1024 * 1024, 9), 256 * 1024);
    await w.abort();
    expect(await bucket.list('raw/')).toEqual([]);
  });
});
