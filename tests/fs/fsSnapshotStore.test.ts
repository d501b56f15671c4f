import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PublishError, StorageError, SupersededError } from '../../lib/errors.ts';
import { FsSnapshotStore } from '../../lib/fs/fsSnapshotStore.ts';
import { nodeStoreFs } from '../../lib/fs/storeFs.ts';
import type { BuiltSnapshot } from '../../lib/snapshot/build.ts';
import { miniSnapshot } from '../helpers/builtSnapshot.ts';
import { deadPid, faultyFs, rejection as thrown } from '../helpers/faults.ts';
import { storeState, strictInvariantProblems, weakInvariantProblems } from '../helpers/storeInvariants.ts';

const T0 = new Date('2026-01-01T10:00:00.000Z');
const T1 = new Date('2026-01-02T10:00:00.000Z');
const T2 = new Date('2026-01-03T10:00:00.000Z');

let v0: BuiltSnapshot;
let v1: BuiltSnapshot;
let v2: BuiltSnapshot;

beforeAll(async () => {
  v0 = await miniSnapshot(T0, '0'.repeat(64));
  v1 = await miniSnapshot(T1, '1'.repeat(64));
  v2 = await miniSnapshot(T2, '2'.repeat(64));
});

async function storeWith(...published: BuiltSnapshot[]): Promise<{ out: string; store: FsSnapshotStore }> {
  const out = await mkdtemp(join(tmpdir(), 'eucluster-fsstore-'));
  const store = new FsSnapshotStore(out);
  let previous: string | null = null;
  for (const s of published) {
    await store.publish(s, previous);
    previous = s.version;
  }
  return { out, store };
}

async function writeLock(out: string, holder: { pid: number; host?: string; started?: Date }): Promise<void> {
  await mkdir(join(out, 'snapshots'), { recursive: true });
  await writeFile(
    join(out, 'snapshots', '.lock'),
    JSON.stringify({
      pid: holder.pid,
      host: holder.host ?? hostname(),
      started: (holder.started ?? new Date()).toISOString(),
      token: 'held',
    }),
  );
}

