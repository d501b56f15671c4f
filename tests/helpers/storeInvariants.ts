import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { nodeStoreFs } from '../../lib/fs/storeFs.ts';
import { checkVersionFolder } from '../../lib/fs/versionFolder.ts';
import { sha256 } from './snapshots.ts';

export interface StoreState {
  latest: string | null;
  index: string[];
  folders: string[];
  /** Hidden entries: staging folders, temporary files, the lock. */
  hidden: string[];
}

/** What `OUT/snapshots/` holds, read straight from the disk. */
export async function storeState(out: string): Promise<StoreState> {
  const dir = join(out, 'snapshots');
  const names = await readdir(dir).catch(() => [] as string[]);
  const latestText = await readFile(join(dir, 'latest.json'), 'utf8').catch(() => null);
  const indexText = await readFile(join(dir, 'index.json'), 'utf8').catch(() => null);
  return {
    latest: latestText ? (JSON.parse(latestText) as { version: string }).version : null,
    index: indexText
      ? (JSON.parse(indexText) as { versions: Array<{ version: string }> }).versions.map((v) => v.version)
      : [],
    folders: names
      .filter((n) => /^\d{8}T/.test(n))
      .sort()
      .reverse(),
    hidden: names.filter((n) => n.startsWith('.')),
  };
}

/**
 * The invariants that hold at every moment, even just after a crash: latest names a complete version whose
 * files match their hashes (and the manifest its manifestHash); index.json lists latest, each version once,
 * and only versions whose folder is complete. Returns the problems found (empty when all hold).
 */
export async function weakInvariantProblems(out: string): Promise<string[]> {
  const s = await storeState(out);
  const problems: string[] = [];
  const dir = join(out, 'snapshots');
  if (s.latest !== null) {
    const check = await checkVersionFolder(join(dir, s.latest), nodeStoreFs);
    if (!check.ok) problems.push(`latest ${s.latest}: ${check.reason}`);
    const pointer = JSON.parse(await readFile(join(dir, 'latest.json'), 'utf8')) as { manifestHash: string };
    const manifest = await readFile(join(dir, s.latest, 'datapackage.json')).catch(() => Buffer.alloc(0));
    if (pointer.manifestHash !== `sha256:${sha256(manifest)}`)
      problems.push('latest.json manifestHash differs');
    if (!s.index.includes(s.latest)) problems.push(`index.json does not list latest ${s.latest}`);
  }
  if (new Set(s.index).size !== s.index.length) problems.push('index.json lists a version twice');
  for (const v of s.index) {
    const check = await checkVersionFolder(join(dir, v), nodeStoreFs);
    if (!check.ok) problems.push(`index lists ${v}: ${check.reason}`);
  }
  return problems;
}

/**
 * After a run that completed (or a repair): the weak invariants, and latest is the newest version, the
 * index lists exactly the version folders, and nothing hidden is left (no staging, temporary file or lock).
 */
export async function strictInvariantProblems(out: string): Promise<string[]> {
  const problems = await weakInvariantProblems(out);
  const s = await storeState(out);
  if (s.latest !== (s.index[0] ?? null)) problems.push(`latest ${s.latest} is not index[0] ${s.index[0]}`);
  if (s.index.join() !== s.folders.join())
    problems.push(`index [${s.index.join()}] differs from folders [${s.folders.join()}]`);
  if (s.hidden.length > 0) problems.push(`left behind: ${s.hidden.join(', ')}`);
  return problems;
}
