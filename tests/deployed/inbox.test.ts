import { execFile } from 'node:child_process';
import type { EventEmitter } from 'node:events';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Bucket } from '../../lib/aws/bucket.ts';
import { awsClients } from '../../lib/aws/clients.ts';
import { sourceKey } from '../../lib/aws/tableItems.ts';
import { INBOX_SOURCE } from '../../lib/steps/sourceState.ts';
import { catalogueText } from '../helpers/catalogue.ts';
import { type FakeEurostat, fakeEurostat, SAMPLE_DATASETS } from '../helpers/fakeEurostat.ts';
import { freshStorage, LOCAL_CREDENTIALS } from '../helpers/localAws.ts';
import { keepEmptyFolders } from '../setup/localServers.ts';
import type { RunResult } from './support/deployedWorkflow.ts';
import { DeployedWorkflow } from './support/deployedWorkflow.ts';
import { InboxPipe, objectCreatedEvent, type S3NotificationRecord } from './support/inboxPipe.ts';

/**
 * One upload, one run: twenty files copied into the inbox with `aws s3 cp --recursive` reach the state machine
 * as S3 does it (s3rver's event per created object → S3's "Object Created" EventBridge event → the template's
 * inbox rule → the queue → the pipe's batching, modelled from the template's BatchSize and batching window, see
 * support/inboxPipe.ts) and start one execution, which reads all twenty. Its own s3rver (the shared one's events
 * would mix with other test files'), the synthesized workflow as in operations.test.ts; every time 5 times
 * faster (the batching window too), so an upload has a 12 s window.
 */
const SCALE = 1 / 5;
const LONG = 300_000;
const ROOT = join(import.meta.dirname, '..', '..');
const SAMPLE = join(ROOT, 'data', 'sample');
const execFileAsync = promisify(execFile);

/** SYNTHETIC catalogue dates (the codes are Eurostat's, the dates invented). */
const CATALOGUE = catalogueText({
  lfsa_egan22d: ['20.11.2026', '01.02.2024'],
  lfst_r_lfe2en2: ['20.11.2026', '01.02.2024'],
  lfst_r_lfe2emp: ['20.11.2026', '01.02.2024'],
});

/** Eighteen countries of the sample's cluster list, each given the Belgian policy facts as national policies. */
const COUNTRIES = [
  'ES',
  'DE',
  'FR',
  'IT',
  'PL',
  'RO',
  'SE',
  'FI',
  'CZ',
  'BG',
  'HU',
  'NL',
  'AT',
  'LT',
  'SK',
  'PT',
  'SI',
  'DK',
];

