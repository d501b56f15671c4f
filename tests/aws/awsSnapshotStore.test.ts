import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { AwsSnapshotStore } from '../../lib/aws/awsSnapshotStore.ts';
import { BY_VERSION_INDEX } from '../../lib/aws/tableItems.ts';
import { SupersededError } from '../../lib/errors.ts';
import { miniSnapshot } from '../helpers/builtSnapshot.ts';
import { freshStorage } from '../helpers/localAws.ts';
import { sha256 } from '../helpers/snapshots.ts';

const T1 = new Date('2026-01-01T10:00:00Z');
const T2 = new Date('2026-01-02T10:00:00Z');
const T3 = new Date('2026-01-03T10:00:00Z');

describe('AwsSnapshotStore (s3rver + DynamoDB Local)', () => {
  describe('publish', () => {
    it('writes every file under snapshots/<version>/ with the bytes the manifest describes', async () => {
      const { bucket, ddb, table } = await freshStorage();
      const snapshot = await miniSnapshot(T1);
      await new AwsSnapshotStore(bucket, ddb, table).publish(snapshot, null);
      for (const r of snapshot.manifest.resources) {
        const body = await bucket.getBuffer(`snapshots/${snapshot.version}/${r.path}`);
        expect(r.hash).toBe(`sha256:${sha256(body)}`);
        expect(r.bytes).toBe(body.length);
      }
      const manifest = await bucket.getBuffer(`snapshots/${snapshot.version}/datapackage.json`);
      expect(manifest.equals(snapshot.manifestFile.content)).toBe(true);
    });

    it('moves the pointer item and writes latest.json and index.json', async () => {
      const { bucket, ddb, table } = await freshStorage();
      const store = new AwsSnapshotStore(bucket, ddb, table);
      const snapshot = await miniSnapshot(T1);
      await store.publish(snapshot, null);
      expect((await store.latest())?.version).toBe(snapshot.version);
      const latestJson = JSON.parse((await bucket.getBuffer('snapshots/latest.json')).toString());
      expect(latestJson).toMatchObject({
        version: snapshot.version,
        manifest: `snapshots/${snapshot.version}/datapackage.json`,
        manifestHash: `sha256:${sha256(snapshot.manifestFile.content)}`,
      });
      const index = JSON.parse((await bucket.getBuffer('snapshots/index.json')).toString());
      expect(index.versions.map((v: { version: string }) => v.version)).toEqual([snapshot.version]);
    });

    it('lists versions newest first in index.json', async () => {
      const { bucket, ddb, table } = await freshStorage();
      const store = new AwsSnapshotStore(bucket, ddb, table);
      const first = await miniSnapshot(T1);
      const second = await miniSnapshot(T2, 'b'.repeat(64));
      await store.publish(first, null);
      await store.publish(second, first.version);
      const index = JSON.parse((await bucket.getBuffer('snapshots/index.json')).toString());
      expect(index.versions.map((v: { version: string }) => v.version)).toEqual([
        second.version,
        first.version,
      ]);
    });

    it("stores a region's figures for a version under its own key", async () => {
      const { bucket, ddb, table } = await freshStorage();
      const snapshot = await miniSnapshot(T1);
      await new AwsSnapshotStore(bucket, ddb, table).publish(snapshot, null);
      const out = await ddb.send(
        new GetCommand({
          TableName: table,
          Key: { pk: 'GEO#BE1', sk: `V#${snapshot.version}#Y#${snapshot.tables.year}` },
        }),
      );
      const ofYear = <R extends { region: string; year: number }>(rows: R[]) =>
        rows.filter((r) => r.region === 'BE1' && r.year === snapshot.tables.year);
      expect(out.Item?.locationQuotients).toEqual(ofYear(snapshot.tables.locationQuotients.rows()));
      expect(out.Item?.regionNodes).toEqual(ofYear(snapshot.tables.regionNodes));
    });

    it('indexes every geography of a version for one query', async () => {
      const { bucket, ddb, table } = await freshStorage();
      const snapshot = await miniSnapshot(T1);
      await new AwsSnapshotStore(bucket, ddb, table).publish(snapshot, null);
      const out = await ddb.send(
        new QueryCommand({
          TableName: table,
          IndexName: BY_VERSION_INDEX,
          KeyConditionExpression: 'gsi1pk = :v AND begins_with(gsi1sk, :g)',
          ExpressionAttributeValues: { ':v': `V#${snapshot.version}`, ':g': 'GEO#' },
        }),
      );
      expect((out.Items ?? []).map((i) => i.geo).sort()).toEqual(['BE', 'BE1', 'BE2', 'BE3', 'EU27_2020']);
    });
  });

  describe('races', () => {
    it('refuses to move the pointer from a version the run did not start from, and removes its files', async () => {
      const { bucket, ddb, table } = await freshStorage();
      const store = new AwsSnapshotStore(bucket, ddb, table);
      const base = await miniSnapshot(T1);
      await store.publish(base, null);
      const winner = await miniSnapshot(T2, 'b'.repeat(64));
      const loser = await miniSnapshot(T3, 'c'.repeat(64));
      await store.publish(winner, base.version);
      const error = await store.publish(loser, base.version).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SupersededError);
      expect((await store.latest())?.version).toBe(winner.version);
      expect(await bucket.list(`snapshots/${loser.version}/`)).toEqual([]);
      const latestJson = JSON.parse((await bucket.getBuffer('snapshots/latest.json')).toString());
      expect(latestJson.version).toBe(winner.version);
    });

    it('never moves the pointer backwards to an older version', async () => {
      const { bucket, ddb, table } = await freshStorage();
      const store = new AwsSnapshotStore(bucket, ddb, table);
      const newer = await miniSnapshot(T2, 'b'.repeat(64));
      await store.publish(newer, null);
      const older = await miniSnapshot(T1, 'c'.repeat(64));
      await expect(store.publish(older, newer.version)).rejects.toBeInstanceOf(SupersededError);
      expect((await store.latest())?.version).toBe(newer.version);
    });

    it('lets one of two concurrent publications win and the other end as superseded', async () => {
      const { bucket, ddb, table } = await freshStorage();
      const store = new AwsSnapshotStore(bucket, ddb, table);
      const a = await miniSnapshot(T2, 'b'.repeat(64));
      const b = await miniSnapshot(T3, 'c'.repeat(64));
      const results = await Promise.allSettled([store.publish(a, null), store.publish(b, null)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
      expect(rejected).toHaveLength(1);
      expect(rejected[0]?.reason).toBeInstanceOf(SupersededError);
    });

    it('completes a retried publication whose pointer flip already happened', async () => {
      const { bucket, ddb, table } = await freshStorage();
      const store = new AwsSnapshotStore(bucket, ddb, table);
      const snapshot = await miniSnapshot(T1);
      await store.publish(snapshot, null);
      await expect(store.publish(snapshot, null)).resolves.toMatchObject({ version: snapshot.version });
    });
  });
});
