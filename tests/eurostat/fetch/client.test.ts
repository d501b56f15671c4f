import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { datasetUrl, fetchDataset, fetchDatasetBuffer } from '../../../lib/eurostat/fetch/client.ts';
import { EurostatHttpError, TransientError } from '../../../lib/eurostat/fetch/errors.ts';
import { bulkUrl } from '../../../lib/eurostat/fetch/urls.ts';
import { FsRawStore } from '../../../lib/fs/fsRawStore.ts';
import { DEFAULT_LAST_MODIFIED, type FakeEurostat, fakeEurostat } from '../../helpers/fakeEurostat.ts';
import {
  fakeTime,
  filesUnder,
  REAL_TSV,
  SYNTHETIC_JSON_STAT,
  SYNTHETIC_SDMX_CSV,
  SYNTHETIC_TSV_GZ,
  tempRoot,
  testOptions,
} from './support.ts';

const KEY_ORDER = ['freq', 'unit', 'sex', 'age', 'nace_r2', 'geo'];
const FILTERS = { unit: 'THS_PER', sex: 'T', age: 'Y_GE15' };

let server: FakeEurostat;
let root: string;
let time: ReturnType<typeof fakeTime>;

beforeAll(async () => {
  server = await fakeEurostat({
    datasets: {
      // SYNTHETIC division-level employment (data/sample/PROVENANCE.md), with synthetic SDMX-CSV and JSON-stat.
      lfsa_egan22d: {
        tsv: { file: SYNTHETIC_TSV_GZ },
        sdmxCsv: SYNTHETIC_SDMX_CSV,
        jsonStat: SYNTHETIC_JSON_STAT,
      },
      // Real regional totals, served as Eurostat does: gzipped.
      lfst_r_lfe2emp: { tsv: { file: REAL_TSV } },
      // Too big when filtered: 413 EXTRACTION_TOO_BIG.
      lfst_r_lfe2en2: {
        tsv: { file: SYNTHETIC_TSV_GZ },
        sdmxCsv: SYNTHETIC_SDMX_CSV,
        jsonStat: SYNTHETIC_JSON_STAT,
        tooBig: true,
      },
      // Answered asynchronously.
      sbs_r_nuts2021: { sdmxCsv: SYNTHETIC_SDMX_CSV, async: ['SUBMITTED', 'PROCESSING', 'AVAILABLE'] },
      async_expired: { sdmxCsv: SYNTHETIC_SDMX_CSV, async: ['PROCESSING', 'EXPIRED'] },
      async_slow: { sdmxCsv: SYNTHETIC_SDMX_CSV, async: ['PROCESSING'] },
      async_flaky: { sdmxCsv: SYNTHETIC_SDMX_CSV, async: ['AVAILABLE'], asyncKey: 'flaky-key' },
    },
  });
});

afterAll(() => server.close());

beforeEach(async () => {
  server.reset();
  root = await tempRoot();
  time = fakeTime();
});

const options = (extra = {}) => testOptions(server.baseUrl, time, extra);