/** The twenty files of one upload: the cluster list, the consortia and eighteen countries' policy facts. */
async function uploadFolder(): Promise<{ dir: string; keys: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'inbox-upload-'));
  await mkdir(join(dir, 'eccp'));
  await mkdir(join(dir, 'policy'));
  for (const name of ['cluster_organisations.csv', 'synthetic_consortia.csv'])
    await writeFile(join(dir, 'eccp', name), await readFile(join(SAMPLE, 'eccp', name)));
  const be = JSON.parse(await readFile(join(SAMPLE, 'policy', 'BE.json'), 'utf8'));
  for (const country of COUNTRIES) {
    const policies = (be.policies as Record<string, unknown>[]).map(({ region: _region, ...p }) => ({
      ...p,
      level: 'national',
    }));
    await writeFile(join(dir, 'policy', `${country}.json`), JSON.stringify({ ...be, country, policies }));
  }
  const keys = [
    'inbox/eccp/cluster_organisations.csv',
    'inbox/eccp/synthetic_consortia.csv',
    ...COUNTRIES.map((c) => `inbox/policy/${c}.json`),
  ];
  return { dir, keys };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('twenty uploads to the inbox (s3rver events through the template rule, queue and pipe)', () => {
  let s3rver: S3rver;
  let s3Dir: string;
  let endpoint: string;
  let server: FakeEurostat;
  let wf: DeployedWorkflow;
  let bucket: Bucket;
  let table: string;
  let ddb: Awaited<ReturnType<typeof freshStorage>>['ddb'];

  beforeAll(async () => {
    s3Dir = await mkdtemp(join(tmpdir(), 's3rver-inbox-'));
    const port = await freePort();
    s3rver = new S3rver({ port, address: '127.0.0.1', directory: s3Dir, silent: true });
    // As the shared s3rver: a put racing the delete that empties raw/tmp/ must not kill the test process.
    keepEmptyFolders(s3rver);
    await s3rver.run();
    endpoint = `http://127.0.0.1:${port}`;
    // The shared servers' table (a fresh one); the bucket is this file's own s3rver's, reached by the
    // adapters' own client (freshStorage has set the local credentials).
    ({ table, ddb } = await freshStorage());
    const { s3 } = awsClients({ S3_ENDPOINT: endpoint });
    bucket = new Bucket(s3, `inbox-${Date.now()}`);
    await s3.send(new CreateBucketCommand({ Bucket: bucket.name }));
    server = await fakeEurostat({
      catalogue: CATALOGUE,
      datasets: SAMPLE_DATASETS,
    });
    wf = await DeployedWorkflow.start({
      bucket,
      table,
      s3Endpoint: endpoint,
      dynamoEndpoint: inject('dynamoEndpoint'),
      eurostatBaseUrl: server.baseUrl,
      scale: SCALE,
    });
  }, LONG);

  afterAll(async () => {
    await wf?.close();
    await server?.close();
    await s3rver?.close();
    if (s3Dir) await rm(s3Dir, { recursive: true, force: true });
  });

  it(
    'an `aws s3 cp --recursive` of twenty files starts one execution, which reads all twenty and publishes',
    async () => {
      const runs: RunResult[] = [];
      const pipe = new InboxPipe(wf.deployed, SCALE, async (batch) => {
        runs.push(await wf.run(batch, `inbox-${runs.length + 1}`));
      });
      // The template's own batching parameters, not the test's.
      expect(pipe.batchSize).toBeGreaterThanOrEqual(20);
      expect(pipe.windowMs).toBeGreaterThan(0);
      const seen: string[] = [];
      (s3rver as unknown as EventEmitter).on('event', (e: { Records: S3NotificationRecord[] }) => {
        for (const record of e.Records) {
          const event = objectCreatedEvent(record);
          if (!event) continue;
          seen.push(record.s3.object.key);
          pipe.put(event);
        }
      });
      const { dir, keys } = await uploadFolder();
      try {
        await execFileAsync(
          '/usr/bin/aws',
          [
            '--endpoint-url',
            endpoint,
            's3',
            'cp',
            '--recursive',
            '--only-show-errors',
            dir,
            `s3://${bucket.name}/inbox/`,
          ],
          { env: { ...process.env, ...LOCAL_CREDENTIALS, AWS_DEFAULT_REGION: 'us-east-1' } },
        );
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      expect(seen.sort()).toEqual([...keys].sort());
      await pipe.settled();

      // One batch of twenty messages, one execution.
      expect(pipe.batches.map((b) => b.length)).toEqual([20]);
      expect(runs).toHaveLength(1);
      const [run] = runs as [RunResult];
      expect(run.status, `${run.error}: ${run.cause}`).toBe('SUCCEEDED');
      expect(run.output).toMatchObject({ status: 'published' });
      // The batch reached Check as the execution's input; the inbox fetch copied all twenty files.
      const check = run.invocations.find((i) => i.fn === wf.functionOf('Check').logicalId);
      expect((check?.event as { input?: unknown[] } | undefined)?.input).toHaveLength(20);
      const inbox = (await ddb.send(new GetCommand({ TableName: table, Key: sourceKey(INBOX_SOURCE) }))).Item;
      const copied = ((inbox?.objects ?? []) as { path: string }[]).map((o) => o.path).sort();
      expect(copied).toEqual(keys.map((k) => k.slice('inbox/'.length)).sort());
      const manifest = JSON.parse(
        (await bucket.getBuffer(`snapshots/${run.output?.version}/datapackage.json`)).toString('utf8'),
      );
      const policies = JSON.stringify(manifest).match(/policy\/[A-Z]{2}\.json/g) ?? [];
      expect(new Set(policies)).toEqual(new Set(COUNTRIES.map((c) => `policy/${c}.json`)));
    },
    LONG,
  );
});
