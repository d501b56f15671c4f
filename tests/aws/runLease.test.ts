import { describe, expect, it } from 'vitest';
import { AwsSnapshotStore } from '../../lib/aws/awsSnapshotStore.ts';
import { RunLease } from '../../lib/aws/runLease.ts';
import { RunInProgressError, SupersededError } from '../../lib/errors.ts';
import { miniSnapshot } from '../helpers/builtSnapshot.ts';
import { freshStorage } from '../helpers/localAws.ts';

const T0 = new Date('2026-12-07T10:00:00Z');
const later = (s: number) => new Date(T0.getTime() + s * 1000);
const HOUR = 3600;

async function lease() {
  const storage = await freshStorage();
  return { ...storage, lease: new RunLease({ ddb: storage.ddb, name: storage.table }) };
}

describe('RunLease (DynamoDB Local)', () => {
  it('is taken by the first run and refused to a second one, naming the holder and its expiry', async () => {
    const { lease: l } = await lease();
    await l.acquire('run-a', T0, HOUR);
    const err = await l.acquire('run-b', later(60), HOUR).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RunInProgressError);
    expect(err).toMatchObject({
      name: 'RunInProgressError',
      holder: 'run-a',
      expires: later(HOUR).toISOString(),
    });
    expect((err as Error).message).toMatch(/^run run-a is in progress .* delete the LEASE item/);
    expect(await l.holder()).toEqual({ runId: 'run-a', expiresAt: later(HOUR).getTime() / 1000 });
  });

  it('is taken again by the run that holds it (a retried check), with a new expiry', async () => {
    const { lease: l } = await lease();
    await l.acquire('run-a', T0, HOUR);
    await l.acquire('run-a', later(30), HOUR);
    expect(await l.holder()).toEqual({ runId: 'run-a', expiresAt: later(30 + HOUR).getTime() / 1000 });
  });

  it('is taken over once its holder let it expire (a run killed without releasing it)', async () => {
    const { lease: l } = await lease();
    await l.acquire('killed', T0, HOUR);
    await expect(l.acquire('next', later(HOUR - 1), HOUR)).rejects.toBeInstanceOf(RunInProgressError);
    await l.acquire('next', later(HOUR), HOUR);
    expect((await l.holder())?.runId).toBe('next');
  });

  it('is released by its holder only, and a second release changes nothing', async () => {
    const { lease: l } = await lease();
    await l.acquire('run-a', T0, HOUR);
    expect(await l.release('run-b')).toBe(false);
    expect((await l.holder())?.runId).toBe('run-a');
    expect(await l.release('run-a')).toBe(true);
    expect(await l.holder()).toBeUndefined();
    expect(await l.release('run-a')).toBe(false);
    await l.acquire('run-b', later(1), HOUR);
    expect((await l.holder())?.runId).toBe('run-b');
  });

  it('lets exactly one of two runs asking at once take it', async () => {
    const { lease: l } = await lease();
    const results = await Promise.allSettled([l.acquire('run-a', T0, HOUR), l.acquire('run-b', T0, HOUR)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const [refused] = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(refused?.reason).toBeInstanceOf(RunInProgressError);
  });

  it('leaves the pointer flip as the safety net: a run let in by an expired lease is superseded, not published twice', async () => {
    const { lease: l, bucket, ddb, table } = await lease();
    const store = new AwsSnapshotStore(bucket, ddb, table);
    // The first run holds the lease past its expiry (stuck), a second one takes it over; both started from
    // no version and both publish.
    await l.acquire('stuck', T0, HOUR);
    await l.acquire('second', later(HOUR), HOUR);
    const stuck = await miniSnapshot(later(10), 'b'.repeat(64));
    const second = await miniSnapshot(later(HOUR + 10), 'c'.repeat(64));
    await store.publish(second, null);
    await expect(store.publish(stuck, null)).rejects.toBeInstanceOf(SupersededError);
    expect((await store.latest())?.version).toBe(second.version);
    // The stuck run's end does not release the lease it no longer holds.
    expect(await l.release('stuck')).toBe(false);
    expect((await l.holder())?.runId).toBe('second');
  });
});
