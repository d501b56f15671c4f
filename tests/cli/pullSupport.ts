import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { FsSnapshotStore } from '../../lib/fs/fsSnapshotStore.ts';
import { loadInputDirectory } from '../../lib/fs/inputDirectory.ts';
import { refresh } from '../../lib/refresh/refresh.ts';
import { MINI_REGIONAL, miniInput, tempDir } from '../helpers/miniInput.ts';

/**
 * An output directory with two published versions of the small (invented) test input: the second after a
 * one-cell change, so the two versions' files differ.
 */
export async function twoVersions(): Promise<{ out: string; older: string; newer: string }> {
  const out = await tempDir();
  const publish = async (regional: string[], now: string) =>
    (
      await refresh({
        inputs: await loadInputDirectory(await miniInput({ regional })),
        store: new FsSnapshotStore(out),
        now: new Date(now),
        codeVersion: 'test+1',
      })
    ).version;
  const older = await publish(MINI_REGIONAL, '2026-04-01T09:00:00Z');
  const changed = MINI_REGIONAL.map((l) => l.replace('Q86,BE21\t150.0 \t151.0 ', 'Q86,BE21\t150.0 \t181.0 '));
  const newer = await publish(changed, '2026-04-02T09:00:00Z');
  return { out, older, newer };
}

/** Every file under a folder, `/`-separated, sorted. */
export async function filesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => !e.isDirectory())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}
