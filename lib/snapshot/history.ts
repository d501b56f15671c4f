import * as z from 'zod/mini';
import '../zodLocale.ts';
import type { BuiltSnapshot } from './build.ts';
import {
  CHANGES_FILE,
  type Changes,
  changeSummarySchema,
  changesSchema,
  summariseChanges,
} from './changes.ts';
import { sha256Hex } from './hashing.ts';
import type { FileDescriptor, Manifest, SnapshotFile } from './manifest.ts';

/**
 * A version's place in the history: `changes.json` as one of the snapshot's files, listed with its hash in
 * the manifest, and the part of it each `index.json` entry (and the SNAPSHOT item) carries.
 */

/** The history fields of an index entry (optional: versions published before the history have none). */
export const historyFields = {
  previous: z.optional(z.nullable(z.string())),
  reason: z.optional(z.string()),
  identicalTo: z.optional(z.nullable(z.string())),
  sourceVersions: z.optional(z.record(z.string(), z.nullable(z.string()))),
  changes: z.optional(changeSummarySchema),
  /** sha256 of the version's manifest bytes, so a reader can check any version, not only the latest. */
  manifestHash: z.optional(z.string()),
};
const historySchema = z.object(historyFields);
export type History = z.output<typeof historySchema>;

function serialise(manifest: Manifest): Buffer {
  return Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
}

/** The snapshot with `changes.json` among its files and in the manifest's `eucluster:files`. Pure. */
export function attachChanges(snapshot: BuiltSnapshot, changes: Changes): BuiltSnapshot {
  const content = Buffer.from(`${JSON.stringify(changes, null, 2)}\n`, 'utf8');
  const file: SnapshotFile = { path: CHANGES_FILE, content };
  const listed: FileDescriptor = {
    path: CHANGES_FILE,
    mediatype: 'application/json',
    description: `What changed since the previous version and why this version exists (first ${changes.detailLimit} keys per table)`,
    bytes: content.length,
    hash: `sha256:${sha256Hex(content)}`,
  };
  const m = snapshot.manifest as Manifest;
  const others = (m['eucluster:files'] ?? []).filter((f) => f.path !== CHANGES_FILE);
  const manifest: Manifest = { ...m, 'eucluster:files': [...others, listed] };
  return {
    ...snapshot,
    manifest,
    files: [...snapshot.files.filter((f) => f.path !== CHANGES_FILE), file],
    manifestFile: { path: snapshot.manifestFile.path, content: serialise(manifest) },
  };
}

/** Parses a `changes.json` (a store's or a download's): throws on a document of another shape. */
export function parseChanges(content: Buffer | string, file: string): Changes {
  const parsed = changesSchema.safeParse(JSON.parse(content.toString()));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file} is not a changes document: ${issue?.path.join('.')} ${issue?.message}`);
  }
  return parsed.data;
}

/** The history fields for a version's index entry, from its `changes.json` bytes. */
export function historyFromChanges(content: Buffer | string, file = CHANGES_FILE): History {
  const c = parseChanges(content, file);
  return {
    previous: c.previous,
    reason: c.reason,
    identicalTo: c.identicalTo,
    sourceVersions: c.sourceVersions,
    changes: summariseChanges(c),
  };
}

/** The history fields of a snapshot about to be published (none when it has no `changes.json`). */
export function historyOf(snapshot: Pick<BuiltSnapshot, 'files'>): History {
  const file = snapshot.files.find((f) => f.path === CHANGES_FILE);
  return file ? historyFromChanges(file.content) : {};
}

/** The files a manifest lists (tables and plain files), with their hashes: what a reader must find. */
export function listedFiles(manifest: Manifest): Array<{ path: string; bytes: number; hash: string }> {
  return [
    ...manifest.resources.map((r) => ({ path: r.path, bytes: r.bytes, hash: r.hash })),
    ...(manifest['eucluster:files'] ?? []).map((f) => ({ path: f.path, bytes: f.bytes, hash: f.hash })),
  ];
}
