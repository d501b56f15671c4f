import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffVersions } from '../../lib/cli/diff.ts';
import { pull } from '../../lib/cli/pull.ts';
import { directorySource } from '../../lib/cli/snapshotSources.ts';
import { verifySnapshot } from '../../lib/cli/verify.ts';
import { FsSnapshotStore } from '../../lib/fs/fsSnapshotStore.ts';
import { loadInputDirectory } from '../../lib/fs/inputDirectory.ts';
import { refresh } from '../../lib/refresh/refresh.ts';
import { MINI_REGIONAL, miniInput, tempDir } from '../helpers/miniInput.ts';
import { sha256 } from '../helpers/snapshots.ts';
import { twoVersions } from './pullSupport.ts';

/**
 * An output directory as versions before 2026-12-07 wrote it: the manifests and `index.json` name the latest
 * year `referenceYear` and carry no `years`; `latest.json` and the index hold those manifests' hashes.
 */
async function olderOutput(): Promise<{ out: string; older: string; newer: string }> {
  const { out, older, newer } = await twoVersions();
  const hashes = new Map<string, string>();
  for (const version of [older, newer]) {
    const path = join(out, 'snapshots', version, 'datapackage.json');
    const text = (await readFile(path, 'utf8')).replace(
      /"latestYear": (\d+),\n {2}"years": \[[^\]]*\],/,
      '"referenceYear": $1,',
    );
    expect(text).not.toMatch(/latestYear|"years"/);
    await writeFile(path, text);
    hashes.set(version, `sha256:${sha256(text)}`);
  }
  const indexPath = join(out, 'snapshots', 'index.json');
  const index = JSON.parse(await readFile(indexPath, 'utf8'));
  for (const entry of index.versions) {
    entry.referenceYear = entry.latestYear;
    delete entry.latestYear;
    delete entry.years;
    entry.manifestHash = hashes.get(entry.version);
  }
  await writeFile(indexPath, `${JSON.stringify(index, null, 2)}\n`);
  const latestPath = join(out, 'snapshots', 'latest.json');
  const latest = JSON.parse(await readFile(latestPath, 'utf8'));
  await writeFile(latestPath, `${JSON.stringify({ ...latest, manifestHash: hashes.get(newer) }, null, 2)}\n`);
  return { out, older, newer };
}

describe('an output directory written before the series was named (referenceYear)', () => {
  it('is verified, pulled and diffed as before', async () => {
    const { out, older, newer } = await olderOutput();
    expect((await verifySnapshot(join(out, 'snapshots', older))).version).toBe(older);
    const dest = join(await tempDir(), 'snapshot');
    expect((await pull(directorySource(out), { dest, version: 'latest' })).version).toBe(newer);
    const changes = await diffVersions(out, older, newer);
    expect(changes).toMatchObject({ version: newer, previous: older });
  });

  it('takes a new version, whose change history reads the older one; the index names every latest year', async () => {
    const { out, newer } = await olderOutput();
    const outcome = await refresh({
      inputs: await loadInputDirectory(
        await miniInput({ regional: MINI_REGIONAL.map((l) => l.replace('151.0', '171.0')) }),
      ),
      store: new FsSnapshotStore(out),
      now: new Date('2026-04-03T09:00:00Z'),
      codeVersion: 'test+1',
    });
    expect(outcome).toMatchObject({ status: 'published', previous: newer });
    const changes = JSON.parse(
      await readFile(join(out, 'snapshots', outcome.version, 'changes.json'), 'utf8'),
    );
    expect(changes.previous).toBe(newer);
    const index = JSON.parse(await readFile(join(out, 'snapshots', 'index.json'), 'utf8'));
    expect(index.versions).toHaveLength(3);
    for (const entry of index.versions) {
      expect(entry.latestYear).toBe(2023);
      expect(entry).not.toHaveProperty('referenceYear');
    }
    // Only the new version knows its years; the older entries had none to give.
    expect(index.versions.map((e: { years?: number[] }) => e.years)).toEqual([
      [2022, 2023],
      undefined,
      undefined,
    ]);
  });
});
