import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { liveRefresh } from '../../lib/cli/liveRefresh.ts';
import { TransientError } from '../../lib/eurostat/fetch/index.ts';
import { StructureChangeError } from '../../lib/refresh/sourcePlan.ts';
import { catalogueText } from '../helpers/catalogue.ts';
import { type FakeEurostat, fakeEurostat, SAMPLE_DATASETS } from '../helpers/fakeEurostat.ts';
import { tempDir } from '../helpers/miniInput.ts';
import { listSnapshotDir, readJson } from '../helpers/snapshots.ts';

const SAMPLE = join(import.meta.dirname, '..', '..', 'data', 'sample');
const DATA = '/api/dissemination/sdmx/2.1/data/';
const CATALOGUE = '/api/dissemination/catalogue/toc/txt';
/** The sample configuration gives lfst_r_lfe2emp a keyOrder: it is asked for its slice only. */
const TOTALS = `${DATA}lfst_r_lfe2emp/A.THS_PER.T.Y15-64.`;

const catalogue = catalogueText;

const DATES: Record<string, [string, string]> = {
  lfsa_egan22d: ['20.11.2026', '01.02.2024'],
  lfst_r_lfe2en2: ['20.11.2026', '01.02.2024'],
  lfst_r_lfe2emp: ['20.11.2026', '01.02.2024'],
};

const FAST = {
  timeoutMs: 2_000,
  stallMs: 300,
  retry: { baseDelayMs: 1, maxDelayMs: 5, budgetMs: 5_000, maxAttempts: 3 },
};

let server: FakeEurostat | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup() {
  const dir = await tempDir('eucluster-live-');
  const catalogueFile = join(dir, 'toc.txt');
  await writeFile(catalogueFile, catalogue(DATES));
  server = await fakeEurostat({
    catalogue: { file: catalogueFile },
    datasets: SAMPLE_DATASETS,
  });
  const input = join(dir, 'input');
  await mkdir(join(input, 'policy'), { recursive: true });
  await cp(join(SAMPLE, 'pipeline.config.json'), join(input, 'pipeline.config.json'));
  await cp(join(SAMPLE, 'policy', 'BE.json'), join(input, 'policy', 'BE.json'));
  const out = join(dir, 'out');
  let runs = 0;
  const run = (o: { force?: boolean; accept?: boolean } = {}) =>
    liveRefresh({
      input,
      out,
      now: new Date(Date.UTC(2026, 10, 28, 12, runs++)),
      codeVersion: 'test',
      force: o.force ?? false,
      acceptStructureChange: o.accept ?? false,
      baseUrl: (server as FakeEurostat).baseUrl,
      http: FAST,
    });
  const setCatalogue = (dates: Record<string, [string, string]>) =>
    writeFile(catalogueFile, catalogue(dates));
  return { server: server as FakeEurostat, out, run, setCatalogue };
}

const dataRequests = (s: FakeEurostat) => s.requests.filter((r) => r.path.startsWith(DATA)).length;
const catalogueRequests = (s: FakeEurostat) => s.requests.filter((r) => r.path.startsWith(CATALOGUE)).length;

