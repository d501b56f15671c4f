import { join } from 'node:path';
import { KEY, MANIFEST_FILE } from '../model/bucketKeys.ts';
import { sha256Hex } from '../snapshot/hashing.ts';
import { type Manifest, ManifestError, parseManifest } from '../snapshot/manifest.ts';
import type { IndexEntry, LatestPointer } from '../stores/snapshotStore.ts';
import type { StoreFs } from './storeFs.ts';

export type FolderCheck =
  | { ok: true; pointer: LatestPointer; entry: IndexEntry }
  | { ok: false; reason: string; entry?: IndexEntry };

/**
 * Whether `snapshots/<version>/` is a complete version: its manifest names this version and every resource
 * it lists is there with the bytes and sha256 the manifest records. Gives the pointer and index entry.
 */
export async function checkVersionFolder(dir: string, fs: StoreFs): Promise<FolderCheck> {
  const version = dir.split(/[/\\]/).at(-1) as string;
  let content: Buffer;
  try {
    content = await fs.readFile(join(dir, MANIFEST_FILE));
  } catch {
    return { ok: false, reason: 'no datapackage.json' };
  }
  let m: Manifest;
  try {
    m = parseManifest(content, MANIFEST_FILE);
  } catch (err) {
    if (err instanceof ManifestError) return { ok: false, reason: err.message };
    throw err;
  }
  if (m.version !== version) return { ok: false, reason: 'datapackage.json does not describe this version' };
  const manifest = KEY.manifest(version);
  const entry: IndexEntry = {
    version,
    created: m.created,
    fingerprint: m.fingerprint,
    latestYear: m.latestYear,
    // An older manifest has no years: its entry has none either.
    ...(m.years ? { years: m.years } : {}),
    manifest,
  };
  for (const r of m.resources) {
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(join(dir, r.path));
    } catch {
      return { ok: false, reason: `${r.path} is missing`, entry };
    }
    if (bytes.length !== r.bytes || `sha256:${sha256Hex(bytes)}` !== r.hash)
      return { ok: false, reason: `${r.path} does not match its hash`, entry };
  }
  const pointer: LatestPointer = {
    version,
    fingerprint: m.fingerprint,
    created: m.created,
    manifest,
    manifestHash: `sha256:${sha256Hex(content)}`,
  };
  return { ok: true, pointer, entry };
}
