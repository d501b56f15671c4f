import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsSnapshotStore } from '../../lib/aws/awsSnapshotStore.ts';
import { RunLease } from '../../lib/aws/runLease.ts';
import { StateRepository } from '../../lib/aws/stateRepository.ts';
import { parseConfig } from '../../lib/config/configuration.ts';
import { ConfigError, RunInProgressError } from '../../lib/errors.ts';
import { checkStep } from '../../lib/steps/checkStep.ts';
import type { StepContext } from '../../lib/steps/stepContext.ts';
import { miniSnapshot } from '../helpers/builtSnapshot.ts';
import { catalogueText } from '../helpers/catalogue.ts';
import { type FakeEurostat, fakeEurostat } from '../helpers/fakeEurostat.ts';
import { freshStorage } from '../helpers/localAws.ts';

const NOW = new Date('2026-12-07T12:00:00Z');
let eurostat: FakeEurostat;

beforeAll(async () => {
  eurostat = await fakeEurostat({ datasets: {}, catalogue: catalogueText({}) });
});
afterAll(async () => {
  await eurostat.close();
});

async function context(): Promise<StepContext> {
  const { bucket, ddb, table } = await freshStorage();
  const t = { ddb, name: table };
  return {
    bucket,
    table: t,
    state: new StateRepository(t),
    config: parseConfig(
      {
        eurostat: { baseUrl: eurostat.baseUrl },
        sources: { nationalByDivision: { dataset: 'lfsa_egan22d' } },
      },
      'test',
    ),
    now: () => NOW,
    codeVersion: 'test',
    runLeaseS: 3600,
  };
}

const startedItem = async (ctx: StepContext, runId: string) =>
  (
    await ctx.table.ddb.send(
      new GetCommand({ TableName: ctx.table.name, Key: { pk: `RUN#${runId}`, sk: 'STARTED' } }),
    )
  ).Item;

describe('checkStep (s3rver + DynamoDB Local)', () => {
  it('takes the run lease for RUN_LEASE_S seconds, and starts no second run while it is held', async () => {
    const ctx = await context();
    await checkStep(ctx, { runId: 'r1', force: false });
    expect(await new RunLease(ctx.table).holder()).toEqual({
      runId: 'r1',
      expiresAt: NOW.getTime() / 1000 + 3600,
    });
    await expect(checkStep(ctx, { runId: 'r2', force: false })).rejects.toBeInstanceOf(RunInProgressError);
    // The refused run left no trace in the ledger.
    expect(await startedItem(ctx, 'r2')).toBeUndefined();
    // Its own retry is let in.
    await expect(checkStep(ctx, { runId: 'r1', force: false })).resolves.toMatchObject({ runId: 'r1' });
  });

  it('refuses to start without the lease expiry, saying what to do', async () => {
    const { runLeaseS: _unset, ...ctx } = await context();
    await expect(checkStep(ctx, { runId: 'r1', force: false })).rejects.toThrow(ConfigError);
    await expect(checkStep(ctx, { runId: 'r1', force: false })).rejects.toThrow(/RUN_LEASE_S is not set/);
  });

  it('rewrites latest.json and index.json that lag the pointer, and records what it rewrote', async () => {
    const ctx = await context();
    const store = new AwsSnapshotStore(ctx.bucket, ctx.table.ddb, ctx.table.name);
    const first = await miniSnapshot(new Date('2026-12-01T10:00:00Z'));
    const second = await miniSnapshot(new Date('2026-12-02T10:00:00Z'), 'b'.repeat(64));
    await store.publish(first, null);
    const staleLatest = await ctx.bucket.getBuffer('snapshots/latest.json');
    const staleIndex = await ctx.bucket.getBuffer('snapshots/index.json');
    await store.publish(second, first.version);
    // As if the second publication had been killed right after its pointer flip.
    await ctx.bucket.put('snapshots/latest.json', staleLatest);
    await ctx.bucket.put('snapshots/index.json', staleIndex);

    const out = await checkStep(ctx, { runId: 'r1', force: false });
    expect(out.repaired).toEqual(['snapshots/index.json', 'snapshots/latest.json']);
    expect((await startedItem(ctx, 'r1'))?.repaired).toEqual(out.repaired);
    const latest = JSON.parse((await ctx.bucket.getBuffer('snapshots/latest.json')).toString('utf8'));
    expect(latest.version).toBe(second.version);
    const index = JSON.parse((await ctx.bucket.getBuffer('snapshots/index.json')).toString('utf8'));
    expect(index.versions.map((v: { version: string }) => v.version)).toEqual([
      second.version,
      first.version,
    ]);

    // Whole files are left alone: the next run rewrites nothing and records nothing.
    await new RunLease(ctx.table).release('r1');
    expect((await checkStep(ctx, { runId: 'r2', force: false })).repaired).toEqual([]);
    expect((await startedItem(ctx, 'r2'))?.repaired).toBeUndefined();
  });

  it('writes both files when a publication was killed before writing either (the first one ever)', async () => {
    const ctx = await context();
    const store = new AwsSnapshotStore(ctx.bucket, ctx.table.ddb, ctx.table.name);
    const only = await miniSnapshot(new Date('2026-12-01T10:00:00Z'));
    await store.publish(only, null);
    await ctx.bucket.deletePrefix('snapshots/latest.json');
    await ctx.bucket.deletePrefix('snapshots/index.json');
    expect((await checkStep(ctx, { runId: 'r1', force: false })).repaired).toEqual([
      'snapshots/index.json',
      'snapshots/latest.json',
    ]);
    expect(JSON.parse((await ctx.bucket.getBuffer('snapshots/latest.json')).toString('utf8')).version).toBe(
      only.version,
    );
  });

  it('repairs nothing before the first publication', async () => {
    const ctx = await context();
    expect((await checkStep(ctx, { runId: 'r1', force: false })).repaired).toEqual([]);
  });
});
