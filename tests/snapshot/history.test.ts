import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../lib/snapshot/changes.ts';
import { attachChanges, historyOf, listedFiles } from '../../lib/snapshot/history.ts';
import type { Manifest } from '../../lib/snapshot/manifest.ts';
import { sha256 } from '../helpers/snapshots.ts';
import { sampleSnapshot } from './sampleSnapshot.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'frictionless');
const ajv = new Ajv({ allErrors: true, strict: false });
let attached: Awaited<ReturnType<typeof sampleSnapshot>>['snapshot'];

beforeAll(async () => {
  addFormats.default(ajv);
  for (const f of (await readdir(FIXTURES)).filter((n) => n.endsWith('.json'))) {
    ajv.addSchema(JSON.parse(await readFile(join(FIXTURES, f), 'utf8')));
  }
  const { snapshot } = await sampleSnapshot();
  attached = attachChanges(snapshot, diffSnapshots(null, { ...snapshot, rows: {} }));
});

describe('attachChanges', () => {
  it('adds changes.json to the files and lists it with its size and sha256 in eucluster:files', () => {
    const file = attached.files.find((f) => f.path === 'changes.json');
    const manifest = JSON.parse(attached.manifestFile.content.toString()) as Manifest;
    expect(manifest['eucluster:files']).toEqual([
      expect.objectContaining({
        path: 'changes.json',
        bytes: file?.content.length,
        hash: `sha256:${sha256(file?.content ?? '')}`,
      }),
    ]);
    expect(listedFiles(manifest).map((f) => f.path)).toContain('changes.json');
  });

  it('keeps the manifest a valid Frictionless v1 tabular and v2 data package', () => {
    const manifest = JSON.parse(attached.manifestFile.content.toString());
    const v1 = ajv.getSchema('https://specs.frictionlessdata.io/schemas/tabular-data-package.json');
    const v2 = ajv.getSchema('https://datapackage.org/profiles/2.0/datapackage.json');
    expect(v1?.(manifest), JSON.stringify(v1?.errors)).toBe(true);
    expect(v2?.(manifest), JSON.stringify(v2?.errors)).toBe(true);
  });

  it('gives the index entry the reason, the source versions and the counts', () => {
    expect(historyOf(attached)).toMatchObject({
      previous: null,
      reason: 'first version',
      changes: { reason: 'first version', identicalTo: null },
    });
  });
});