describe('a plain download', () => {
  it('streams the gzipped TSV into the sink under raw/eurostat/<dataset>/<sha256>.tsv.gz: 1 request', async () => {
    const result = await fetchDataset(
      { dataset: 'lfsa_egan22d', format: 'tsv', filters: FILTERS },
      new FsRawStore(root),
      options(),
    );
    const expected = await readFile(SYNTHETIC_TSV_GZ);
    const stored = result.stored as NonNullable<typeof result.stored>;
    expect(stored.key).toMatch(/^raw\/eurostat\/lfsa_egan22d\/[0-9a-f]{64}\.tsv\.gz$/);
    expect(stored.bytes).toBe(expected.length);
    expect(stored.hash).toBe(`sha256:${stored.key.slice(-71, -7)}`);
    expect((await readFile(join(root, stored.key))).equals(expected)).toBe(true);
    expect(result).toMatchObject({ format: 'tsv', requests: 1, notModified: false });
  });

  it('reports Last-Modified as the source version, and the ETag', async () => {
    const result = await fetchDataset(
      { dataset: 'lfsa_egan22d', format: 'tsv', filters: {} },
      new FsRawStore(root),
      options(),
    );
    expect(result.sourceVersion).toBe(DEFAULT_LAST_MODIFIED);
    expect(result.lastModified).toBe(DEFAULT_LAST_MODIFIED);
    expect(result.etag).toMatch(/^"[0-9a-f]{16}"$/);
  });

  it('stores SDMX-CSV as csv.gz', async () => {
    const result = await fetchDataset(
      {
        dataset: 'lfsa_egan22d',
        format: 'sdmx-csv',
        filters: FILTERS,
        keyOrder: KEY_ORDER,
        startPeriod: 2020,
      },
      new FsRawStore(root),
      options(),
    );
    const stored = result.stored as NonNullable<typeof result.stored>;
    expect(stored.key).toMatch(/\.csv\.gz$/);
    expect(gunzipSync(await readFile(join(root, stored.key))).toString()).toBe(SYNTHETIC_SDMX_CSV);
    expect(server.requests[0]?.url).toBe(
      '/api/dissemination/sdmx/2.1/data/lfsa_egan22d/.THS_PER.T.Y_GE15..?format=SDMX-CSV&compressed=true&startPeriod=2020',
    );
  });

  it('stores JSON-stat as plain json', async () => {
    const result = await fetchDataset(
      { dataset: 'lfsa_egan22d', format: 'json-stat', filters: FILTERS },
      new FsRawStore(root),
      options(),
    );
    const stored = result.stored as NonNullable<typeof result.stored>;
    expect(stored.key).toMatch(/\.json$/);
    expect((await readFile(join(root, stored.key))).toString()).toBe(SYNTHETIC_JSON_STAT);
  });

  it('asks for gzip or identity only (the bytes are stored as served)', async () => {
    await fetchDataset(
      { dataset: 'lfsa_egan22d', format: 'tsv', filters: {} },
      new FsRawStore(root),
      options(),
    );
    expect(server.requests[0]?.headers['accept-encoding']).toBe('gzip, identity');
  });
});

describe('content addressing', () => {
  it('stores the same body twice under the same key, as one file', async () => {
    const request = { dataset: 'lfst_r_lfe2emp', format: 'tsv' as const, filters: {} };
    const a = await fetchDataset(request, new FsRawStore(root), options());
    const b = await fetchDataset(request, new FsRawStore(root), options());
    expect(b.stored).toEqual(a.stored);
    expect(await filesUnder(root)).toEqual([a.stored?.key]);
  });
});

describe('conditional requests', () => {
  it('sends If-None-Match and, on 304, reports notModified and writes nothing: 1 request', async () => {
    const first = await fetchDataset(
      { dataset: 'lfsa_egan22d', format: 'tsv', filters: {} },
      new FsRawStore(root),
      options(),
    );
    const again = await tempRoot();
    server.requests.length = 0;
    const result = await fetchDataset(
      { dataset: 'lfsa_egan22d', format: 'tsv', filters: {}, validators: { etag: first.etag } },
      new FsRawStore(again),
      options(),
    );
    expect(server.requests[0]?.headers['if-none-match']).toBe(first.etag);
    expect(result).toMatchObject({ notModified: true, requests: 1, sourceVersion: DEFAULT_LAST_MODIFIED });
    expect(result.stored).toBeUndefined();
    expect(await filesUnder(again)).toEqual([]);
  });

  it('sends If-Modified-Since and, on 304, writes nothing', async () => {
    const result = await fetchDataset(
      {
        dataset: 'lfsa_egan22d',
        format: 'tsv',
        filters: {},
        validators: { lastModified: DEFAULT_LAST_MODIFIED },
      },
      new FsRawStore(root),
      options(),
    );
    expect(server.requests[0]?.headers['if-modified-since']).toBe(DEFAULT_LAST_MODIFIED);
    expect(result.notModified).toBe(true);
    expect(await filesUnder(root)).toEqual([]);
  });

  it('downloads again when the ETag no longer matches', async () => {
    const result = await fetchDataset(
      { dataset: 'lfsa_egan22d', format: 'tsv', filters: {}, validators: { etag: '"stale"' } },
      new FsRawStore(root),
      options(),
    );
    expect(result.notModified).toBe(false);
    expect(await filesUnder(root)).toHaveLength(1);
  });
});

