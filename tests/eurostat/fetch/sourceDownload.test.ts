import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EurostatHttpError, TransientError } from '../../../lib/eurostat/fetch/errors.ts';
import { downloadOrganisations } from '../../../lib/eurostat/fetch/sourceDownload.ts';
import { type FakeEurostat, fakeEurostat } from '../../helpers/fakeEurostat.ts';
import { fakeTime } from './support.ts';

/** The cluster organisations download (`eccp.url`), against the local server with its faults. */

// SYNTHETIC: invented organisations, only to be carried.
const CSV = 'organisation_id,name\nSYN-1,Synthetic cluster one\nSYN-2,Synthetic cluster two\n';
const JSON_BODY = JSON.stringify([{ organisation_id: 'SYN-1', name: 'Synthetic cluster one' }]);

let server: FakeEurostat;
let time: ReturnType<typeof fakeTime>;

beforeAll(async () => {
  server = await fakeEurostat({
    datasets: {},
    files: {
      '/orgs.csv': { body: CSV, contentType: 'text/csv' },
      '/orgs.csv.gz': { body: gzipSync(CSV), contentType: 'application/gzip' },
      '/organisations': { body: JSON_BODY, contentType: 'application/json; charset=utf-8' },
    },
  });
});

afterAll(() => server.close());

beforeEach(() => {
  server.reset();
  time = fakeTime();
});

const download = (path: string, maxBytes?: number) =>
  downloadOrganisations(`${server.baseUrl}${path}`, {
    timeoutMs: 1_000,
    stallMs: 200,
    ...(maxBytes ? { maxBytes } : {}),
    retry: { maxAttempts: 3, sleep: time.sleep, now: time.now },
  });

describe('downloadOrganisations', () => {
  it('gives a CSV as served, named by the URL', async () => {
    expect(await download('/orgs.csv')).toEqual({
      body: Buffer.from(CSV),
      path: 'eccp/cluster_organisations.csv',
      format: 'csv',
    });
  });

  it('gunzips a gzipped answer', async () => {
    expect((await download('/orgs.csv.gz')).body.toString('utf8')).toBe(CSV);
  });

  it('takes JSON from the Content-Type', async () => {
    const got = await download('/organisations');
    expect(got).toMatchObject({ path: 'eccp/cluster_organisations.json', format: 'json' });
    expect(got.body.toString('utf8')).toBe(JSON_BODY);
  });

  it('retries an HTML maintenance page: 2 requests', async () => {
    server.fault('/orgs.csv', { html: true });
    expect((await download('/orgs.csv')).body.toString('utf8')).toBe(CSV);
    expect(server.count('/orgs.csv')).toBe(2);
  });

  it('retries a truncated gzip: 2 requests', async () => {
    server.fault('/orgs.csv.gz', { truncateGzip: true });
    expect((await download('/orgs.csv.gz')).body.toString('utf8')).toBe(CSV);
    expect(server.count('/orgs.csv.gz')).toBe(2);
  });

  it('persisting, a corrupt gzip is a TransientError naming the URL and what came: 3 requests', async () => {
    server.fault('/orgs.csv.gz', { corruptGzip: true }, { corruptGzip: true }, { corruptGzip: true });
    const err = await download('/orgs.csv.gz').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientError);
    expect((err as Error).message).toContain(`${server.baseUrl}/orgs.csv.gz`);
    expect((err as Error).message).toContain('truncated or corrupt gzip');
    expect(server.count('/orgs.csv.gz')).toBe(3);
  });

  it('refuses a body over maxBytes, naming the limit, without retrying', async () => {
    const err = await download('/orgs.csv', 10).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EurostatHttpError);
    expect((err as Error).message).toMatch(/exceeds the limit of 10 bytes \(maxBytes\)/);
    expect(server.count('/orgs.csv')).toBe(1);
  });

  it('does not retry a 404', async () => {
    const err = await download('/missing.csv').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EurostatHttpError);
    expect((err as EurostatHttpError).status).toBe(404);
    expect(server.count('/missing.csv')).toBe(1);
  });
});
