import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rebuildSnapshot } from '../../lib/cli/rebuild.ts';
import { FsRawStore } from '../../lib/fs/fsRawStore.ts';
import { FsSnapshotStore } from '../../lib/fs/fsSnapshotStore.ts';
import { loadInputDirectory } from '../../lib/fs/inputDirectory.ts';
import { refresh } from '../../lib/refresh/refresh.ts';
import { type Changes, changesSchema } from '../../lib/snapshot/changes.ts';
import type { Manifest } from '../../lib/snapshot/manifest.ts';
import type { SnapshotIndex } from '../../lib/stores/pointer.ts';
import { MINI_REGIONAL, miniInput, tempDir } from '../helpers/miniInput.ts';
import { readJson, sha256 } from '../helpers/snapshots.ts';

const DAY1 = new Date('2026-03-01T12:00:00Z');
const DAY2 = new Date('2026-03-02T12:00:00Z');
const DAY3 = new Date('2026-03-03T12:00:00Z');

async function run(input: string, out: string, now: Date, force = false) {
  return refresh({
    inputs: await loadInputDirectory(input),
    store: new FsSnapshotStore(out),
    now,
    codeVersion: 'test+1',
    force,
    archive: new FsRawStore(out),
  });
}

const changesOf = (out: string, version: string) =>
  readJson<Changes>(join(out, 'snapshots', version, 'changes.json'));

describe('the change history of a local output directory', () => {
  it('writes changes.json into every version and lists it with its sha256 in the manifest', async () => {
    const out = await tempDir();
    const first = await run(await miniInput(), out, DAY1);
    const dir = join(out, 'snapshots', first.version);
    const manifest = await readJson<Manifest>(join(dir, 'datapackage.json'));
    const bytes = await readFile(join(dir, 'changes.json'));
    expect(manifest['eucluster:files']).toEqual([
      expect.objectContaining({ path: 'changes.json', bytes: bytes.length, hash: `sha256:${sha256(bytes)}` }),
    ]);
    expect(changesSchema.safeParse(JSON.parse(bytes.toString())).success).toBe(true);
    expect(await changesOf(out, first.version)).toMatchObject({ previous: null, reason: 'first version' });
  });

  it('marks a forced republish of identical content as such, in changes.json and index.json', async () => {
    const input = await miniInput();
    const out = await tempDir();
    const first = await run(input, out, DAY1);
    const second = await run(input, out, DAY2, true);
    expect(await changesOf(out, second.version)).toMatchObject({
      previous: first.version,
      reason: 'forced, identical content',
      identicalTo: first.version,
    });
    const index = await readJson<SnapshotIndex>(join(out, 'snapshots', 'index.json'));
    expect(index.versions.map((v) => [v.version, v.reason, v.identicalTo])).toEqual([
      [second.version, 'forced, identical content', first.version],
      [first.version, 'first version', null],
    ]);
  });

  it('finds a one-cell upstream change: the source, the rows of each table and the manifest hash', async () => {
    const out = await tempDir();
    const first = await run(await miniInput(), out, DAY1);
    // One cell of the (invented) regional input: BE21's Q86 employment in 2023, 151.0 → 171.0.
    const regional = MINI_REGIONAL.map((l) =>
      l.replace('Q86,BE21\t150.0 \t151.0 ', 'Q86,BE21\t150.0 \t171.0 '),
    );
    const second = await run(await miniInput({ regional }), out, DAY2);
    const c = await changesOf(out, second.version);
    expect(c.reason).toBe('source changed: regionalByActivity lfst_r_lfe2en2');
    const lq = c.tables.find((t) => t.table === 'location_quotients');
    expect(lq?.changed).toBeGreaterThan(0);
    expect(lq?.keys.some((k) => k.key[0] === 'BE2')).toBe(true);
    expect(c.tables.find((t) => t.table === 'maturity')).toMatchObject({ added: 0, removed: 0, changed: 0 });
    const index = await readJson<SnapshotIndex>(join(out, 'snapshots', 'index.json'));
    expect(index.versions[0]?.changes?.tables.location_quotients?.changed).toBe(lq?.changed);
    expect(index.versions[0]?.previous).toBe(first.version);
    const manifest = await readFile(join(out, 'snapshots', second.version, 'datapackage.json'));
    expect(index.versions[0]?.manifestHash).toBe(`sha256:${sha256(manifest)}`);
  });

  it('records the source versions of each version in index.json', async () => {
    const out = await tempDir();
    await run(await miniInput(), out, DAY1);
    const index = await readJson<SnapshotIndex>(join(out, 'snapshots', 'index.json'));
    expect(Object.keys(index.versions[0]?.sourceVersions ?? {})).toEqual(
      expect.arrayContaining(['nationalByDivision', 'regionalByActivity']),
    );
  });

  it('lets rebuild reproduce a later version, changes.json included, byte for byte', async () => {
    const out = await tempDir();
    const input = await miniInput();
    await run(input, out, DAY1);
    const regional = MINI_REGIONAL.map((l) => l.replace('Q86,BE10\t78.0 \t79.0 ', 'Q86,BE10\t78.0 \t99.0 '));
    await run(await miniInput({ regional }), out, DAY2);
    const third = await run(input, out, DAY3);
    const report = await rebuildSnapshot(
      join(out, 'snapshots'),
      third.version,
      new FsRawStore(out),
      'test+1',
    );
    expect(report.files.map((f) => f.path)).toContain('changes.json');
    expect(report.files.filter((f) => !f.identical)).toEqual([]);
  });
});
