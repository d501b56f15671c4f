import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it, type MockInstance, vi } from 'vitest';
import { handler as check } from '../../lambdas/check.ts';
import { handler as compute } from '../../lambdas/compute.ts';
import { handler as fetch } from '../../lambdas/fetch.ts';
import { handler as publish } from '../../lambdas/publish.ts';
import { handler as render } from '../../lambdas/render.ts';
import type { Bucket } from '../../lib/aws/bucket.ts';
import { RunLease } from '../../lib/aws/runLease.ts';
import type { Manifest } from '../../lib/snapshot/manifest.ts';
import { resetStepContext } from '../../lib/steps/handlerContext.ts';
import { catalogueText } from '../helpers/catalogue.ts';
import { type FakeEurostat, fakeEurostat, SAMPLE_DATASETS } from '../helpers/fakeEurostat.ts';
import { freshStorage, LOCAL_CREDENTIALS, localClients } from '../helpers/localAws.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const SAMPLE = join(ROOT, 'data', 'sample');
const AWS_CLI = '/usr/bin/aws';

const CONFIG = {
  benchmark: 'EU27_2020',
  regionLevel: { default: 2, BE: 1 },
  sources: {
    nationalByDivision: { dataset: 'lfsa_egan22d', filters: { unit: 'THS_PER', sex: 'T', age: 'Y_GE15' } },
    regionalByActivity: { dataset: 'lfst_r_lfe2en2', filters: { unit: 'THS_PER', sex: 'T', age: 'Y15-64' } },
    regionalTotal: { dataset: 'lfst_r_lfe2emp', filters: { unit: 'THS_PER', sex: 'T', age: 'Y15-64' } },
  },
};

/** The three datasets in a SYNTHETIC catalogue (dates invented). */
const CATALOGUE = catalogueText({
  lfsa_egan22d: ['20.11.2026', '01.02.2024'],
  lfst_r_lfe2en2: ['20.11.2026', '01.02.2024'],
  lfst_r_lfe2emp: ['20.11.2026', '01.02.2024'],
});

/** Round-trips a state through JSON, as Step Functions passes it between steps. */
const state = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * Runs the handlers in the order the state machine does: Check → Map(Fetch) → Compute → Render → Publish,
 * then gives the run lease back as its ReleaseLease state does.
 */
async function runWorkflow(input: { force?: boolean }, runId: string) {
  try {
    return await runSteps(input, runId);
  } finally {
    const { ddb } = localClients();
    await new RunLease({ ddb, name: String(process.env.TABLE_NAME) }).release(runId);
  }
}

async function runSteps(input: { force?: boolean }, runId: string) {
  const checked = state(await check({ runId, input }));
  const fetched = [];
  for (const task of checked.sources) fetched.push(state(await fetch(task)));
  const computed = state(
    await compute({ runId: checked.runId, startedAt: checked.startedAt, force: checked.force, fetched }),
  );
  if (computed.status !== 'staged') return { computed, published: undefined };
  const rendered = state(await render(computed));
  return { computed, published: state(await publish(rendered)) };
}

function awsCli(args: string[]): Buffer {
  return execFileSync(AWS_CLI, ['--endpoint-url', inject('s3Endpoint'), ...args], {
    env: { ...process.env, ...LOCAL_CREDENTIALS, AWS_DEFAULT_REGION: 'us-east-1' },
    maxBuffer: 64 * 1024 * 1024,
  });
}

