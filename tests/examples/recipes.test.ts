import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { liveRefresh } from '../../lib/cli/liveRefresh.ts';
import { parseConfig } from '../../lib/config/configuration.ts';
import { FsRawStore } from '../../lib/fs/fsRawStore.ts';
import { FsSnapshotStore } from '../../lib/fs/fsSnapshotStore.ts';
import { loadInputDirectory } from '../../lib/fs/inputDirectory.ts';
import { type RefreshOutcome, refresh } from '../../lib/refresh/refresh.ts';
import { catalogueText } from '../helpers/catalogue.ts';
import { type FakeEurostat, fakeEurostat } from '../helpers/fakeEurostat.ts';
import { tempDir } from '../helpers/miniInput.ts';

const EXAMPLES = join(import.meta.dirname, '..', '..', 'data', 'examples');
const DATA = '/api/dissemination/sdmx/2.1/data/';
const FAST = {
  timeoutMs: 5_000,
  stallMs: 2_000,
  retry: { baseDelayMs: 1, maxDelayMs: 5, budgetMs: 5_000, maxAttempts: 3 },
};

/** Each recipe: its folder, its SYNTHETIC fixture per dataset, and the SDMX request a live run must make. */
const RECIPES = [
  {
    name: 'lfs-all-years',
    files: {
      lfsa_egan22d: 'synthetic_lfsa_egan22d.tsv',
      lfst_r_lfe2en2: 'synthetic_lfst_r_lfe2en2.tsv',
      lfst_r_lfe2emp: 'synthetic_lfst_r_lfe2emp.tsv',
    },
    requests: [
      `${DATA}lfsa_egan22d/A.THS_PER.T.Y_GE15..`,
      `${DATA}lfst_r_lfe2en2/A.THS_PER.T.Y_GE15..`,
      `${DATA}lfst_r_lfe2emp/A.THS_PER.T.Y_GE15.`,
    ],
    activityLevel: 'section',
  },
  {
    name: 'sbs-nuts2-divisions',
    files: { sbs_r_nuts2021: 'synthetic_sbs_r_nuts2021.tsv' },
    requests: [`${DATA}sbs_r_nuts2021/A.EMP_LOC_NR..`, `${DATA}sbs_r_nuts2021/A.EMP_LOC_NR.B-N_S95_X_K.`],
    activityLevel: 'division',
  },
] as const;

let server: FakeEurostat | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The outcome of a run that must have published. */
function published(outcome: RefreshOutcome) {
  if (outcome.status !== 'published') throw new Error(`expected a published snapshot, got ${outcome.status}`);
  return outcome;
}

const offline = async (dir: string) => {
  const out = await tempDir();
  const outcome = await refresh({
    inputs: await loadInputDirectory(dir),
    store: new FsSnapshotStore(out),
    now: new Date('2026-12-01T10:00:00Z'),
    codeVersion: 'test',
    archive: new FsRawStore(out),
  });
  return published(outcome);
};

describe.each(RECIPES)('the $name recipe', (recipe) => {
  const dir = join(EXAMPLES, recipe.name);

  it('is a valid configuration with a keyOrder for every source', async () => {
    const config = parseConfig(
      JSON.parse(await readFile(join(dir, 'pipeline.config.json'), 'utf8')),
      'config',
    );
    for (const source of Object.values(config.sources)) expect(source?.keyOrder?.length).toBeGreaterThan(0);
  });

  it('parses its synthetic fixtures into every year, flagged synthetic', async () => {
    const outcome = await offline(dir);
    expect(outcome.tables.years).toEqual([2021, 2022, 2023]);
    expect(outcome.tables.activityLevel).toBe(recipe.activityLevel);
    expect(outcome.tables.locationQuotients.rows().some((r) => r.region === 'BE1' && r.year === 2021)).toBe(
      true,
    );
    expect(outcome.synthetic.length).toBeGreaterThan(0);
  });

  it('runs live against the local Eurostat server, asking only for its slice, with the same tables', async () => {
    const work = await tempDir('eucluster-recipe-');
    const datasets = Object.fromEntries(
      Object.entries(recipe.files).map(([dataset, file]) => [
        dataset,
        { tsv: { file: join(dir, 'eurostat', file) } },
      ]),
    );
    const dates = Object.fromEntries(Object.keys(recipe.files).map((d) => [d, ['20.11.2026', '01.02.2024']]));
    const catalogue = join(work, 'toc.txt');
    await writeFile(catalogue, catalogueText(dates as Record<string, [string, string]>));
    server = await fakeEurostat({ catalogue: { file: catalogue }, datasets });
    const input = join(work, 'input');
    await cp(join(dir, 'pipeline.config.json'), join(input, 'pipeline.config.json'), { recursive: true });
    const live = await liveRefresh({
      input,
      out: join(work, 'out'),
      now: new Date('2026-12-01T10:00:00Z'),
      codeVersion: 'test',
      force: false,
      acceptStructureChange: false,
      baseUrl: server.baseUrl,
      http: FAST,
    });
    const outcome = published(live.outcome);
    const asked = server.requests.filter((r) => r.path.startsWith(DATA)).map((r) => r.path);
    expect([...new Set(asked)].sort()).toEqual([...recipe.requests].sort());
    const fixtures = await offline(dir);
    expect(outcome.tables.locationQuotients.rows()).toEqual(fixtures.tables.locationQuotients.rows());
    expect(outcome.tables.nodeHistory).toEqual(fixtures.tables.nodeHistory);
  });
});
