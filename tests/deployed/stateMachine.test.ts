import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Bucket } from '../../lib/aws/bucket.ts';
import { TIME_BUDGETS } from '../../lib/infra/timeBudgets.ts';
import { catalogueText } from '../helpers/catalogue.ts';
import { type FakeEurostat, type FakeEurostatOptions, fakeEurostat } from '../helpers/fakeEurostat.ts';
import { freshStorage } from '../helpers/localAws.ts';
import { DeployedWorkflow, type RunResult } from './support/deployedWorkflow.ts';

/**
 * The deployed workflow, executed: the synthesized state machine, the bundled functions, the template's
 * environment and IAM, against s3rver, DynamoDB Local and a local Eurostat. Scenarios run in order on
 * one bucket and table, like successive nights of one deployment.
 *
 * Every time limit runs 10 times faster (SCALE): function timeouts, HTTP budgets, TimeoutSeconds, Retry
 * intervals — so the fetch step's 120 s HTTP budget is 12 s here, its 300 s timeout 30 s. (Storage calls
 * to DynamoDB Local are not faster: a smaller factor would leave publish too little time.)
 */
const SCALE = 1 / 10;
const LONG = 300_000;
const ROOT = join(import.meta.dirname, '..', '..');
const SAMPLE = join(ROOT, 'data', 'sample');
/** Files in the real datasets' layouts and code sets (NRP, TOTAL, sexes, ages, EA20): see their README. */
const REAL_LAYOUTS = join(ROOT, 'tests', 'fixtures', 'eurostat-real-layouts');
const DATASETS = ['lfsa_egan22d', 'lfst_r_lfe2emp', 'lfst_r_lfe2en2'];
/** The default configuration gives lfst_r_lfe2emp a keyOrder: a live fetch asks for its slice only. */
const KEYS: Record<string, string> = { lfst_r_lfe2emp: '/A.THS_PER.T.Y15-64.' };
const dataPath = (d: string) => `/api/dissemination/sdmx/2.1/data/${d}${KEYS[d] ?? ''}`;
const CATALOGUE_PATH = '/api/dissemination/catalogue/toc/txt';

/** SYNTHETIC catalogue dates (the codes are Eurostat's, the dates invented). */
const catalogue = (emp: string) =>
  catalogueText({
    lfsa_egan22d: ['20.11.2026', '01.02.2024'],
    lfst_r_lfe2en2: ['20.11.2026', '01.02.2024'],
    lfst_r_lfe2emp: [emp, '01.02.2024'],
  });