describe('liveRefresh (local Eurostat server)', () => {
  it('fetches every dataset once on a first run and publishes, recording the catalogue dates', async () => {
    const { server, out, run } = await setup();
    const result = await run();
    expect(result.outcome.status).toBe('published');
    expect(catalogueRequests(server)).toBe(1);
    expect(dataRequests(server)).toBe(3);
    const manifest = await readJson<{
      'eucluster:inputs': { role: string; sourceVersion: string | null; synthetic: boolean }[];
    }>(join(out, 'snapshots', result.outcome.version, 'datapackage.json'));
    expect(manifest['eucluster:inputs'].find((s) => s.role === 'nationalByDivision')?.sourceVersion).toBe(
      '2026-11-20',
    );
  });

  it('makes only the catalogue request when nothing changed upstream, and publishes nothing', async () => {
    const { server, out, run } = await setup();
    const first = await run();
    const state = await readFile(join(out, 'state', 'sources.json'), 'utf8');
    server.reset();
    const second = await run();
    expect(second.outcome).toMatchObject({ status: 'unchanged', version: first.outcome.version });
    expect(server.requests.map((r) => r.path)).toEqual([CATALOGUE]);
    expect(await readFile(join(out, 'state', 'sources.json'), 'utf8')).toBe(state);
    expect(second.sources.map((s) => s.action)).toEqual(['reused', 'reused', 'reused']);
  });

  it('downloads only the dataset whose data the catalogue says was updated', async () => {
    const { server, run, setCatalogue } = await setup();
    await run();
    server.reset();
    await setCatalogue({ ...DATES, lfsa_egan22d: ['27.11.2026', '01.02.2024'] });
    const result = await run();
    expect(server.requests.filter((r) => r.path.startsWith(DATA)).map((r) => r.path)).toEqual([
      `${DATA}lfsa_egan22d`,
    ]);
    // Eurostat re-published the same bytes: nothing to publish.
    expect(result.outcome.status).toBe('unchanged');
  });

  it('retries a 503 with Retry-After and publishes, with one extra request', async () => {
    const { server, run } = await setup();
    server.fault(TOTALS, { status: 503, retryAfter: 0 });
    const result = await run();
    expect(result.outcome.status).toBe('published');
    expect(dataRequests(server)).toBe(4);
  });

  it('rides out an HTML maintenance page where data was expected and publishes, with one extra request', async () => {
    const { server, run } = await setup();
    server.fault(`${DATA}lfsa_egan22d`, { html: true });
    const result = await run();
    expect(result.outcome.status).toBe('published');
    expect(server.count(`${DATA}lfsa_egan22d`)).toBe(2);
  });

  it('fails on an HTML page that persists through the retries, publishing nothing', async () => {
    const { server, out, run } = await setup();
    server.fault(`${DATA}lfsa_egan22d`, { html: true }, { html: true }, { html: true });
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as Error).message).toMatch(/lfsa_egan22d: .*HTML/);
    expect(server.count(`${DATA}lfsa_egan22d`)).toBe(3);
    expect(await listSnapshotDir(out)).toEqual([]);
    const ledger = (await readFile(join(out, 'runs.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(ledger.at(-1)).toMatchObject({ status: 'failed' });
  });

  it('fails on a gzip truncated on every attempt, publishing nothing', async () => {
    const { server, out, run } = await setup();
    server.fault(
      `${DATA}lfst_r_lfe2en2`,
      { truncateGzip: true },
      { truncateGzip: true },
      { truncateGzip: true },
    );
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as Error).message).toMatch(/truncated or corrupt gzip/);
    expect(await listSnapshotDir(out)).toEqual([]);
  });

  it('gives up after the retries on a source that keeps failing, publishing nothing and keeping latest', async () => {
    const { server, out, run } = await setup();
    const first = await run({ force: false });
    server.reset();
    server.fault(`${DATA}lfsa_egan22d`, { status: 500 }, { status: 500 }, { status: 500 });
    const error = await run({ force: true }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('TransientError');
    expect(server.count(`${DATA}lfsa_egan22d`)).toBe(3);
    const latest = await readJson<{ version: string }>(join(out, 'snapshots', 'latest.json'));
    expect(latest.version).toBe(first.outcome.version);
  });

  it('stops a source whose structure changed, until the change is accepted', async () => {
    const { server, out, run, setCatalogue } = await setup();
    const first = await run();
    await setCatalogue({ ...DATES, lfst_r_lfe2emp: ['27.11.2026', '27.11.2026'] });
    server.fault(TOTALS, { structureChange: 'extra' });
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StructureChangeError);
    expect((error as Error).message).toMatch(/lfst_r_lfe2emp: .*new: wstatus/);
    expect((await readJson<{ version: string }>(join(out, 'snapshots', 'latest.json'))).version).toBe(
      first.outcome.version,
    );
    server.fault(TOTALS, { structureChange: 'extra' });
    const accepted = await run({ accept: true });
    expect(accepted.outcome.status).toBe('published');
  });
});
