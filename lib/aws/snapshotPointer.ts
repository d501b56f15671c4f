import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { KEY } from '../model/bucketKeys.ts';
import { parseDocument } from '../parseDocument.ts';
import { indexSchema, latestPointerSchema } from '../stores/pointer.ts';
import type { IndexEntry, LatestPointer } from '../stores/snapshotStore.ts';
import type { Bucket } from './bucket.ts';
import { POINTER_KEY } from './tableItems.ts';

/**
 * The published side of the snapshot store, read-mostly: the pointer item, the SNAPSHOT items, and the two
 * S3 files derived from them (`latest.json`, `index.json`). Apart from AwsSnapshotStore so that the check
 * step can repair those files at the start of every run without bundling the snapshot builder.
 */
export class SnapshotPointer {
  constructor(
    private readonly bucket: Bucket,
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async latest(): Promise<LatestPointer | null> {
    const out = await this.ddb.send(
      new GetCommand({ TableName: this.table, Key: POINTER_KEY, ConsistentRead: true }),
    );
    if (!out.Item) return null;
    return parseDocument(latestPointerSchema, out.Item, 'the latest pointer item');
  }

  /** Every published version, newest first (the index is rebuilt from the table, never patched). */
  async versions(): Promise<IndexEntry[]> {
    const entries: IndexEntry[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.ddb.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': 'SNAPSHOT' },
          ScanIndexForward: false,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        const { pk: _pk, sk: _sk, synthetic: _synthetic, ...entry } = item;
        entries.push(
          ...parseDocument(indexSchema, { versions: [entry] }, `the SNAPSHOT item ${item.sk}`).versions,
        );
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return entries;
  }

  /** `index.json`'s text for the table's versions. */
  async indexText(): Promise<string> {
    return `${JSON.stringify({ versions: await this.versions() }, null, 2)}\n`;
  }

  /**
   * Makes `latest.json` and `index.json` agree with the table again, after a run killed between the pointer
   * flip and those writes: both are rewritten from the pointer item and the snapshot items (the truth), only
   * where they differ, index first (as a publication writes them). Returns the keys rewritten.
   */
  async repair(): Promise<string[]> {
    const pointer = await this.latest();
    if (!pointer) return [];
    const wanted = [
      { key: KEY.index, text: await this.indexText() },
      { key: KEY.latest, text: `${JSON.stringify(pointer, null, 2)}\n` },
    ];
    const rewritten: string[] = [];
    for (const { key, text } of wanted) {
      if ((await this.stored(key)) === text) continue;
      await this.bucket.put(key, text);
      rewritten.push(key);
    }
    return rewritten;
  }

  /**
   * A file's text, or null when it is missing: listed first (a listing of its exact key), since a GET of a
   * missing key answers 403, not 404, to a caller that may not list the whole bucket.
   */
  private async stored(key: string): Promise<string | null> {
    const listed = await this.bucket.list(key);
    if (!listed.some((o) => o.key === key)) return null;
    return (await this.bucket.getBuffer(key)).toString('utf8');
  }
}
