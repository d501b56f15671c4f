import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StateRepository } from '../../lib/aws/stateRepository.ts';
import { parseConfig } from '../../lib/config/configuration.ts';
import { loadInputDirectory, REFERENCE_DIR } from '../../lib/fs/inputDirectory.ts';
import { computeSnapshot } from '../../lib/refresh/compute.ts';
import { checkStep } from '../../lib/steps/checkStep.ts';
import { computeStep } from '../../lib/steps/computeStep.ts';
import type { FetchOutput } from '../../lib/steps/events.ts';
import { fetchStep } from '../../lib/steps/fetchStep.ts';
import type { StepContext } from '../../lib/steps/stepContext.ts';
import { catalogueText } from '../helpers/catalogue.ts';
import { type FakeEurostat, fakeEurostat } from '../helpers/fakeEurostat.ts';
import { freshStorage } from '../helpers/localAws.ts';
import { tsvAsSdmxCsv } from '../helpers/sdmxCsv.ts';

/**
 * The format travels with the fetched object: a source configured as SDMX-CSV is fetched as SDMX-CSV and the
 * compute step in AWS reads it as SDMX-CSV (it used to read every Eurostat input as TSV), computing the same
 * tables as the CLI does from the same file. Real parts: the fetch and compute steps on s3rver and DynamoDB
 * Local, the local Eurostat server. Figures: the bundled SYNTHETIC sample, the national file rewritten as
 * Eurostat's SDMX-CSV download.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const SAMPLE = join(ROOT, 'data', 'sample', 'eurostat');

const DOCUMENT = {
  years: 2023,
  sources: {
    nationalByDivision: {
      dataset: 'lfsa_egan22d',
      format: 'sdmx-csv',
      filters: { freq: 'A', unit: 'THS_PER', sex: 'T', age: 'Y_GE15' },
    },
    regionalByActivity: {
      dataset: 'lfst_r_lfe2en2',
      filters: { freq: 'A', unit: 'THS_PER', sex: 'T', age: 'Y15-64' },
    },
    regionalTotal: {
      dataset: 'lfst_r_lfe2emp',
      filters: { freq: 'A', unit: 'THS_PER', sex: 'T', age: 'Y15-64' },
    },
  },
};

let eurostat: FakeEurostat;
let dir: string;
let sdmxCsv: string;

beforeAll(async () => {
  sdmxCsv = await tsvAsSdmxCsv(join(SAMPLE, 'synthetic_lfsa_egan22d.tsv.gz'), 'ESTAT:LFSA_EGAN22D(1.0)');
  eurostat = await fakeEurostat({
    catalogue: catalogueText({
      lfsa_egan22d: ['20.11.2026', '01.02.2024'],
      lfst_r_lfe2en2: ['20.11.2026', '01.02.2024'],
      lfst_r_lfe2emp: ['20.11.2026', '01.02.2024'],
    }),
    datasets: {
      lfsa_egan22d: { sdmxCsv },
      lfst_r_lfe2en2: { tsv: { file: join(SAMPLE, 'synthetic_lfst_r_lfe2en2_nace2d.tsv.gz') } },
      lfst_r_lfe2emp: { tsv: { file: join(SAMPLE, 'lfst_r_lfe2emp.tsv') } },
    },
  });
  dir = await mkdtemp(join(tmpdir(), 'eucluster-formats-'));
}, 60_000);

afterAll(async () => {
  await eurostat?.close();
  await rm(dir, { recursive: true, force: true });
});

async function awsTables(): Promise<Map<string, string>> {
  const { bucket, ddb, table } = await freshStorage();
  const t = { ddb, name: table };
  const ctx: StepContext = {
    bucket,
    table: t,
    state: new StateRepository(t),
    config: parseConfig({ ...DOCUMENT, eurostat: { baseUrl: eurostat.baseUrl } }, 'test'),
    referenceDir: REFERENCE_DIR,
    now: () => new Date('2026-11-28T12:00:00Z'),
    codeVersion: 'test',
    runLeaseS: 3600,
  };
  const checked = await checkStep(ctx, { runId: 'formats-1', force: false });
  const fetched: FetchOutput[] = [];
  for (const task of checked.sources) fetched.push(await fetchStep(ctx, task));
  const national = fetched.flatMap((f) => f.objects).find((o) => o.role === 'nationalByDivision');
  expect(national).toMatchObject({ format: 'sdmx-csv', path: expect.stringMatching(/\.csv(\.gz)?$/) });
  const out = await computeStep(ctx, {
    runId: 'formats-1',
    startedAt: checked.startedAt,
    force: false,
    fetched,
  });
  if (out.status !== 'staged') throw new Error(`compute did not stage: ${out.status}`);
  const tables = new Map<string, string>();
  for (const { key } of await bucket.list(`${out.staging}data/`))
    if (key.endsWith('.csv'))
      tables.set(key.slice(out.staging.length), (await bucket.getBuffer(key)).toString('utf8'));
  return tables;
}

async function localTables(): Promise<Map<string, string>> {
  const input = join(dir, 'in');
  await mkdir(join(input, 'eurostat'), { recursive: true });
  await writeFile(join(input, 'eurostat', 'lfsa_egan22d.csv'), sdmxCsv);
  await copyFile(
    join(SAMPLE, 'synthetic_lfst_r_lfe2en2_nace2d.tsv.gz'),
    join(input, 'eurostat', 'lfst_r_lfe2en2.tsv.gz'),
  );
  await copyFile(join(SAMPLE, 'lfst_r_lfe2emp.tsv'), join(input, 'eurostat', 'lfst_r_lfe2emp.tsv'));
  await writeFile(join(input, 'pipeline.config.json'), JSON.stringify(DOCUMENT));
  const inputs = await loadInputDirectory(input);
  const built = await computeSnapshot(inputs, {
    created: new Date('2026-11-28T12:00:00Z'),
    codeVersion: 'test',
  });
  return new Map(
    built.files
      .filter((f) => /^data\/.*\.csv$/.test(f.path))
      .map((f) => [f.path, f.content.toString('utf8')]),
  );
}

describe('an SDMX-CSV source in AWS (fetch and compute steps) and in the CLI', () => {
  it('computes the same tables from the same file', async () => {
    const aws = await awsTables();
    const local = await localTables();
    expect([...aws.keys()].sort()).toEqual([...local.keys()].sort());
    expect(aws.get('data/ecosystem_employment.csv')).toMatch(/\bBE\b/);
    for (const [path, content] of local) expect(aws.get(path), path).toBe(content);
  }, 120_000);
});
