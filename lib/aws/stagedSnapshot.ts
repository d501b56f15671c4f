import { KEY } from '../model/bucketKeys.ts';
import { LqTable } from '../model/lqTable.ts';
import { parseDocument } from '../parseDocument.ts';
import { type FactsheetJson, factsheetJsonSchema, factsheetToJson } from '../render/inputJson.ts';
import type { BuiltSnapshot } from '../snapshot/build.ts';
import { parseManifest } from '../snapshot/manifest.ts';
import { mapInLanes } from '../stores/lanes.ts';
import type { Bucket } from './bucket.ts';

/**
 * Writes a computed snapshot under `staging/<version>/` (every file, the tables and the page input, the
 * manifest last: its presence marks a complete staging folder), where the render and publish steps pick it
 * up. Nothing under `staging/` is visible to consumers, and the bucket expires leftovers of crashed runs.
 * Writing it again (a retried compute step) writes the same keys.
 */
export async function stageSnapshot(bucket: Bucket, snapshot: BuiltSnapshot): Promise<void> {
  const prefix = stagingPrefix(snapshot.version);
  await mapInLanes(snapshot.files, (file) => bucket.put(prefix + file.path, file.content));
  await bucket.put(`${prefix}${TABLES_FILE}`, JSON.stringify(snapshot.tables));
  if (snapshot.factsheet)
    await bucket.put(prefix + FACTSHEET_FILE, JSON.stringify(factsheetToJson(snapshot.factsheet)));
  await bucket.put(prefix + snapshot.manifestFile.path, snapshot.manifestFile.content);
}

export function stagingPrefix(version: string): string {
  return KEY.staging(version);
}

/** The page input staged beside the snapshot for the render step (not a published file). */
export const FACTSHEET_FILE = 'factsheet.json';
/** The computed tables staged for the publish step's DynamoDB items (not a published file). */
const TABLES_FILE = 'tables.json';

/** Reads a staged snapshot back, byte for byte: its data files and the files the manifest lists (pages). */
export async function readStaged(bucket: Bucket, version: string): Promise<BuiltSnapshot> {
  const prefix = stagingPrefix(version);
  const head = await readStagedHead(bucket, version);
  const listed = [...head.manifest.resources, ...(head.manifest['eucluster:files'] ?? [])];
  const files = await mapInLanes(listed, async (r) => ({
    path: r.path,
    content: await bucket.getBuffer(prefix + r.path),
  }));
  return { ...head, files };
}

/** A staged snapshot's manifest and tables, without its files. */
export async function readStagedHead(bucket: Bucket, version: string): Promise<BuiltSnapshot> {
  const prefix = stagingPrefix(version);
  const manifestContent = await bucket.getBuffer(`${prefix}datapackage.json`);
  const manifest = parseManifest(manifestContent, `${prefix}datapackage.json`);
  const json = JSON.parse((await bucket.getBuffer(prefix + TABLES_FILE)).toString('utf8'));
  // The location quotients were staged as row objects (LqTable's JSON) and are columns again.
  const tables = { ...json, locationQuotients: LqTable.of(json.locationQuotients) };
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
