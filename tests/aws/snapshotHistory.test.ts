import { describe, expect, it } from 'vitest';
import { AwsSnapshotStore } from '../../lib/aws/awsSnapshotStore.ts';
import { readStaged, stageSnapshot } from '../../lib/aws/stagedSnapshot.ts';
import type { BuiltSnapshot } from '../../lib/snapshot/build.ts';
import { diffSnapshots } from '../../lib/snapshot/changes.ts';
import { attachChanges } from '../../lib/snapshot/history.ts';
import { miniSnapshot } from '../helpers/builtSnapshot.ts';
import { freshStorage } from '../helpers/localAws.ts';
import { sha256 } from '../helpers/snapshots.ts';

const T1 = new Date('2026-01-01T10:00:00Z');
const T2 = new Date('2026-01-02T10:00:00Z');

/** A real (small, synthetic) snapshot with its changes.json against `previous`. */
async function withHistory(now: Date, previous: BuiltSnapshot | null, fingerprint?: string) {
  const s = await miniSnapshot(now, fingerprint);
  const view = (b: BuiltSnapshot) => ({ version: b.version, manifest: b.manifest, rows: {} });
  return attachChanges(s, diffSnapshots(previous && view(previous), view(s)));
}

describe('the change history in S3 and DynamoDB (s3rver + DynamoDB Local)', () => {
  it('reads back a file of a published version, and null for one it does not have', async () => {
    const { bucket, ddb, table } = await freshStorage();
    const store = new AwsSnapshotStore(bucket, ddb, table);
    const snapshot = await withHistory(T1, null);
    await store.publish(snapshot, null);
    const manifest = await store.readFile(snapshot.version, 'datapackage.json');
    expect(manifest?.equals(snapshot.manifestFile.content)).toBe(true);
    expect(await store.readFile(snapshot.version, 'data/nothing.csv')).toBeNull();
  });

  it('writes changes.json and carries its reason, counts and manifest hash into index.json', async () => {
    const { bucket, ddb, table } = await freshStorage();
    const store = new AwsSnapshotStore(bucket, ddb, table);
    const first = await withHistory(T1, null);
    const second = await withHistory(T2, first);
    await store.publish(first, null);
    await store.publish(second, first.version);
    const changes = await bucket.getBuffer(`snapshots/${second.version}/changes.json`);
    expect(JSON.parse(changes.toString())).toMatchObject({ previous: first.version });
    const index = JSON.parse((await bucket.getBuffer('snapshots/index.json')).toString());
    expect(index.versions[0]).toMatchObject({
      version: second.version,
      previous: first.version,
      reason: 'forced, identical content',
      identicalTo: first.version,
      manifestHash: `sha256:${sha256(second.manifestFile.content)}`,
      changes: { tables: { maturity: { added: 0, removed: 0, changed: 0 } } },
    });
    expect(index.versions[1]).toMatchObject({ version: first.version, reason: 'first version' });
  });

  it('stages changes.json with the snapshot, byte for byte', async () => {
    const { bucket } = await freshStorage();
    const first = await withHistory(T1, null);
    const second = await withHistory(T2, first, 'b'.repeat(64));
    await stageSnapshot(bucket, second);
    const staged = await readStaged(bucket, second.version);
    expect(staged.files.find((f) => f.path === 'changes.json')?.content).toEqual(
      second.files.find((f) => f.path === 'changes.json')?.content,
    );
    expect(staged.manifestFile.content.equals(second.manifestFile.content)).toBe(true);
    // Staging publishes nothing: no version folder, no pointer.
    expect(await bucket.list('snapshots/')).toEqual([]);
  });
});
