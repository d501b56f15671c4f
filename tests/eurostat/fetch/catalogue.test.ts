import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { readCatalogue, readCatalogueIfAvailable } from '../../../lib/eurostat/fetch/catalogue.ts';
import {
  EurostatHttpError,
  MalformedCatalogueError,
  TransientError,
} from '../../../lib/eurostat/fetch/errors.ts';
import { catalogueUrl } from '../../../lib/eurostat/fetch/urls.ts';
import { type Body, type FakeEurostat, fakeEurostat } from '../../helpers/fakeEurostat.ts';
import { fakeTime } from './support.ts';

/** Retries that take no real time. */
function fastRetry(maxAttempts: number) {
  const time = fakeTime();
  return { maxAttempts, sleep: time.sleep, now: time.now };
}

/**
 * A SYNTHETIC catalogue in the documented TXT layout (tab-separated, double-quoted, a header row, dates as
 * DD.MM.YYYY, four-space indents for the hierarchy). Codes are real, titles shortened, dates and counts invented.
 */
const q = (...fields: string[]) => fields.map((f) => `"${f}"`).join('\t');
const HEADER = q(
  'title',
  'code',
  'type',
  'last update of data',
  'last table structure change',
  'data start',
  'data end',
  'values',
);
const ROWS = [
  q('Database by themes', 'data', 'folder', '', '', '', '', ''),
  q('    Population and social conditions', 'popul', 'folder', '', '', '', '', ''),
  q('        Labour market', 'labour', 'folder', '', '', '', '', ''),
  q(
    '            Employment by sex, age and detailed economic activity - 1 000',
    'lfsa_egan22d',
    'dataset',
    '10.04.2024',
    '15.02.2024',
    '2008',
    '2023',
    '1234567',
  ),
  q(
    '            Employment by NUTS 2 regions',
    'lfst_r_lfe2emp',
    'dataset',
    '25.04.2024',
    '25.04.2024',
    '1999',
    '2023',
    '98765',
  ),
  q('    Tables by themes', 'tps', 'folder', '', '', '', '', ''),
  // The same dataset listed again under another folder: the first entry is kept.
  q(
    '        Employment by NUTS 2 regions',
    'LFST_R_LFE2EMP',
    'table',
    '01.01.2020',
    '01.01.2020',
    '1999',
    '2019',
    '1',
  ),
];
const SYNTHETIC_TOC = `${[HEADER, ...ROWS].join('\n')}\n`;

let server: FakeEurostat | undefined;
afterEach(() => server?.close());

async function read(catalogue: Body, extra = {}) {
  server = await fakeEurostat({ datasets: {}, catalogue });
  const time = fakeTime();
  return readCatalogue({ baseUrl: server.baseUrl, retry: { sleep: time.sleep, now: time.now }, ...extra });
}

describe('readCatalogue', () => {
  it('reads every entry by lower-case code, with ISO dates and the numbers', async () => {
    const toc = await read(SYNTHETIC_TOC);
    expect(toc.get('lfsa_egan22d')).toEqual({
      code: 'lfsa_egan22d',
      title: 'Employment by sex, age and detailed economic activity - 1 000',
      depth: 3,
      type: 'dataset',
      lastDataUpdate: '2024-04-10',
      lastStructureChange: '2024-02-15',
      dataStart: '2008',
      dataEnd: '2023',
      values: 1234567,
    });
    expect([...toc.keys()]).toEqual(['data', 'popul', 'labour', 'lfsa_egan22d', 'lfst_r_lfe2emp', 'tps']);
  });

  it('gives folders null dates and counts, and their depth from the title’s indent', async () => {
    const toc = await read(SYNTHETIC_TOC);
    expect(toc.get('popul')).toMatchObject({ type: 'folder', depth: 1, lastDataUpdate: null, values: null });
    expect(toc.get('data')?.depth).toBe(0);
  });

  it('keeps the first entry of a dataset listed under several folders', async () => {
    const toc = await read(SYNTHETIC_TOC);
    expect(toc.get('lfst_r_lfe2emp')).toMatchObject({ type: 'dataset', lastDataUpdate: '2024-04-25' });
  });

  it('reads a gzipped catalogue and a BOM', async () => {
    const toc = await read(gzipSync(Buffer.from(`\uFEFF${SYNTHETIC_TOC}`)));
    expect(toc.get('lfsa_egan22d')?.lastDataUpdate).toBe('2024-04-10');
  });

  it('GETs the documented URL, once', async () => {
    await read(SYNTHETIC_TOC);
    expect(server?.requests.map((r) => r.url)).toEqual(['/api/dissemination/catalogue/toc/txt?lang=en']);
  });

  it('retries a 503 like the data downloads do: 2 requests', async () => {
    server = await fakeEurostat({ datasets: {}, catalogue: SYNTHETIC_TOC });
    server.fault(catalogueUrl(server.baseUrl), { status: 503, retryAfter: 1 });
    const time = fakeTime();
    const toc = await readCatalogue({ baseUrl: server.baseUrl, retry: { sleep: time.sleep, now: time.now } });
    expect(toc.size).toBe(6);
    expect(server.requests).toHaveLength(2);
    expect(time.delays).toEqual([1_000]);
  });
});

