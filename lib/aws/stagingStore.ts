import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { KEY } from '../model/bucketKeys.ts';
import { parseDocument } from '../parseDocument.ts';
import { type FactsheetJson, factsheetJsonSchema, factsheetToJson } from '../render/inputJson.ts';
import type { BuiltSnapshot } from '../snapshot/build.ts';
import { sha256Hex } from '../snapshot/hashing.ts';
import { parseManifest } from '../snapshot/manifest.ts';
import type { LatestPointer, SnapshotStore } from '../stores/snapshotStore.ts';
import { AwsSnapshotStore } from './awsSnapshotStore.ts';
import type { Bucket } from './bucket.ts';

/**
 * The compute step's store: it reads the real latest pointer but "publishes" into `staging/<version>/`
 * (every file, the manifest and the tables), where the publish step picks the snapshot up. Nothing under
 * `staging/` is visible to consumers, and the bucket expires leftovers of crashed runs.
 */
export class StagingStore implements SnapshotStore {
  private readonly published: AwsSnapshotStore;

  constructor(
    private readonly bucket: Bucket,
    ddb: DynamoDBDocumentClient,
    table: string,
  ) {
    this.published = new AwsSnapshotStore(bucket, ddb, table);
  }

  latest(): Promise<LatestPointer | null> {
    return this.published.latest();
  }

  locate(version: string): string {
    return `s3://${this.bucket.name}/${stagingPrefix(version)}`;
  }

  /** A published version's file (the previous version, for the changes document). */
  readFile(version: string, path: string): Promise<Buffer | null> {
    return this.published.readFile(version, path);
  }

  async publish(snapshot: BuiltSnapshot): Promise<LatestPointer> {
    const prefix = stagingPrefix(snapshot.version);
    for (const file of snapshot.files) await this.bucket.put(prefix + file.path, file.content);
    await this.bucket.put(`${prefix}tables.json`, JSON.stringify(snapshot.tables));
    if (snapshot.factsheet)
      await this.bucket.put(prefix + FACTSHEET_FILE, JSON.stringify(factsheetToJson(snapshot.factsheet)));
    // The manifest last: its presence marks a complete staging folder.
    await this.bucket.put(prefix + snapshot.manifestFile.path, snapshot.manifestFile.content);
    return {
      version: snapshot.version,
      fingerprint: snapshot.manifest.fingerprint,
      created: snapshot.manifest.created,
      manifest: `${prefix}datapackage.json`,
      manifestHash: `sha256:${sha256Hex(snapshot.manifestFile.content)}`,
    };
  }
}

export function stagingPrefix(version: string): string {
  return KEY.staging(version);
}

/** The page input staged beside the snapshot for the render step (not a published file). */
export const FACTSHEET_FILE = 'factsheet.json';

/** Reads a staged snapshot back, byte for byte: its data files and the files the manifest lists (pages). */
export async function readStaged(bucket: Bucket, version: string): Promise<BuiltSnapshot> {
  const prefix = stagingPrefix(version);
  const head = await readStagedHead(bucket, version);
  const listed = [...head.manifest.resources, ...(head.manifest['eucluster:files'] ?? [])];
  const files = [];
  for (const r of listed) files.push({ path: r.path, content: await bucket.getBuffer(prefix + r.path) });
  return { ...head, files };
}

/** A staged snapshot's manifest and tables, without its files. */
export async function readStagedHead(bucket: Bucket, version: string): Promise<BuiltSnapshot> {
  const prefix = stagingPrefix(version);
  const manifestContent = await bucket.getBuffer(`${prefix}datapackage.json`);
  const manifest = parseManifest(manifestContent, `${prefix}datapackage.json`);
  const tables = JSON.parse((await bucket.getBuffer(`${prefix}tables.json`)).toString('utf8'));
  return {
    version,
    manifest,
    files: [],
    manifestFile: { path: 'datapackage.json', content: manifestContent },
    tables,
  };
}

/** The staged page input (`factsheet.json`), validated. */
export async function readStagedFactsheet(bucket: Bucket, version: string): Promise<FactsheetJson> {
  const key = stagingPrefix(version) + FACTSHEET_FILE;
  const raw = JSON.parse((await bucket.getBuffer(key)).toString('utf8'));
  return parseDocument(factsheetJsonSchema, raw, key);
}