describe('the refresh workflow, end to end (handlers + s3rver + DynamoDB Local + local Eurostat + awscli)', () => {
  let server: FakeEurostat;
  let bucketName: string;
  let bucket: Bucket;
  let first: Awaited<ReturnType<typeof runWorkflow>>;
  let logs: MockInstance<typeof console.info> | undefined;
  let firstRunLogs: Array<{ step: string; runId: string }>;

  beforeAll(async () => {
    server = await fakeEurostat({
      catalogue: CATALOGUE,
      datasets: SAMPLE_DATASETS,
    });
    const storage = await freshStorage();
    bucket = storage.bucket;
    const { table } = storage;
    bucketName = bucket.name;
    await bucket.put(
      'inbox/eccp/cluster_organisations.csv',
      await readFile(join(SAMPLE, 'eccp', 'cluster_organisations.csv')),
    );
    await bucket.put('inbox/policy/BE.json', await readFile(join(SAMPLE, 'policy', 'BE.json')));
    Object.assign(process.env, LOCAL_CREDENTIALS, {
      S3_ENDPOINT: inject('s3Endpoint'),
      DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
      BUCKET_NAME: bucket.name,
      TABLE_NAME: table,
      PIPELINE_CONFIG: JSON.stringify(CONFIG),
      REFERENCE_DIR: join(ROOT, 'data', 'reference'),
      EUROSTAT_BASE_URL: server.baseUrl,
      CODE_VERSION: 'e2e',
      RUN_LEASE_S: '3600',
    });
    resetStepContext();
    logs = vi.spyOn(console, 'info').mockImplementation(() => {});
    first = await runWorkflow({}, 'run-1');
    firstRunLogs = logs.mock.calls.map((c) => JSON.parse(String(c[0])));
  });

  afterAll(async () => {
    logs?.mockRestore();
    await server?.close();
    resetStepContext();
  });

  it('reads the catalogue once and fetches each Eurostat dataset once, as gzipped TSV', () => {
    expect(server.requests.map((r) => r.url).sort()).toEqual([
      '/api/dissemination/catalogue/toc/txt?lang=en',
      ...['lfsa_egan22d', 'lfst_r_lfe2emp', 'lfst_r_lfe2en2'].map(
        (d) => `/api/dissemination/sdmx/2.1/data/${d}?format=TSV&compressed=true`,
      ),
    ]);
  });

  it('logs one structured line per step invocation, naming the run', () => {
    expect(firstRunLogs.map((l) => l.step)).toEqual([
      'check',
      'fetch',
      'fetch',
      'fetch',
      'fetch',
      'compute',
      'render',
      'publish',
    ]);
    expect(new Set(firstRunLogs.map((l) => l.runId))).toEqual(new Set(['run-1']));
  });

  it('publishes a snapshot', () => {
    expect(first.computed.status).toBe('staged');
    expect(first.published?.status).toBe('published');
  });

  it('lets awscli download every published file, pages included, each matching the manifest sha256 and size', async () => {
    const version = first.published?.version as string;
    const dir = await mkdtemp(join(tmpdir(), 'e2e-download-'));
    awsCli([
      's3',
      'cp',
      '--recursive',
      '--only-show-errors',
      `s3://${bucketName}/snapshots/${version}/`,
      dir,
    ]);
    const manifest = JSON.parse(await readFile(join(dir, 'datapackage.json'), 'utf8')) as Manifest;
    // Twelve tables (nine facts, three dimensions), each as CSV and as Parquet under parquet/<table>/.
    expect(manifest.resources).toHaveLength(24);
    // And the rendered factsheets: every page and figure, the Belgian page among them.
    const pages = manifest['eucluster:files'] ?? [];
    expect(pages.map((f) => f.path)).toContain('pages/BE.html');
    for (const r of [...manifest.resources, ...pages]) {
      const body = await readFile(join(dir, r.path));
      expect(`sha256:${createHash('sha256').update(body).digest('hex')}`).toBe(r.hash);
      expect(body.length).toBe(r.bytes);
    }
  });

  it('points latest.json at the published version, and its manifest hash matches', () => {
    const latest = JSON.parse(
      awsCli(['s3', 'cp', `s3://${bucketName}/snapshots/latest.json`, '-']).toString(),
    );
    expect(latest.version).toBe(first.published?.version);
    const manifest = awsCli(['s3', 'cp', `s3://${bucketName}/${latest.manifest}`, '-']);
    expect(latest.manifestHash).toBe(`sha256:${createHash('sha256').update(manifest).digest('hex')}`);
  });

  it('computes the Belgian maturity score from the policy facts in the bucket', () => {
    const csv = awsCli([
      's3',
      'cp',
      `s3://${bucketName}/snapshots/${first.published?.version}/data/maturity.csv`,
      '-',
    ]);
    expect(csv.toString()).toBe(
      'country,policy_scope,continuity,evidence,instruments,total,assessed_on\nBE,2.0,2.0,1.0,2.0,7.0,2022-09-30\n',
    );
  });

  it('leaves nothing under staging/ once published', async () => {
    expect(await bucket.list('staging/')).toEqual([]);
  });

  it('ends a second run over unchanged sources as unchanged, publishing nothing', async () => {
    const before = awsCli(['s3', 'ls', '--recursive', `s3://${bucketName}/snapshots/`]).toString();
    const rawBefore = await bucket.list('raw/');
    server.reset();
    const second = await runWorkflow({}, 'run-2');
    // Only the catalogue was asked; no download, no new raw object.
    expect(server.requests.map((r) => r.path)).toEqual(['/api/dissemination/catalogue/toc/txt']);
    expect(await bucket.list('raw/')).toEqual(rawBefore);
    expect(second.computed).toMatchObject({ status: 'unchanged', version: first.published?.version });
    expect(awsCli(['s3', 'ls', '--recursive', `s3://${bucketName}/snapshots/`]).toString()).toBe(before);
  });

  it('publishes a new version on a forced run', async () => {
    const forced = await runWorkflow({ force: true }, 'run-3');
    expect(forced.published?.status).toBe('published');
    const index = JSON.parse(awsCli(['s3', 'cp', `s3://${bucketName}/snapshots/index.json`, '-']).toString());
    expect(index.versions[0].version).toBe(forced.published?.version);
    expect(index.versions).toHaveLength(2);
  });

  it('says a forced version has identical content, in index.json and in what the notification carries', async () => {
    const index = JSON.parse(awsCli(['s3', 'cp', `s3://${bucketName}/snapshots/index.json`, '-']).toString());
    expect(index.versions[0]).toMatchObject({
      reason: 'forced, identical content',
      identicalTo: first.published?.version,
    });
    expect(index.versions[1].reason).toBe('first version');
    const changes = JSON.parse(
      awsCli([
        's3',
        'cp',
        `s3://${bucketName}/snapshots/${index.versions[0].version}/changes.json`,
        '-',
      ]).toString(),
    );
    expect(changes.previous).toBe(first.published?.version);
    // The publish step's `changes` is what Notify puts in the SNS message: counts only, far under 256 KB.
    expect(first.published?.changes?.reason).toBe('first version');
    expect(JSON.stringify(first.published?.changes).length).toBeLessThan(8 * 1024);
  });
});