describe('a malformed catalogue', () => {
  it('with another header is a MalformedCatalogueError naming the line and the columns expected', async () => {
    const err = await read(SYNTHETIC_TOC.replace('"last update of data"', '"updated"')).catch((e) => e);
    expect(err).toBeInstanceOf(MalformedCatalogueError);
    expect(err.message).toMatch(/line 1: the header is .*"updated"/);
    expect(err.message).toContain('"last update of data"');
  });

  it('with a date not in DD.MM.YYYY names the line and the column', async () => {
    const err = await read(SYNTHETIC_TOC.replace('10.04.2024', '2024-04-10')).catch((e) => e);
    expect(err).toBeInstanceOf(MalformedCatalogueError);
    expect(err.message).toMatch(/line 5: "last update of data" is "2024-04-10", not a DD.MM.YYYY date/);
  });

  it('with an impossible date is refused', async () => {
    const err = await read(SYNTHETIC_TOC.replace('10.04.2024', '31.02.2024')).catch((e) => e);
    expect(err).toBeInstanceOf(MalformedCatalogueError);
  });

  it('with a missing field names the line', async () => {
    const broken = `${HEADER}\n${q('Employment', 'lfsa_egan22d', 'dataset', '10.04.2024', '15.02.2024', '2008', '2023')}\n`;
    const err = await read(broken).catch((e) => e);
    expect(err).toBeInstanceOf(MalformedCatalogueError);
    expect(err.message).toMatch(/line 2: 7 fields where 8 were expected/);
  });

  it('with an unknown type names it', async () => {
    const err = await read(SYNTHETIC_TOC.replace('"dataset"', '"cube"')).catch((e) => e);
    expect(err).toBeInstanceOf(MalformedCatalogueError);
    expect(err.message).toMatch(/"type" is not dataset, table or folder/);
  });

  it('that is empty is refused', async () => {
    const err = await read('\n').catch((e) => e);
    expect(err).toBeInstanceOf(MalformedCatalogueError);
    expect(err.message).toMatch(/no header row/);
  });

  it('that is an HTML page is retried like a 503 and, persisting, a TransientError: 3 requests', async () => {
    server = await fakeEurostat({ datasets: {}, catalogue: SYNTHETIC_TOC });
    server.fault(catalogueUrl(server.baseUrl), { html: true }, { html: true }, { html: true });
    const err = await readCatalogue({ baseUrl: server.baseUrl, retry: fastRetry(3) }).catch((e) => e);
    expect(err).toBeInstanceOf(TransientError);
    expect(err.message).toContain('HTML page where the catalogue was expected');
    expect(err.message).toContain('Service temporarily unavailable');
    expect(server.requests).toHaveLength(3);
  });

  it('that is a truncated gzip is retried, then read: 2 requests', async () => {
    server = await fakeEurostat({ datasets: {}, catalogue: gzipSync(Buffer.from(SYNTHETIC_TOC)) });
    server.fault(catalogueUrl(server.baseUrl), { truncateGzip: true });
    const toc = await readCatalogue({ baseUrl: server.baseUrl, retry: fastRetry(3) });
    expect(toc.get('lfsa_egan22d')?.lastDataUpdate).toBe('2024-04-10');
    expect(server.requests).toHaveLength(2);
  });

  it('that is XML is a permanent EurostatHttpError: 1 request', async () => {
    server = await fakeEurostat({ datasets: {}, catalogue: '<?xml version="1.0"?><error>no</error>' });
    const err = await readCatalogue({ baseUrl: server.baseUrl, retry: fastRetry(3) }).catch((e) => e);
    expect(err).toBeInstanceOf(EurostatHttpError);
    expect(err.message).toContain('answered xml where the catalogue was expected');
    expect(server.requests).toHaveLength(1);
  });
});

describe('readCatalogueIfAvailable', () => {
  it('gives the catalogue when it can be read', async () => {
    server = await fakeEurostat({ datasets: {}, catalogue: SYNTHETIC_TOC });
    const catalogue = await readCatalogueIfAvailable({ baseUrl: server.baseUrl });
    expect(catalogue?.get('lfsa_egan22d')?.lastDataUpdate).toBe('2024-04-10');
  });

  it('gives nothing, without throwing, for an HTML page, a malformed catalogue or a server that is down', async () => {
    server = await fakeEurostat({ datasets: {}, catalogue: SYNTHETIC_TOC });
    server.fault(catalogueUrl(server.baseUrl), { html: true }, { html: true });
    expect(await readCatalogueIfAvailable({ baseUrl: server.baseUrl, retry: fastRetry(2) })).toBeUndefined();
    server.close();
    server = await fakeEurostat({ datasets: {}, catalogue: 'not,a,catalogue\n' });
    expect(await readCatalogueIfAvailable({ baseUrl: server.baseUrl })).toBeUndefined();
    const down = server.baseUrl;
    server.close();
    server = undefined;
    const time = fakeTime();
    expect(
      await readCatalogueIfAvailable({ baseUrl: down, retry: { sleep: time.sleep, now: time.now } }),
    ).toBeUndefined();
  });
});
