import { PublishError } from '../errors.ts';
import type { BuiltSnapshot } from '../snapshot/build.ts';
import {
  type Changes,
  csvRows,
  diffSnapshots,
  type SnapshotView,
  tablesToCompare,
} from '../snapshot/changes.ts';
import { attachChanges } from '../snapshot/history.ts';
import { type Manifest, parseManifest } from '../snapshot/manifest.ts';
import type { SnapshotStore } from '../stores/snapshotStore.ts';

type FileReader = Pick<SnapshotStore, 'readFile'>;

/**
 * Adds `changes.json` (against `previous`, the version the new one replaces) to a snapshot about to be
 * published. Only the previous version's manifest and the tables whose bytes differ are read.
 */
export async function withChangeHistory(
  snapshot: BuiltSnapshot,
  store: FileReader,
  previous: string | null,
): Promise<BuiltSnapshot> {
  const after = (rows: SnapshotView['rows']): SnapshotView => ({
    version: snapshot.version,
    manifest: snapshot.manifest,
    rows,
  });
  if (previous === null) return attachChanges(snapshot, diffSnapshots(null, after({})));
  const before = await storedManifest(store, previous);
  const names = tablesToCompare(before, snapshot.manifest);
  const ownRows: Record<string, SnapshotView['rows'][string]> = {};
  for (const name of names) {
    const r = snapshot.manifest.resources.find((x) => x.format === 'csv' && x.name === name);
    const file = r && snapshot.files.find((f) => f.path === r.path);
    if (file) ownRows[name] = csvRows(file.content, `${snapshot.version}/${file.path}`);
  }
  const changes = diffSnapshots(
    { version: previous, manifest: before, rows: await storedRows(store, previous, before, names) },
    after(ownRows),
  );
  return attachChanges(snapshot, changes);
}

/** The changes between two stored versions (`eucluster diff`): `a` as the earlier, `b` as the later. */
export async function storedChanges(store: FileReader, a: string, b: string): Promise<Changes> {
  const before = await storedManifest(store, a);
  const after = await storedManifest(store, b);
  const names = tablesToCompare(before, after);
  return diffSnapshots(
    { version: a, manifest: before, rows: await storedRows(store, a, before, names) },
    { version: b, manifest: after, rows: await storedRows(store, b, after, names) },
  );
}

async function storedManifest(store: FileReader, version: string): Promise<Manifest> {
  const bytes = await store.readFile(version, 'datapackage.json');
  if (!bytes) throw new PublishError(`version ${version} has no datapackage.json in the store`);
  return parseManifest(bytes, `version ${version}'s datapackage.json`);
}

async function storedRows(
  store: FileReader,
  version: string,
  manifest: Manifest,
  names: readonly string[],
): Promise<SnapshotView['rows']> {
  const rows: Record<string, SnapshotView['rows'][string]> = {};
  for (const name of names) {
    const r = manifest.resources.find((x) => x.format === 'csv' && x.name === name);
    if (!r) continue;
    const bytes = await store.readFile(version, r.path);
    if (!bytes) throw new PublishError(`version ${version} lacks ${r.path}, which its manifest lists`);
    rows[name] = csvRows(bytes, `${version}/${r.path}`);
  }
  return rows;
}
