import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rebuildSnapshot } from '../../lib/cli/rebuild.ts';
import { ConfigError } from '../../lib/errors.ts';
import { FsRawStore } from '../../lib/fs/fsRawStore.ts';
import { FsSnapshotStore } from '../../lib/fs/fsSnapshotStore.ts';
import { loadInputDirectory } from '../../lib/fs/inputDirectory.ts';
import { refresh } from '../../lib/refresh/refresh.ts';
import { miniInput, tempDir } from '../helpers/miniInput.ts';

async function published(extra: Record<string, string> = {}) {
  const out = await tempDir();
  const outcome = await refresh({
    inputs: await loadInputDirectory(await miniInput({ extra })),
    store: new FsSnapshotStore(out),
    now: new Date('2026-05-01T08:00:00Z'),
    codeVersion: 'test+1',
    archive: new FsRawStore(out),
  });
  return { out, version: outcome.version };
}

describe('rebuildSnapshot', () => {
  it('reproduces every file of a snapshot byte for byte from the archived inputs', async () => {
    const { out, version } = await published({
      'policy/BE.json': JSON.stringify({
        country: 'BE',
        assessedOn: '2022-09-30',
        source: 'test',
        policies: [{ name: 'p', type: 'cluster', level: 'national', startYear: 2000 }],
      }),
    });
    const report = await rebuildSnapshot(join(out, 'snapshots'), version, new FsRawStore(out), 'test+1');
    expect(report.files.map((f) => f.path)).toContain('datapackage.json');
    expect(report.files.every((f) => f.identical)).toBe(true);
  });

  it('reports a published file that no longer matches its inputs', async () => {
    const { out, version } = await published();
    await writeFile(join(out, 'snapshots', version, 'data', 'maturity.csv'), 'tampered\n');
    const report = await rebuildSnapshot(join(out, 'snapshots'), version, new FsRawStore(out), 'test+1');
    expect(report.files.filter((f) => !f.identical).map((f) => f.path)).toEqual(['data/maturity.csv']);
  });

  it('says which input is missing when the archive lost it', async () => {
    const { out, version } = await published();
    await rm(join(out, 'raw', 'eurostat', 'lfsa_egan22d'), { recursive: true });
    const error = await rebuildSnapshot(join(out, 'snapshots'), version, new FsRawStore(out), 'test+1').catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(
      /input eurostat\/lfsa_egan22d\.tsv \(nationalByDivision, sha256:[0-9a-f]{64}\) is not in/,
    );
  });
});
