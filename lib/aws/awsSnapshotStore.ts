import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { PublishError, SupersededError } from '../errors.ts';
import { KEY, s3Url } from '../model/bucketKeys.ts';
import type { BuiltSnapshot } from '../snapshot/build.ts';
import { sha256Hex } from '../snapshot/hashing.ts';
import { historyOf } from '../snapshot/history.ts';
import { mapInLanes } from '../stores/lanes.ts';
import type { IndexEntry, LatestPointer, SnapshotStore } from '../stores/snapshotStore.ts';
import type { Bucket } from './bucket.ts';
import { resultItems } from './resultItems.ts';
import { SnapshotPointer } from './snapshotPointer.ts';
import { POINTER_KEY, snapshotKey } from './tableItems.ts';

/**
 * Snapshots in S3 with the pointer in DynamoDB. Order of writes: every data file, the manifest, the results
 * items, then the pointer flip (a transaction: the pointer moves only from the version the run started from,
 * and only forward, together with the version's item), then `snapshots/index.json` and `latest.json`.
 * A retry after the flip finds the pointer already on this version and finishes the S3 files; `repair`
 * does the same for a run that was killed there and never retried.
 */
export class AwsSnapshotStore implements SnapshotStore {
  private readonly pointer: SnapshotPointer;

  constructor(
    private readonly bucket: Bucket,
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
  ) {
    this.pointer = new SnapshotPointer(bucket, ddb, table);
  }

  latest(): Promise<LatestPointer | null> {
    return this.pointer.latest();
  }

  locate(version: string): string {
    return s3Url(this.bucket.name, KEY.version(version));
  }

  readFile(version: string, path: string): Promise<Buffer | null> {
    return this.bucket.getBufferIfExists(KEY.version(version) + path);
  }

  async publish(snapshot: BuiltSnapshot, expectedLatest: string | null): Promise<LatestPointer> {
    const prefix = KEY.version(snapshot.version);
    await mapInLanes(snapshot.files, (file) => this.bucket.put(prefix + file.path, file.content));
    await this.bucket.put(prefix + snapshot.manifestFile.path, snapshot.manifestFile.content);
    await this.writeResults(snapshot);

    const pointer: LatestPointer = {
      version: snapshot.version,
      fingerprint: snapshot.manifest.fingerprint,
      created: snapshot.manifest.created,
      manifest: KEY.manifest(snapshot.version),
      manifestHash: `sha256:${sha256Hex(snapshot.manifestFile.content)}`,
    };
    try {
      await this.flipPointer(pointer, snapshot, expectedLatest);
    } catch (err) {
      // A lost race: remove what this run wrote, so no reader finds a version that was never published.
      if (err instanceof SupersededError) await this.discard(snapshot);
      throw err;
    }
    // index.json before latest.json: a kill between the two leaves an index that already lists the new
    // version beside a latest.json still naming the old one (both whole), never a latest the index lacks.
    await this.bucket.put(KEY.index, await this.pointer.indexText());
    await this.bucket.put(KEY.latest, `${JSON.stringify(pointer, null, 2)}\n`);
    return pointer;
  }

  /** Whether `version` was published: its item is written by the pointer flip's transaction, nowhere else. */
  async isPublished(version: string): Promise<boolean> {
    const out = await this.ddb.send(
      new GetCommand({ TableName: this.table, Key: snapshotKey(version), ConsistentRead: true }),
    );
    return out.Item !== undefined;
  }

  /** See SnapshotPointer.repair: the S3 files rewritten from the table where they differ. */
  repair(): Promise<string[]> {
    return this.pointer.repair();
  }

  /** Every published version, newest first. */
  versions(): Promise<IndexEntry[]> {
    return this.pointer.versions();
  }

  private async writeResults(snapshot: BuiltSnapshot): Promise<void> {
    const items = resultItems(snapshot.version, snapshot.tables);
    await this.batch(
      snapshot.version,
      items.map((Item) => ({ PutRequest: { Item } })),
    );
  }

  private async discard(snapshot: BuiltSnapshot): Promise<void> {
    await this.bucket.deletePrefix(KEY.version(snapshot.version));
    const keys = resultItems(snapshot.version, snapshot.tables).map((i) => ({ pk: i.pk, sk: i.sk }));
    await this.batch(
      snapshot.version,
      keys.map((Key) => ({ DeleteRequest: { Key } })),
    );
  }

  private async batch(version: string, writes: Array<Record<string, unknown>>): Promise<void> {
    for (let i = 0; i < writes.length; i += 25) {
      let request: Record<string, Array<Record<string, unknown>>> = { [this.table]: writes.slice(i, i + 25) };
      // Unprocessed items are retried with backoff until the table takes them.
      for (let attempt = 0; Object.keys(request).length > 0; attempt++) {
        if (attempt > 8) throw new PublishError(`DynamoDB kept refusing result items for ${version}`);
        if (attempt > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt * Math.random()));
        const out = await this.ddb.send(new BatchWriteCommand({ RequestItems: request as never }));
        request = (out.UnprocessedItems ?? {}) as typeof request;
      }
    }
  }

  private async flipPointer(
    pointer: LatestPointer,
    snapshot: BuiltSnapshot,
    expected: string | null,
  ): Promise<void> {
    const condition =
      expected === null
        ? 'attribute_not_exists(pk)'
        : // Only from the version this run started from, and only forward.
          'version = :expected AND version < :new';
    try {
      await this.ddb.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: { ...POINTER_KEY, ...pointer },
                ConditionExpression: condition,
                ...(expected === null
                  ? {}
                  : { ExpressionAttributeValues: { ':expected': expected, ':new': pointer.version } }),
              },
            },
            {
              Put: {
                TableName: this.table,
                Item: {
                  ...snapshotKey(pointer.version),
                  ...pointer,
                  latestYear: snapshot.manifest.latestYear,
                  years: snapshot.manifest.years,
                  synthetic: snapshot.manifest.synthetic,
                  ...historyOf(snapshot),
                },
              },
            },
          ],
        }),
      );
    } catch (err) {
      if (
        !(err instanceof TransactionCanceledException) ||
        err.CancellationReasons?.[0]?.Code !== 'ConditionalCheckFailed'
      ) {
        throw err;
      }
      const current = await this.latest();
      if (current?.version === pointer.version) return; // a retry of a flip that already happened
      throw new SupersededError(expected, current?.version ?? null);
    }
  }
}