describe('413 EXTRACTION_TOO_BIG', () => {
  it('falls back to the bulk whole-dataset TSV: 2 requests, format tsv, the bulk URL reported', async () => {
    const request = {
      dataset: 'lfst_r_lfe2en2',
      format: 'sdmx-csv' as const,
      filters: FILTERS,
      keyOrder: KEY_ORDER,
    };
    const result = await fetchDataset(request, new FsRawStore(root), options());
    expect(server.requests.map((r) => r.url)).toEqual([
      new URL(datasetUrl(request, server.baseUrl)).pathname +
        new URL(datasetUrl(request, server.baseUrl)).search,
      '/api/dissemination/sdmx/2.1/data/lfst_r_lfe2en2?format=TSV&compressed=true',
    ]);
    expect(result).toMatchObject({
      format: 'tsv',
      requests: 2,
      url: bulkUrl('lfst_r_lfe2en2', server.baseUrl),
    });
    expect(result.stored?.key).toMatch(/\.tsv\.gz$/);
    expect(
      (await readFile(join(root, result.stored?.key as string))).equals(await readFile(SYNTHETIC_TSV_GZ)),
    ).toBe(true);
  });

  it('falls back from the JSON-stat statistics API too', async () => {
    const result = await fetchDataset(
      { dataset: 'lfst_r_lfe2en2', format: 'json-stat', filters: FILTERS },
      new FsRawStore(root),
      options(),
    );
    expect(result).toMatchObject({ format: 'tsv', requests: 2 });
  });

  it('fails permanently when the bulk download itself is too big', async () => {
    const bulk = bulkUrl('lfsa_egan22d', server.baseUrl);
    server.fault(bulk, {
      status: 413,
      body: '<S:Fault><faultstring>EXTRACTION_TOO_BIG: too big</faultstring></S:Fault>',
    });
    const err = await fetchDataset(
      { dataset: 'lfsa_egan22d', format: 'tsv', filters: {} },
      new FsRawStore(root),
      options(),
    ).catch((e) => e);
    expect(err).toBeInstanceOf(EurostatHttpError);
    expect(err.message).toContain('EXTRACTION_TOO_BIG');
    expect(server.requests).toHaveLength(1);
  });
});

