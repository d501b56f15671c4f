import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { AwsSnapshotStore } from '../../lib/aws/awsSnapshotStore.ts';
import { Bucket } from '../../lib/aws/bucket.ts';
import { awsClients } from '../../lib/aws/clients.ts';
import { KEY } from '../../lib/model/bucketKeys.ts';
import { listedFiles } from '../../lib/snapshot/history.ts';
import type { Manifest } from '../../lib/snapshot/manifest.ts';
import { injectFault, KilledError } from '../helpers/awsFaults.ts';
import { miniSnapshot } from '../helpers/builtSnapshot.ts';
import { freshStorage, localEnv } from '../helpers/localAws.ts';
import { sha256 } from '../helpers/snapshots.ts';

const T1 = new Date('2026-01-01T10:00:00Z');
const T2 = new Date('2026-01-02T10:00:00Z');

type Storage = Awaited<ReturnType<typeof freshStorage>>;

/** Why `version` is not whole in S3 (a listed file missing or of other bytes), or null when it is. */
async function notWhole(s: Storage, version: string, manifestHash?: string): Promise<string | null> {
  const manifest = await s.bucket.getBufferIfExists(KEY.manifest(version));
  if (!manifest) return `${version}: no manifest`;
  if (manifestHash && manifestHash !== `sha256:${sha256(manifest)}`) return `${version}: manifest hash`;
  for (const f of listedFiles(JSON.parse(manifest.toString('utf8')) as Manifest)) {
    const body = await s.bucket.getBufferIfExists(`${KEY.version(version)}${f.path}`);
    if (!body || `sha256:${sha256(body)}` !== f.hash) return `${version}/${f.path}: missing or other bytes`;
  }
  return null;
}

async function stateOf(s: Storage) {
  const store = new AwsSnapshotStore(s.bucket, s.ddb, s.table);
  const json = async (key: string) => {
    const b = await s.bucket.getBufferIfExists(key);
    return b ? JSON.parse(b.toString('utf8')) : null;
  };
  const items = await s.ddb.send(
    new QueryCommand({
      TableName: s.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'SNAPSHOT' },
    }),
  );
  return {
    pointer: await store.latest(),
    latestJson: (await json(KEY.latest)) as { version: string; manifestHash: string } | null,
    indexJson: ((await json(KEY.index))?.versions ?? []).map(
      (v: { version: string }) => v.version,
    ) as string[],
    items: (items.Items ?? [])
      .map((i) => String(i.sk))
      .sort()
      .reverse(),
  };
}

/** What must hold at every moment, even just after a kill. */
async function weakProblems(s: Storage): Promise<string[]> {
  const st = await stateOf(s);
  const problems: string[] = [];
  if (st.pointer) {
    const p = await notWhole(s, st.pointer.version, st.pointer.manifestHash);
    if (p) problems.push(`pointer names a version that is not whole: ${p}`);
    if (!st.items.includes(st.pointer.version)) problems.push('the pointer’s version has no snapshot item');
  }
  if (st.latestJson) {
    const p = await notWhole(s, st.latestJson.version, st.latestJson.manifestHash);
    if (p) problems.push(`latest.json names a version that is not whole: ${p}`);
    if (!st.indexJson.includes(st.latestJson.version)) problems.push('index.json does not list latest.json');
    if (!st.items.includes(st.latestJson.version)) problems.push('latest.json names an unpublished version');
  }
  for (const v of st.indexJson) {
    const p = await notWhole(s, v);
    if (p) problems.push(`index.json lists a version that is not whole: ${p}`);
  }
  for (const v of st.items) {
    const p = await notWhole(s, v);
    if (p) problems.push(`a snapshot item names a version that is not whole: ${p}`);
  }
  return problems;
}

/** After a completed run or a repair: everything agrees, and `version` is the latest. */
async function strictProblems(s: Storage, version: string): Promise<string[]> {
  const st = await stateOf(s);
  const problems = await weakProblems(s);
  if (st.pointer?.version !== version) problems.push(`pointer ${st.pointer?.version}, not ${version}`);
  if (st.latestJson?.version !== version)
    problems.push(`latest.json ${st.latestJson?.version}, not ${version}`);
  if (st.indexJson.join() !== st.items.join())
    problems.push(`index.json [${st.indexJson}] differs from the table [${st.items}]`);
  return problems;
}

/** A store whose clients die at the plan's write; the servers are the real ones. */
function faultyStore(s: Storage, plan: Parameters<typeof injectFault>[1]) {
  const { s3, ddb } = awsClients(localEnv());
  const fault = injectFault([s3 as never, ddb as never], plan);
  return { store: new AwsSnapshotStore(new Bucket(s3, s.bucket.name), ddb, s.table), fault };
}

async function withFirstVersion() {
  const s = await freshStorage();
  const v1 = await miniSnapshot(T1);
  await new AwsSnapshotStore(s.bucket, s.ddb, s.table).publish(v1, null);
  return { s, v1, v2: await miniSnapshot(T2, 'b'.repeat(64)) };
}

describe('AwsSnapshotStore.publish killed at each of its writes (s3rver + DynamoDB Local)', async () => {
  // How many writes one publication makes (after a first version): every one of them gets a kill.
  const counting = await withFirstVersion();
  const { store: counted, fault: count } = faultyStore(counting.s, { failAt: Infinity, when: 'before' });
  await counted.publish(counting.v2, counting.v1.version);
  const total = count.writes();
  const points = Array.from({ length: total }, (_, i) => i + 1);

  it('makes several writes to each service (files, manifest, results, flip, latest.json, index.json)', () => {
    expect(total).toBeGreaterThanOrEqual(counting.v2.files.length + 4);
  });

  describe.each(['before', 'after'] as const)('killed %s the write', (when) => {
    it.each(points)(
      `write %i of ${total}: latest and the index only ever name whole versions, and a retry completes`,
      async (failAt) => {
        const { s, v1, v2 } = await withFirstVersion();
        const { store } = faultyStore(s, { failAt, when });
        await expect(store.publish(v2, v1.version)).rejects.toBeInstanceOf(KilledError);
        expect(await weakProblems(s)).toEqual([]);
        const latest = (await stateOf(s)).latestJson?.version;
        expect([v1.version, v2.version]).toContain(latest);

        // The step's retry: the same publication again, on healthy clients.
        await new AwsSnapshotStore(s.bucket, s.ddb, s.table).publish(v2, v1.version);
        expect(await strictProblems(s, v2.version)).toEqual([]);
      },
    );

    it.each(points)(
      'write %i: a repair (the next run, when none retried) leaves latest.json and index.json agreeing with the table',
      async (failAt) => {
        const { s, v1, v2 } = await withFirstVersion();
        const { store } = faultyStore(s, { failAt, when });
        await expect(store.publish(v2, v1.version)).rejects.toBeInstanceOf(KilledError);
        const healthy = new AwsSnapshotStore(s.bucket, s.ddb, s.table);
        await healthy.repair();
        const pointer = (await healthy.latest())?.version as string;
        expect(await strictProblems(s, pointer)).toEqual([]);
        expect(await healthy.repair()).toEqual([]);
      },
    );
  });
});