const eurostatOptions: FakeEurostatOptions = {
  catalogue: catalogue('20.11.2026'),
  datasets: {
    lfsa_egan22d: { tsv: { file: join(REAL_LAYOUTS, 'synthetic_lfsa_egan22d.tsv.gz') } },
    lfst_r_lfe2en2: { tsv: { file: join(REAL_LAYOUTS, 'synthetic_lfst_r_lfe2en2.tsv.gz') } },
    lfst_r_lfe2emp: { tsv: { file: join(REAL_LAYOUTS, 'synthetic_lfst_r_lfe2emp.tsv.gz') } },
  },
};

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('the deployed workflow (synthesized state machine, bundled functions, IAM) on local servers', () => {
  let server: FakeEurostat;
  let wf: DeployedWorkflow;
  let bucket: Bucket;
  let table: string;
  let ddb: Awaited<ReturnType<typeof freshStorage>>['ddb'];
  const versions: string[] = [];

  const ledger = async (run: string) => {
    const out = await ddb.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `RUN#${run}` },
      }),
    );
    return (out.Items ?? []).map((i) => i.sk as string).sort();
  };
  const failure = async (run: string) =>
    (await ddb.send(new GetCommand({ TableName: table, Key: { pk: `RUN#${run}`, sk: 'FAILED' } }))).Item;
  const pointer = async () =>
    (await ddb.send(new GetCommand({ TableName: table, Key: { pk: 'POINTER', sk: 'latest' } }))).Item
      ?.version as string | undefined;
  const keys = async (prefix: string) => (await bucket.list(prefix)).map((o) => o.key).sort();
  const latestJson = async () =>
    JSON.parse((await bucket.getBuffer('snapshots/latest.json')).toString('utf8'));
  const upstream = () => server.requests.map((r) => r.path).sort();
  const fetchesOf = (run: RunResult, outcome?: string) =>
    run.invocations.filter(
      (i) => i.fn === wf.functionOf('Fetch').logicalId && (outcome === undefined || i.outcome === outcome),
    );
  const sourceOf = (i: { event: unknown }) => (i.event as { source: string }).source;
  /** Every request AWS would refuse, as `function: action on resource (decision)` lines. */
  const denied = () =>
    wf.calls.flatMap((c) => [
      ...c.checks
        .filter((x) => x.decision !== 'Allowed')
        .map((x) => `${c.fn}: ${x.action} on ${x.resource} ${JSON.stringify(x.context)} (${x.decision})`),
      ...(c.hiddenMissingKey
        ? [`${c.fn}: ${c.method} ${c.url} of a missing key answered 403 (no s3:ListBucket)`]
        : []),
    ]);
  const runAndCheck = async (input: Record<string, unknown>, name: string) => {
    server.reset();
    wf.notifications.length = 0;
    const result = await wf.run(input, name);
    return result;
  };

  beforeAll(async () => {
    server = await fakeEurostat(eurostatOptions);
    const storage = await freshStorage();
    ({ bucket, table, ddb } = storage);
    await bucket.put(
      'inbox/eccp/cluster_organisations.csv',
      await readFile(join(SAMPLE, 'eccp', 'cluster_organisations.csv')),
    );
    await bucket.put('inbox/policy/BE.json', await readFile(join(SAMPLE, 'policy', 'BE.json')));
    wf = await DeployedWorkflow.start({
      bucket,
      table,
      s3Endpoint: inject('s3Endpoint'),
      dynamoEndpoint: inject('dynamoEndpoint'),
      eurostatBaseUrl: server.baseUrl,
      scale: SCALE,
    });
  }, 180_000);

  afterAll(async () => {
    await wf?.close();
    await server?.close();
  });

  it(
    'publishes on the first run: catalogue and every dataset asked once, snapshot and pointer written, one notification',
    async () => {
      const run = await runAndCheck({}, 'night-1');
      expect(denied()).toEqual([]);
      expect(run.status, `${run.error}: ${run.cause}`).toBe('SUCCEEDED');
      expect(run.output).toMatchObject({ status: 'published' });
      const version = run.output?.version as string;
      versions.push(version);
      expect(upstream()).toEqual([CATALOGUE_PATH, ...DATASETS.map(dataPath)].sort());
      expect(await ledger('night-1')).toEqual(['PUBLISHED', 'STARTED']);
      expect(await pointer()).toBe(version);
      expect((await latestJson()).version).toBe(version);
      const published = await keys(`snapshots/${version}/`);
      expect(published).toContain(`snapshots/${version}/datapackage.json`);
      // The pages rendered by the Render step are published with the snapshot, as its manifest lists them.
      expect(published).toContain(`snapshots/${version}/pages/BE.html`);
      const manifest = JSON.parse(
        (await bucket.getBuffer(`snapshots/${version}/datapackage.json`)).toString('utf8'),
      );
      const page = (manifest['eucluster:files'] as { path: string; hash: string }[]).find(
        (f) => f.path === 'pages/BE.html',
      );
      const body = await bucket.getBuffer(`snapshots/${version}/pages/BE.html`);
      expect(page?.hash).toBe(`sha256:${createHash('sha256').update(body).digest('hex')}`);
      expect(published).not.toContain(`snapshots/${version}/factsheet.json`);
      // Eurostat's real layouts: NRP and EA20 left out where the files are read, and said; regions by section.
      const said = (manifest.notices as { message: string }[]).map((n) => n.message);
      expect(said).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            /lfsa_egan22d.*nace_r2 codes left out as not an activity \(NRP: no response\): NRP/,
          ),
          expect.stringMatching(
            /lfsa_egan22d.*geo codes left out as aggregates other than the benchmark.*: EA20/,
          ),
          expect.stringMatching(/lfst_r_lfe2en2.*nace_r2 codes left out as not an activity.*: NRP/),
        ]),
      );
      const table = async (name: string) =>
        (await bucket.getBuffer(`snapshots/${version}/data/${name}.csv`)).toString('utf8');
      const lq = await table('location_quotients');
      expect(lq).toMatch(/,B-E,/);
      expect(lq).not.toMatch(/NRP|EA20/);
      expect(await table('ecosystem_employment')).toMatch(/^.*\bBE\b.*$/m);
      expect(await keys('staging/')).toEqual([]);
      expect(await keys('raw/tmp/')).toEqual([]);
      for (const d of DATASETS) expect(await keys(`raw/eurostat/${d}/`)).toHaveLength(1);
      expect(wf.notifications).toEqual([
        expect.objectContaining({
          message: expect.objectContaining({ event: 'snapshot.published', version }),
        }),
      ]);
      expect(denied()).toEqual([]);
    },
    LONG,
  );

  it(
    'ends the second run as Unchanged after the catalogue request only, writing nothing but its ledger',
    async () => {
      const before = await keys('');
      const run = await runAndCheck({}, 'night-2');
      expect(denied()).toEqual([]);
      expect(run.status, `${run.error}: ${run.cause}`).toBe('SUCCEEDED');
      expect(run.output).toMatchObject({ status: 'unchanged', version: versions[0] });
      expect(upstream()).toEqual([CATALOGUE_PATH]);
      expect(await ledger('night-2')).toEqual(['STARTED', 'UNCHANGED']);
      expect(await keys('')).toEqual(before);
      expect(wf.notifications).toEqual([]);
      expect(denied()).toEqual([]);
    },
    LONG,
  );

  it(
    'publishes a new version on a forced run, downloading every dataset again',
    async () => {
      const run = await runAndCheck({ force: true }, 'forced-1');
      expect(denied()).toEqual([]);
      expect(run.status, `${run.error}: ${run.cause}`).toBe('SUCCEEDED');
      const version = run.output?.version as string;
      expect(version).not.toBe(versions[0]);
      versions.push(version);
      expect(upstream()).toEqual([CATALOGUE_PATH, ...DATASETS.map(dataPath)].sort());
      expect(await ledger('forced-1')).toEqual(['PUBLISHED', 'STARTED']);
      expect(await pointer()).toBe(version);
      const index = JSON.parse((await bucket.getBuffer('snapshots/index.json')).toString('utf8'));
      expect(index.versions.map((v: { version: string }) => v.version)).toEqual([...versions].reverse());
      // The same bytes again: still one object per dataset (content-addressed).
      for (const d of DATASETS) expect(await keys(`raw/eurostat/${d}/`)).toHaveLength(1);
      expect(wf.notifications).toHaveLength(1);
      expect(denied()).toEqual([]);
    },
    LONG,
  );

  it(
    'downloads only the dataset with a new upstream release and publishes a new version',
    async () => {
      // A SYNTHETIC revision of one real figure (AT, 2023; not Eurostat's): new bytes, a new catalogue date.
      const revised = gunzipSync(readFileSync(join(REAL_LAYOUTS, 'synthetic_lfst_r_lfe2emp.tsv.gz')))
        .toString('utf8')
        .replace('4394.3 ', '4399.9 ');
      eurostatOptions.datasets.lfst_r_lfe2emp = { tsv: revised };
      eurostatOptions.catalogue = catalogue('21.11.2026');
      const run = await runAndCheck({}, 'night-3');
      expect(denied()).toEqual([]);
      expect(run.status, `${run.error}: ${run.cause}`).toBe('SUCCEEDED');
      const version = run.output?.version as string;
      expect(versions).not.toContain(version);
      versions.push(version);
      expect(upstream()).toEqual([CATALOGUE_PATH, dataPath('lfst_r_lfe2emp')].sort());
      expect(await keys('raw/eurostat/lfst_r_lfe2emp/')).toHaveLength(2);
      expect(await pointer()).toBe(version);
      expect(await ledger('night-3')).toEqual(['PUBLISHED', 'STARTED']);
      expect(denied()).toEqual([]);
    },
    LONG,
  );

  it(
    'records the failure and sends exactly one notification when Eurostat refuses connections',
    async () => {
      wf.eurostatBaseUrl = `http://127.0.0.1:${await closedPort()}`;
      const before = await keys('');
      const run = await runAndCheck({ force: true }, 'refused-1');
      expect(denied()).toEqual([]);
      wf.eurostatBaseUrl = server.baseUrl;
      expect(run.status).toBe('FAILED');
      expect(run.error).toBe('TransientError');
      expect(await failure('refused-1')).toMatchObject({
        error: 'TransientError',
        cause: expect.stringMatching(/ECONNREFUSED|refused/i),
      });
      expect(wf.notifications).toEqual([
        expect.objectContaining({
          message: expect.objectContaining({ event: 'refresh.failed', error: 'TransientError' }),
        }),
      ]);
      expect(await keys('')).toEqual(before);
      expect(await pointer()).toBe(versions.at(-1));
      expect(server.requests).toEqual([]);
      // Each Eurostat source's Fetch failed on its own (not killed) and was retried as its Retry says.
      const attempts = 1 + 2;
      const failed = fetchesOf(run, 'TransientError');
      expect(Math.max(...Object.values(countBy(failed.map(sourceOf))))).toBe(attempts);
      expect(fetchesOf(run, 'Sandbox.Timedout')).toEqual([]);
      expect(denied()).toEqual([]);
    },
    LONG,
  );

  it(
    'fails each step inside its own timeout, retried as its Retry says, when Eurostat accepts connections and never answers',
    async () => {
      const hang = { hangMs: 120_000 };
      const queue = () => {
        for (const path of [CATALOGUE_PATH, ...DATASETS.map(dataPath)])
          server.fault(path, ...Array(50).fill(hang));
      };
      server.reset();
      queue();
      wf.notifications.length = 0;
      const run = await wf.run({ force: true }, 'silent-1');
      expect(denied()).toEqual([]);
      expect(run.status).toBe('FAILED');
      expect(run.error).toBe('TransientError');
      // Check gave the catalogue up within its HTTP budget and went on (every source then asked directly).
      const check = run.invocations.filter((i) => i.fn === wf.functionOf('Check').logicalId);
      expect(check.map((i) => i.outcome)).toEqual(['result']);
      expect(check[0]?.durationMs).toBeLessThan(TIME_BUDGETS.check.functionTimeoutS * 1000 * SCALE);
      expect(server.count(CATALOGUE_PATH)).toBeGreaterThanOrEqual(2);
      // Every Eurostat Fetch failed as a TransientError inside its timeout, never killed by it; three attempts.
      const failed = fetchesOf(run, 'TransientError');
      for (const i of failed)
        expect(i.durationMs).toBeLessThan(TIME_BUDGETS.fetch.functionTimeoutS * 1000 * SCALE);
      expect(fetchesOf(run, 'Sandbox.Timedout')).toEqual([]);
      expect(Math.max(...Object.values(countBy(failed.map(sourceOf))))).toBe(3);
      expect(await failure('silent-1')).toMatchObject({ error: 'TransientError' });
      expect(
        wf.notifications.filter((n) => (n.message as { event: string }).event === 'refresh.failed'),
      ).toHaveLength(1);
      expect(wf.notifications).toHaveLength(1);
      expect(await keys('raw/tmp/')).toEqual([]);
      expect(denied()).toEqual([]);
      server.reset();
    },
    LONG,
  );

  it(
    'keeps the published snapshot when the publish function is killed mid-publish, and the next run publishes',
    async () => {
      const publish = wf.functionOf('Publish').logicalId;
      let writes = 0;
      wf.killWhen = (call) =>
        call.fn === publish && call.method === 'PUT' && call.url.includes('/snapshots/') && ++writes === 2;
      const previous = await pointer();
      const crashed = await runAndCheck({ force: true }, 'crash-1');
      expect(denied()).toEqual([]);
      wf.killWhen = undefined;
      expect(crashed.status).toBe('FAILED');
      expect(crashed.error).toBe('Runtime.ExitError');
      expect(await failure('crash-1')).toMatchObject({ error: 'Runtime.ExitError' });
      expect(wf.notifications).toEqual([
        expect.objectContaining({ message: expect.objectContaining({ event: 'refresh.failed' }) }),
      ]);
      expect(await pointer()).toBe(previous);
      expect((await latestJson()).version).toBe(previous);
      // The crashed run's staged files stay behind (the bucket's staging/ lifecycle rule expires them).
      const leftovers = await keys('staging/');
      expect(new Set(leftovers.map((k) => k.split('/')[1])).size).toBe(1);

      const next = await runAndCheck({ force: true }, 'after-crash');
      expect(next.status, `${next.error}: ${next.cause}`).toBe('SUCCEEDED');
      const version = next.output?.version as string;
      expect(await pointer()).toBe(version);
      expect((await latestJson()).version).toBe(version);
      const manifest = JSON.parse(
        (await bucket.getBuffer(`snapshots/${version}/datapackage.json`)).toString('utf8'),
      );
      const stored = new Set(await keys(`snapshots/${version}/`));
      for (const r of manifest.resources as { path: string }[])
        expect(stored).toContain(`snapshots/${version}/${r.path}`);
      expect(await keys('staging/')).toEqual(leftovers);
      expect(denied()).toEqual([]);
    },
    LONG,
  );

  it('made only requests the synthesized IAM policies allow (counts per function)', () => {
    const counts = countBy(wf.calls.flatMap((c) => c.checks.map(() => c.fn)));
    console.info(`IAM requests checked per function: ${JSON.stringify(counts)}`);
    for (const step of ['Check', 'Fetch', 'Compute', 'Render', 'Publish'])
      expect(counts[wf.functionOf(step).logicalId]).toBeGreaterThan(0);
    expect(counts.StateMachine).toBeGreaterThan(0);
    expect(denied()).toEqual([]);
  });
});

function countBy(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}