describe('asynchronous answers', () => {
  it('polls the status (SUBMITTED → PROCESSING → AVAILABLE) then fetches the data: 5 requests', async () => {
    const result = await fetchDataset(
      { dataset: 'sbs_r_nuts2021', format: 'sdmx-csv', filters: {} },
      new FsRawStore(root),
      options(),
    );
    expect(server.count('/api/dissemination/sdmx/2.1/data/sbs_r_nuts2021')).toBe(1);
    expect(server.count('/api/dissemination/1.0/async/status/')).toBe(3);
    expect(server.count('/api/dissemination/1.0/async/data/')).toBe(1);
    expect(result.requests).toBe(5);
    expect(time.delays).toEqual([50, 50, 50]);
    expect(gunzipSync(await readFile(join(root, result.stored?.key as string))).toString()).toBe(
      SYNTHETIC_SDMX_CSV,
    );
  });

  it('fails as TransientError when the request EXPIRED, keeping nothing', async () => {
    const err = await fetchDataset(
      { dataset: 'async_expired', format: 'sdmx-csv', filters: {} },
      new FsRawStore(root),
      options(),
    ).catch((e) => e);
    expect(err).toBeInstanceOf(TransientError);
    expect(err.message).toMatch(/EXPIRED/);
    expect(err.dataset).toBe('async_expired');
    expect(server.count('/api/dissemination/1.0/async/data/')).toBe(0);
    expect(await filesUnder(root)).toEqual([]);
  });

  it('fails as TransientError when the data is not AVAILABLE within asyncMaxWaitMs', async () => {
    const err = await fetchDataset(
      { dataset: 'async_slow', format: 'sdmx-csv', filters: {} },
      new FsRawStore(root),
      options({ asyncPollMs: 100, asyncMaxWaitMs: 350 }),
    ).catch((e) => e);
    expect(err).toBeInstanceOf(TransientError);
    expect(err.message).toMatch(/still PROCESSING after 350 ms \(asyncMaxWaitMs\)/);
    expect(server.count('/api/dissemination/1.0/async/status/')).toBe(3);
  });

  it('retries a status poll that fails transiently: 4 requests', async () => {
    server.fault('/api/dissemination/1.0/async/status/flaky-key', { status: 503 });
    const result = await fetchDataset(
      { dataset: 'async_flaky', format: 'sdmx-csv', filters: {} },
      new FsRawStore(root),
      options(),
    );
    expect(server.count('/api/dissemination/1.0/async/status/flaky-key')).toBe(2);
    expect(result.requests).toBe(4);
    expect(result.stored).toBeDefined();
  });

  it('retries the async data download when it is reset: 4 requests', async () => {
    server.fault('/api/dissemination/1.0/async/data/flaky-key', { reset: true });
    const result = await fetchDataset(
      { dataset: 'async_flaky', format: 'sdmx-csv', filters: {} },
      new FsRawStore(root),
      options(),
    );
    expect(server.count('/api/dissemination/1.0/async/data/flaky-key')).toBe(2);
    expect(result.requests).toBe(4);
    expect(await filesUnder(root)).toEqual([result.stored?.key]);
  });
});

describe('permanent failures', () => {
  it('does not retry 404: 1 request, EurostatHttpError with Eurostat’s message, nothing kept', async () => {
    const err = await fetchDataset(
      { dataset: 'nama_10_gdp', format: 'tsv', filters: {} },
      new FsRawStore(root),
      options(),
    ).catch((e) => e);
    expect(err).toBeInstanceOf(EurostatHttpError);
    expect(err.status).toBe(404);
    expect(err.message).toContain('nama_10_gdp');
    expect(err.message).toContain('HTTP 404');
    expect(err.message).toContain('No results found');
    expect(server.requests).toHaveLength(1);
    expect(await filesUnder(root)).toEqual([]);
  });

  it('reads Eurostat’s JSON error label from the statistics API', async () => {
    const err = await fetchDataset(
      { dataset: 'lfst_r_lfe2emp', format: 'json-stat', filters: {} },
      new FsRawStore(root),
      options(),
    ).catch((e) => e);
    expect(err).toBeInstanceOf(EurostatHttpError);
    expect(err.eurostatMessage).toBe('Dataset lfst_r_lfe2emp not found');
  });

  it('aborts a body over maxBytes, naming the limit: 1 request, nothing kept', async () => {
    const err = await fetchDataset(
      { dataset: 'lfsa_egan22d', format: 'tsv', filters: {} },
      new FsRawStore(root),
      options({ maxBytes: 50_000 }),
    ).catch((e) => e);
    expect(err).toBeInstanceOf(EurostatHttpError);
    expect(err.message).toMatch(/exceeds the limit of 50000 bytes \(maxBytes\)/);
    expect(server.requests).toHaveLength(1);
    expect(await filesUnder(root)).toEqual([]);
  });
});

describe('fetchDatasetBuffer', () => {
  it('gives the bytes as one Buffer with the source version', async () => {
    const result = await fetchDatasetBuffer(
      { dataset: 'lfsa_egan22d', format: 'tsv', filters: {} },
      options(),
    );
    expect(result.body.equals(await readFile(SYNTHETIC_TSV_GZ))).toBe(true);
    expect(result.sourceVersion).toBe(DEFAULT_LAST_MODIFIED);
  });
});
