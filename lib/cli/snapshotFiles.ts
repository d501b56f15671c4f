import { isSafeRelative } from '../fs/safePath.ts';
import { sha256Hex } from '../snapshot/hashing.ts';
import { listedFiles } from '../snapshot/history.ts';
import { type Manifest, ManifestError, parseManifest } from '../snapshot/manifest.ts';
import { SourceError } from '../stores/snapshotSource.ts';

export const MANIFEST = 'datapackage.json';

export interface ListedFile {
  path: string;
  bytes: number;
  hash: string;
}

/** The manifest's version and files (tables and plain files such as changes.json); throws naming the problem. */
export function manifestFiles(content: Buffer, where: string): { version: string; files: ListedFile[] } {
  let manifest: Manifest;
  try {
    manifest = parseManifest(content, where);
  } catch (err) {
    if (err instanceof ManifestError) throw new SourceError(err.message);
    throw err;
  }
  const files = listedFiles(manifest);
  for (const f of files) {
    if (!isSafeRelative(f.path) || f.path === MANIFEST) {
      throw new SourceError(`${where} lists "${f.path}", which is not a file inside a snapshot folder`);
    }
  }
  return { version: manifest.version, files };
}

export function hashOf(content: Buffer): string {
  return `sha256:${sha256Hex(content)}`;
}

/** One file whose bytes are not those its manifest (or latest.json) gives. */
export interface Mismatch {
  path: string;
  expected: string;
  found: string;
}

export function describeMismatches(mismatches: readonly Mismatch[]): string {
  return mismatches.map((m) => `${m.path} expected ${m.expected}, found ${m.found}`).join('; ');
}
