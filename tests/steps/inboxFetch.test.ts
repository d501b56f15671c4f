import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunLease } from '../../lib/aws/runLease.ts';
import { StateRepository } from '../../lib/aws/stateRepository.ts';
import { parseConfig } from '../../lib/config/configuration.ts';
import { sha256Hex } from '../../lib/snapshot/hashing.ts';
import { checkStep } from '../../lib/steps/checkStep.ts';
import { fetchStep } from '../../lib/steps/fetchStep.ts';
import type { StepContext } from '../../lib/steps/stepContext.ts';
import { catalogueText } from '../helpers/catalogue.ts';
import { type FakeEurostat, fakeEurostat } from '../helpers/fakeEurostat.ts';
import { freshStorage } from '../helpers/localAws.ts';

/** Two organisations in the input contract (invented for the test). */
const INBOX_CSV =
  'id,name,country,region,city,ecosystems,members_sme,members_large,members_research,members_other,partnerships\n' +
  'a,Alpha,BE,BE21,,Health,1,0,0,0,\n';
const URL_CSV = `${INBOX_CSV}b,Beta,BE,BE31,,Digital,2,1,0,0,\n`;

let eurostat: FakeEurostat;
let eccp: Server;
let eccpUrl: string;

beforeAll(async () => {
  eurostat = await fakeEurostat({ datasets: {}, catalogue: catalogueText({}) });
  eccp = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/csv' });
    res.end(URL_CSV);
  });
  await new Promise<void>((resolve) => eccp.listen(0, '127.0.0.1', resolve));
  eccpUrl = `http://127.0.0.1:${(eccp.address() as AddressInfo).port}/eccp.csv`;
});

afterAll(async () => {
  await eurostat.close();
  await new Promise((resolve) => eccp.close(resolve));
});

async function context(eccpConfig?: { url: string }): Promise<StepContext> {
  const { bucket, ddb, table } = await freshStorage();
  const config = parseConfig(
    {
      eurostat: { baseUrl: eurostat.baseUrl },
      sources: {
        nationalByDivision: { dataset: 'lfsa_egan22d' },
        regionalByActivity: { dataset: 'lfst_r_lfe2en2' },
      },
      ...(eccpConfig ? { eccp: eccpConfig } : {}),
    },
    'test',
  );
  const t = { ddb, name: table };
  return {
    bucket,
    table: t,
    state: new StateRepository(t),
    config,
    now: () => new Date('2026-11-28T12:00:00Z'),
    codeVersion: 'test',
    runLeaseS: 3600,
  };
}

/** The inbox task check plans; the run lease is given back at once, as these tests run no whole run. */
const inboxTask = async (ctx: StepContext, runId: string) => {
  const checked = await checkStep(ctx, { runId, force: false });
  await new RunLease(ctx.table).release(runId);
  const task = checked.sources.find((s) => s.kind === 'bucket');
  if (!task) throw new Error('no inbox task');
  return task;
};

describe('the inbox source (s3rver + DynamoDB Local)', () => {
  it('copies a dropped file into raw/ under its hash', async () => {
    const ctx = await context();
    await ctx.bucket.put('inbox/eccp/cluster_organisations.csv', INBOX_CSV);
    const out = await fetchStep(ctx, await inboxTask(ctx, 'r1'));
    const hex = sha256Hex(INBOX_CSV);
    expect(out.objects).toEqual([
      expect.objectContaining({
        role: 'clusterOrganisations',
        path: 'eccp/cluster_organisations.csv',
        key: `raw/eccp/${hex}.csv`,
      }),
    ]);
    expect((await ctx.bucket.getBuffer(`raw/eccp/${hex}.csv`)).toString()).toBe(INBOX_CSV);
  });

  it('records the format with the object, as the input layout reads it', async () => {
    const ctx = await context();
    await ctx.bucket.put('inbox/eccp/cluster_organisations.json', '[]');
    await ctx.bucket.put('inbox/policy/BE.json', '{}');
    await ctx.bucket.put('inbox/notes.txt', 'not an input');
    const out = await fetchStep(ctx, await inboxTask(ctx, 'r1'));
    expect(out.objects.map((o) => [o.path, o.role, o.name, o.format])).toEqual([
      ['eccp/cluster_organisations.json', 'clusterOrganisations', 'cluster_organisations', 'json'],
      ['policy/BE.json', 'policy', 'BE', 'json'],
    ]);
  });

  it('refuses the organisations given both as .csv and .json, as an input directory does', async () => {
    const ctx = await context();
    await ctx.bucket.put('inbox/eccp/cluster_organisations.csv', INBOX_CSV);
    await ctx.bucket.put('inbox/eccp/cluster_organisations.json', '[]');
    await expect(fetchStep(ctx, await inboxTask(ctx, 'r1'))).rejects.toThrow(
      'inbox/ has eccp/cluster_organisations.csv and eccp/cluster_organisations.json (both clusterOrganisations): keep one',
    );
    expect(await ctx.bucket.list('raw/')).toEqual([]);
  });

  it('plans a reuse, and copies nothing, when no file was added, replaced or removed', async () => {
    const ctx = await context();
    await ctx.bucket.put('inbox/eccp/cluster_organisations.csv', INBOX_CSV);
    await fetchStep(ctx, await inboxTask(ctx, 'r1'));
    const task = await inboxTask(ctx, 'r2');
    expect(task.plan.action).toBe('reuse');
    const before = await ctx.bucket.list('raw/');
    const out = await fetchStep(ctx, task);
    expect(out.changed).toBe(false);
    expect(await ctx.bucket.list('raw/')).toEqual(before);
  });

  it('plans a fetch when a file is replaced', async () => {
    const ctx = await context();
    await ctx.bucket.put('inbox/eccp/cluster_organisations.csv', INBOX_CSV);
    await fetchStep(ctx, await inboxTask(ctx, 'r1'));
    await ctx.bucket.put('inbox/eccp/cluster_organisations.csv', URL_CSV);
    expect((await inboxTask(ctx, 'r2')).plan.action).toBe('fetch');
  });

  it('takes the cluster organisations from eccp.url, over a file in the inbox', async () => {
    const ctx = await context({ url: eccpUrl });
    await ctx.bucket.put('inbox/eccp/cluster_organisations.csv', INBOX_CSV);
    const out = await fetchStep(ctx, await inboxTask(ctx, 'r1'));
    const orgs = out.objects.filter((o) => o.role === 'clusterOrganisations');
    expect(orgs).toHaveLength(1);
    expect(orgs[0]?.hash).toBe(`sha256:${sha256Hex(URL_CSV)}`);
  });
});
