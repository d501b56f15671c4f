import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { SourceError } from '../stores/snapshotSource.ts';
import { describeMismatches, hashOf, MANIFEST, type Mismatch, manifestFiles } from './snapshotFiles.ts';

export interface VerifyReport {
  version: string;
  /** Files checked, the manifest included. */
  files: number;
  bytes: number;
}

/** A downloaded snapshot is not what its manifest describes. */
export class VerifyError extends SourceError {}

/**
 * Checks a snapshot folder (a `pull`'s DIR, or OUT/snapshots/<version>): the manifest is one, every file it
 * lists is there with its size and sha256, and nothing else is. Throws one VerifyError naming every problem.
 */
export async function verifySnapshot(dir: string): Promise<VerifyReport> {
  const manifestBytes = await readFile(join(dir, MANIFEST)).catch(() => null);
  if (!manifestBytes)
    throw new VerifyError(`${join(dir, MANIFEST)} not found: ${dir} is not a snapshot folder`);
  const { version, files } = manifestFiles(manifestBytes, join(dir, MANIFEST));
  const present = new Set(await filesUnder(dir));
  const mismatches: Mismatch[] = [];
  const missing: string[] = [];
  let bytes = manifestBytes.length;
  for (const f of files) {
    if (!present.has(f.path)) {
      missing.push(f.path);
      continue;
    }
    const content = await readFile(join(dir, f.path));
    bytes += content.length;
    const found = hashOf(content);
    if (found !== f.hash) mismatches.push({ path: f.path, expected: f.hash, found });
    else if (content.length !== f.bytes)
      mismatches.push({ path: f.path, expected: `${f.bytes} bytes`, found: `${content.length} bytes` });
  }
  const listed = new Set([MANIFEST, ...files.map((f) => f.path)]);
  const extra = [...present].filter((p) => !listed.has(p)).sort();
  const problems = [
    ...(mismatches.length > 0 ? [describeMismatches(mismatches)] : []),
    ...(missing.length > 0 ? [`missing: ${missing.join(', ')}`] : []),
    ...(extra.length > 0 ? [`not in the manifest: ${extra.join(', ')}`] : []),
  ];
  if (problems.length > 0)
    throw new VerifyError(`${dir} (${version}) does not verify: ${problems.join('; ')}`);
  return { version, files: files.length + 1, bytes };
}

/** Every file under `dir`, as `/`-separated paths relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => !e.isDirectory())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'));
}
