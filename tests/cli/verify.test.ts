import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifySnapshot } from '../../lib/cli/verify.ts';
import { readJson, sha256 } from '../helpers/snapshots.ts';
import { twoVersions } from './pullSupport.ts';

async function published() {
  const { out, newer } = await twoVersions();
  return join(out, 'snapshots', newer);
}

describe('verifySnapshot', () => {
  it('accepts a published version folder, counting the manifest and every file it lists', async () => {
    const dir = await published();
    const manifest = await readJson<{ version: string; resources: unknown[]; 'eucluster:files': unknown[] }>(
      join(dir, 'datapackage.json'),
    );
    // Every table as CSV and Parquet, changes.json, and the manifest itself.
    const listed = manifest.resources.length + manifest['eucluster:files'].length + 1;
    expect(listed).toBe(26);
    expect(await verifySnapshot(dir)).toMatchObject({ version: manifest.version, files: listed });
  });

  it('names a file whose bytes changed, with the expected and found sha256', async () => {
    const dir = await published();
    const manifest = await readJson<{ resources: Array<{ path: string; hash: string }> }>(
      join(dir, 'datapackage.json'),
    );
    await writeFile(join(dir, 'data', 'maturity.csv'), 'tampered\n');
    const expected = manifest.resources.find((r) => r.path === 'data/maturity.csv')?.hash;
    await expect(verifySnapshot(dir)).rejects.toThrow(
      `data/maturity.csv expected ${expected}, found sha256:${sha256('tampered\n')}`,
    );
  });

  it('names a missing file', async () => {
    const dir = await published();
    await rm(join(dir, 'changes.json'));
    await expect(verifySnapshot(dir)).rejects.toThrow(/missing: changes\.json/);
  });

  it('names a file the manifest does not list', async () => {
    const dir = await published();
    await writeFile(join(dir, 'data', 'extra.csv'), 'a\n');
    await expect(verifySnapshot(dir)).rejects.toThrow(/not in the manifest: data\/extra\.csv/);
  });

  it('says when a folder holds no manifest', async () => {
    const dir = await published();
    await rm(join(dir, 'datapackage.json'));
    await expect(verifySnapshot(dir)).rejects.toThrow(
      /datapackage\.json not found: .* is not a snapshot folder/,
    );
  });
});
