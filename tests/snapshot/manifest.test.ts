import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { factsheetRenderer } from '../../lib/cli/renderer.ts';
import { FsSnapshotStore } from '../../lib/fs/fsSnapshotStore.ts';
import { loadInputDirectory } from '../../lib/fs/inputDirectory.ts';
import { refresh } from '../../lib/refresh/refresh.ts';
import { ManifestError, parseManifest } from '../../lib/snapshot/manifest.ts';
import { MINI_REGIONAL, miniInput, tempDir } from '../helpers/miniInput.ts';

/**
 * Two published versions of the small (invented) input, pages and figures rendered: the second has a
 * changes.json. What the writer writes, with every kind of file it lists.
 */
async function publishedManifests(): Promise<Buffer[]> {
  const out = await tempDir();
  const render = await factsheetRenderer();
  const versions: string[] = [];
  for (const [regional, now] of [
    [MINI_REGIONAL, '2026-04-01T09:00:00Z'],
    [MINI_REGIONAL.map((l) => l.replace('150.0 \t151.0 ', '150.0 \t181.0 ')), '2026-04-02T09:00:00Z'],
  ] as const) {
    const outcome = await refresh({
      inputs: await loadInputDirectory(await miniInput({ regional: [...regional] })),
      store: new FsSnapshotStore(out),
      now: new Date(now),
      codeVersion: 'test+1',
      render,
    });
    versions.push(outcome.version);
  }
  return Promise.all(versions.map((v) => readFile(join(out, 'snapshots', v, 'datapackage.json'))));
}

describe('parseManifest', () => {
  it('reads every manifest the writer writes: tables, pages, figures and changes.json', async () => {
    const [first, second] = await publishedManifests();
    for (const content of [first, second] as Buffer[]) {
      const m = parseManifest(content, 'datapackage.json');
      const files = m['eucluster:files'] ?? [];
      expect(files.some((f) => f.path === 'pages/BE.html')).toBe(true);
      expect(files.some((f) => f.path.startsWith('figures/'))).toBe(true);
      for (const f of files) expect(f.description.length).toBeGreaterThan(0);
    }
    expect(parseManifest(second as Buffer, 'x')['eucluster:files']?.map((f) => f.path)).toContain(
      'changes.json',
    );
  });

  it('names the file and the first wrong field of a manifest that is not one', async () => {
    const [content] = await publishedManifests();
    const json = JSON.parse((content as Buffer).toString());
    json['eucluster:files'][0].hash = 'md5:0';
    expect(() => parseManifest(JSON.stringify(json), 'snap/datapackage.json')).toThrow(
      /^snap\/datapackage\.json is not a snapshot manifest: eucluster:files\.0\.hash: /,
    );
    expect(() => parseManifest('{', 'snap/datapackage.json')).toThrow(ManifestError);
  });

  it('reads what older writers wrote: files without a description, no eucluster:inputs', async () => {
    const [content] = await publishedManifests();
    const json = JSON.parse((content as Buffer).toString());
    for (const f of json['eucluster:files']) delete f.description;
    delete json['eucluster:inputs'];
    expect(parseManifest(JSON.stringify(json), 'x').version).toBe(json.version);
  });

  it('keeps the document as written (key order included), so a step that rewrites it keeps its bytes', async () => {
    const [content] = await publishedManifests();
    const text = (content as Buffer).toString();
    expect(`${JSON.stringify(parseManifest(text, 'x'), null, 2)}\n`).toBe(text);
  });

  it('accepts fields a newer writer adds', async () => {
    const [content] = await publishedManifests();
    const json = { ...JSON.parse((content as Buffer).toString()), 'eucluster:future': { any: 1 } };
    expect(parseManifest(JSON.stringify(json), 'x').version).toBe(json.version);
  });
});