describe('FsSnapshotStore', () => {
  it('publishes a version that latest.json names and index.json lists, leaving nothing hidden', async () => {
    const { out } = await storeWith(v0, v1);
    expect(await storeState(out)).toMatchObject({ latest: v1.version, index: [v1.version, v0.version] });
    expect(await strictInvariantProblems(out)).toEqual([]);
  });

  it('reads none of the files it has just written back while publishing (it knows their hashes)', async () => {
    const { out } = await storeWith(v0);
    const read: string[] = [];
    const fs = {
      ...nodeStoreFs,
      readFile: (p: string) => {
        read.push(p);
        return nodeStoreFs.readFile(p);
      },
    };
    await new FsSnapshotStore(out, { fs }).publish(v1, v0.version);
    expect(read.filter((p) => p.includes(v1.version))).toEqual([]);
    expect((await storeState(out)).index).toEqual([v1.version, v0.version]);
  });

  describe('the lock', () => {
    it('takes over a lock whose process is no longer alive on this host', async () => {
      const { out, store } = await storeWith(v0);
      await writeLock(out, { pid: deadPid() });
      await store.publish(v1, v0.version);
      expect((await storeState(out)).latest).toBe(v1.version);
      expect(await strictInvariantProblems(out)).toEqual([]);
    });

    it('takes over a lock older than the bound even when its pid is alive', async () => {
      const { out } = await storeWith(v0);
      await writeLock(out, { pid: process.pid, started: new Date(Date.now() - 11 * 60_000) });
      await new FsSnapshotStore(out).publish(v1, v0.version);
      expect((await storeState(out)).latest).toBe(v1.version);
    });

    it('waits for a live holder and then says who holds it, leaving latest and the lock alone', async () => {
      const { out } = await storeWith(v0);
      await writeLock(out, { pid: process.pid });
      const store = new FsSnapshotStore(out, { lock: { waitMs: 200 } });
      const err = await thrown(store.publish(v1, v0.version));
      expect(err).toBeInstanceOf(PublishError);
      expect((err as Error).message).toContain(`held by pid ${process.pid} on ${hostname()}`);
      expect((err as PublishError).latestNote).toBe('The latest snapshot is unchanged.');
      const s = await storeState(out);
      expect(s).toMatchObject({ latest: v0.version, folders: [v0.version], hidden: ['.lock'] });
    });

    it('does not wait for a live holder on another host until the lock is older than the bound', async () => {
      const { out } = await storeWith(v0);
      await writeLock(out, { pid: deadPid(), host: 'another-host' });
      const store = new FsSnapshotStore(out, { lock: { waitMs: 100 } });
      expect(await thrown(store.publish(v1, v0.version))).toBeInstanceOf(PublishError);
      const later = new FsSnapshotStore(out, { lock: { now: () => Date.now() + 11 * 60_000 } });
      await later.publish(v1, v0.version);
      expect((await storeState(out)).latest).toBe(v1.version);
    });
  });

  describe('races', () => {
    it('ends a run whose starting point moved as superseded and removes what it wrote', async () => {
      const { out, store } = await storeWith(v0, v1);
      const err = await thrown(store.publish(v2, v0.version));
      expect(err).toBeInstanceOf(SupersededError);
      expect(err).toMatchObject({ expected: v0.version, actual: v1.version, sameInputs: false });
      expect(await strictInvariantProblems(out)).toEqual([]);
      expect((await storeState(out)).folders).not.toContain(v2.version);
    });

    it('says when the run that won had the same inputs and code', async () => {
      const { out, store } = await storeWith(v0);
      const twin = await miniSnapshot(new Date(T0.getTime() + 1), v0.manifest.fingerprint);
      const err = await thrown(store.publish(twin, null));
      expect(err).toMatchObject({ name: 'SupersededError', sameInputs: true, actual: v0.version });
      expect(await strictInvariantProblems(out)).toEqual([]);
    });

    it('gives two forced runs in the same second two versions', async () => {
      const a = await miniSnapshot(new Date('2026-01-05T10:00:00.100Z'));
      const b = await miniSnapshot(new Date('2026-01-05T10:00:00.900Z'));
      expect(a.version).not.toBe(b.version);
      const { out } = await storeWith(a, b);
      expect((await storeState(out)).index).toEqual([b.version, a.version]);
    });

    it('refuses a version not newer than latest (a clock that went back)', async () => {
      const { out, store } = await storeWith(v1);
      const err = await thrown(store.publish(v0, v1.version));
      expect((err as Error).message).toContain('is the clock behind?');
      expect(await strictInvariantProblems(out)).toEqual([]);
    });

    it('lets exactly one of four concurrent publications from the same start win', async () => {
      const { out } = await storeWith(v0);
      const contenders = await Promise.all(
        [1, 2, 3, 4].map((i) => miniSnapshot(new Date(T1.getTime() + i), String(i).repeat(64))),
      );
      const results = await Promise.allSettled(
        contenders.map((s) => new FsSnapshotStore(out).publish(s, v0.version)),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results.filter((r) => r.status === 'rejected'))
        expect((r as PromiseRejectedResult).reason).toBeInstanceOf(SupersededError);
      expect(await strictInvariantProblems(out)).toEqual([]);
    });
  });

  describe('a fault at each write of a publish', async () => {
    // How many writes one publish makes (on a store with one version): every one of them gets a fault.
    const probe = await storeWith(await miniSnapshot(T0, '0'.repeat(64)));
    const counting = faultyFs({ failAt: Number.POSITIVE_INFINITY });
    await new FsSnapshotStore(probe.out, { fs: counting }).publish(
      await miniSnapshot(T1, '1'.repeat(64)),
      (await probe.store.latest())?.version ?? null,
    );
    const writes = counting.writes;

    it(`makes ${writes} writes, each one tried below`, () => {
      expect(writes).toBeGreaterThan(5);
    });

    // Every write from the last staged file on (lock, commit, index, latest, clean-up), and every 7th of the
    // staged files' writes before (they are all alike: mkdir + writeFile into the staging folder).
    const points = Array.from({ length: writes }, (_, i) => i + 1).filter(
      (n) => n > writes - 16 || n % 7 === 1,
    );
    for (const n of points) {
      it(`ENOSPC at write ${n}: one typed error saying truthfully where latest is; the next run publishes`, async () => {
        const { out } = await storeWith(v0);
        // Its own pid is gone once the run has ended, as a CLI run's is.
        const store = new FsSnapshotStore(out, {
          fs: faultyFs({ failAt: n, code: 'ENOSPC' }),
          lock: { pid: deadPid() },
        });
        const err = await thrown(store.publish(v1, v0.version));
        const after = await storeState(out);
        if (err === undefined) {
          expect(after.latest).toBe(v1.version); // the fault hit a clean-up step after latest moved
        } else {
          expect(err).toBeInstanceOf(StorageError);
          expect((err as StorageError).message).toMatch(/no space left on the device \(ENOSPC\); free space/);
          const note = (err as StorageError).latestNote ?? '';
          expect(after.latest).toBe(v0.version);
          expect(note).toContain(`latest.json is unchanged (${v0.version})`);
          if (after.folders.includes(v1.version)) expect(note).toContain('the next run makes it latest');
          else expect(after.hidden).toEqual([]);
        }
        expect(await weakInvariantProblems(out)).toEqual([]);

        const next = new FsSnapshotStore(out);
        await next.publish(v2, (await next.latest())?.version ?? null).catch((e) => {
          if (!(e instanceof SupersededError)) throw e;
        });
        expect(await strictInvariantProblems(out)).toEqual([]);
        expect((await storeState(out)).latest).toBe(v2.version);
      });

      it(`killed at write ${n}: the store stays readable, and the next run repairs it`, async () => {
        const { out } = await storeWith(v0);
        const killed = new FsSnapshotStore(out, {
          fs: faultyFs({ failAt: n, crash: true }),
          lock: { pid: deadPid() },
        });
        await thrown(killed.publish(v1, v0.version));
        expect(await weakInvariantProblems(out)).toEqual([]);
        expect([v0.version, v1.version]).toContain((await storeState(out)).latest);

        const next = new FsSnapshotStore(out);
        const latest = (await next.latest())?.version ?? null;
        expect(await strictInvariantProblems(out)).toEqual([]);
        await next.publish(v2, latest);
        expect(await strictInvariantProblems(out)).toEqual([]);
      });
    }
  });

  it('removes a version folder whose files do not match their hashes instead of making it latest', async () => {
    const { out } = await storeWith(v0);
    const killed = new FsSnapshotStore(out, { fs: faultyFs({ failAt: 1e9 }), lock: { pid: deadPid() } });
    // Publish completely, then play "killed before latest.json": restore the old pointer, damage a file.
    const oldLatest = await readFile(join(out, 'snapshots', 'latest.json'));
    await killed.publish(v1, v0.version);
    await writeFile(join(out, 'snapshots', 'latest.json'), oldLatest);
    await writeFile(join(out, 'snapshots', v1.version, v1.manifest.resources[0]?.path as string), 'damaged');
    const next = new FsSnapshotStore(out);
    expect((await next.latest())?.version).toBe(v0.version);
    expect(await strictInvariantProblems(out)).toEqual([]);
  });
});
