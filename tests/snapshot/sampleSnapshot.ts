import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadInputDirectory } from '../../lib/fs/inputDirectory.ts';
import { computeSnapshot } from '../../lib/refresh/compute.ts';
import type { BuiltSnapshot } from '../../lib/snapshot/build.ts';

let built: Promise<{ snapshot: BuiltSnapshot; dir: string }> | undefined;

/**
 * The snapshot of the bundled sample (data/sample: partly SYNTHETIC, see its PROVENANCE.md), built the way a
 * refresh builds it and written to a temporary folder; built once per test file.
 */
export function sampleSnapshot(): Promise<{ snapshot: BuiltSnapshot; dir: string }> {
  built ??= (async () => {
    const inputs = await loadInputDirectory(join(import.meta.dirname, '../../data/sample'));
    const snapshot = await computeSnapshot(inputs, {
      created: new Date('2026-03-01T12:00:00Z'),
      codeVersion: 'test+1',
    });
    const dir = await mkdtemp(join(tmpdir(), 'eucluster-sample-snapshot-'));
    for (const f of [...snapshot.files, snapshot.manifestFile]) {
      await mkdir(dirname(join(dir, f.path)), { recursive: true });
      await writeFile(join(dir, f.path), f.content);
    }
    return { snapshot, dir };
  })();
  return built;
}
