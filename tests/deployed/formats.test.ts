import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Bucket } from '../../lib/aws/bucket.ts';
import { loadInputDirectory } from '../../lib/fs/inputDirectory.ts';
import { loadDeploymentConfig } from '../../lib/infra/deploymentConfig.ts';
import { computeSnapshot } from '../../lib/refresh/compute.ts';
import { catalogueText } from '../helpers/catalogue.ts';
import { type FakeEurostat, fakeEurostat } from '../helpers/fakeEurostat.ts';
import { freshStorage } from '../helpers/localAws.ts';
import { tsvAsSdmxCsv } from '../helpers/sdmxCsv.ts';
import { DeployedWorkflow } from './support/deployedWorkflow.ts';

/**
 * The deployed workflow (synthesized state machine, bundled functions, IAM, on s3rver and DynamoDB Local) with
 * the default deployment configuration but its national source fetched as SDMX-CSV, against the local Eurostat
 * serving the real datasets' layouts: the published tables are the ones the CLI computes from the same files.
 * (The compute step used to read every Eurostat input as TSV, whatever was configured and fetched.)
 */
const ROOT = join(import.meta.dirname, '..', '..');
const REAL_LAYOUTS = join(ROOT, 'tests', 'fixtures', 'eurostat-real-layouts');
const SAMPLE = join(ROOT, 'data', 'sample');
const FILES = {
  lfsa_egan22d: join(REAL_LAYOUTS, 'synthetic_lfsa_egan22d.tsv.gz'),
  lfst_r_lfe2en2: join(REAL_LAYOUTS, 'synthetic_lfst_r_lfe2en2.tsv.gz'),
  lfst_r_lfe2emp: join(REAL_LAYOUTS, 'synthetic_lfst_r_lfe2emp.tsv.gz'),
};

describe('the deployed workflow with an SDMX-CSV source', () => {
  let server: FakeEurostat;
  let wf: DeployedWorkflow;
  let bucket: Bucket;
  let dir: string;
  let sdmxCsv: string;
  // The default deployment configuration, the national source asked for SDMX-CSV.
  const base = loadDeploymentConfig(new App().node, ROOT, () => {});
  const config = {
    ...base,
    sources: {
      ...base.sources,
      nationalByDivision: { ...base.sources.nationalByDivision, format: 'sdmx-csv' as const },
    },
  };

  beforeAll(async () => {
    sdmxCsv = await tsvAsSdmxCsv(FILES.lfsa_egan22d, 'ESTAT:LFSA_EGAN22D(1.0)');
    server = await fakeEurostat({
      catalogue: catalogueText({
        lfsa_egan22d: ['20.11.2026', '01.02.2024'],
        lfst_r_lfe2en2: ['20.11.2026', '01.02.2024'],
        lfst_r_lfe2emp: ['20.11.2026', '01.02.2024'],
      }),
      datasets: {
        lfsa_egan22d: { sdmxCsv },
        lfst_r_lfe2en2: { tsv: { file: FILES.lfst_r_lfe2en2 } },
        lfst_r_lfe2emp: { tsv: { file: FILES.lfst_r_lfe2emp } },
      },
    });
    const storage = await freshStorage();
    bucket = storage.bucket;
    await bucket.put('inbox/policy/BE.json', await readFile(join(SAMPLE, 'policy', 'BE.json')));
    wf = await DeployedWorkflow.start({
      bucket,
      table: storage.table,
      s3Endpoint: inject('s3Endpoint'),
      dynamoEndpoint: inject('dynamoEndpoint'),
      eurostatBaseUrl: server.baseUrl,
      scale: 1 / 10,
      pipelineConfig: JSON.stringify(config),
    });
    dir = await mkdtemp(join(tmpdir(), 'eucluster-deployed-formats-'));
  }, 180_000);

  afterAll(async () => {
    await wf?.close();
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('publishes the tables the CLI computes from the same files', async () => {
    const run = await wf.run({}, 'sdmx-1');
    expect(run.status, `${run.error}: ${run.cause}`).toBe('SUCCEEDED');
    expect(server.requests.map((r) => r.url)).toContainEqual(
      expect.stringMatching(/lfsa_egan22d\?.*format=SDMX-CSV/),
    );
    const version = run.output?.version as string;

    const input = join(dir, 'in');
    await mkdir(join(input, 'eurostat'), { recursive: true });
    await mkdir(join(input, 'policy'), { recursive: true });
    await writeFile(join(input, 'eurostat', 'lfsa_egan22d.csv'), sdmxCsv);
    await copyFile(FILES.lfst_r_lfe2en2, join(input, 'eurostat', 'lfst_r_lfe2en2.tsv.gz'));
    await copyFile(FILES.lfst_r_lfe2emp, join(input, 'eurostat', 'lfst_r_lfe2emp.tsv.gz'));
    await copyFile(join(SAMPLE, 'policy', 'BE.json'), join(input, 'policy', 'BE.json'));
    await writeFile(join(input, 'pipeline.config.json'), JSON.stringify(config));
    const local = await computeSnapshot(await loadInputDirectory(input), {
      created: new Date(),
      codeVersion: 'local',
    });
    const tables = local.files.filter((f) => /^data\/.*\.csv$/.test(f.path));
    expect(tables.map((t) => t.path)).toContain('data/ecosystem_employment.csv');
    for (const t of tables) {
      const published = (await bucket.getBuffer(`snapshots/${version}/${t.path}`)).toString('utf8');
      expect(published, t.path).toBe(t.content.toString('utf8'));
    }
  }, 300_000);
});
