import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../lib/snapshot/manifest.ts';
import { sampleSnapshot } from './sampleSnapshot.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'frictionless');
let v1: ValidateFunction;
let v2: ValidateFunction;
let manifest: Manifest;

beforeAll(async () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  for (const f of (await readdir(FIXTURES)).filter((n) => n.endsWith('.json'))) {
    ajv.addSchema(JSON.parse(await readFile(join(FIXTURES, f), 'utf8')));
  }
  v1 = ajv.getSchema(
    'https://specs.frictionlessdata.io/schemas/tabular-data-package.json',
  ) as ValidateFunction;
  v2 = ajv.getSchema('https://datapackage.org/profiles/2.0/datapackage.json') as ValidateFunction;
  manifest = JSON.parse((await sampleSnapshot()).snapshot.manifestFile.content.toString('utf8'));
});

const copy = (): Manifest => structuredClone(manifest);

describe('the snapshot manifest as a Frictionless Data Package', () => {
  it('declares the v2 data package profile', () => {
    expect(manifest.$schema).toBe('https://datapackage.org/profiles/2.0/datapackage.json');
  });

  it('is valid against the v2 datapackage, dataresource and tableschema profiles', () => {
    expect(v2(manifest), JSON.stringify(v2.errors)).toBe(true);
  });

  it('is valid against the v1 tabular data package, data package and table schema profiles', () => {
    expect(v1(manifest), JSON.stringify(v1.errors)).toBe(true);
  });

  it('is rejected by v1 when a source has no title (the profiles are strict)', () => {
    const m = copy();
    m.sources = [{ path: 'https://ec.europa.eu/eurostat' } as Manifest['sources'][number]];
    expect(v1(m)).toBe(false);
  });

  it('is rejected by v2 when a table resource has no schema', () => {
    const m = copy() as unknown as { resources: Array<Record<string, unknown>> };
    delete m.resources[0]?.schema;
    expect(v2(m)).toBe(false);
  });

  it('is rejected by v2 when an integer field has a text enum', () => {
    const m = copy();
    const field = m.resources
      .find((r) => r.name === 'regions')
      ?.schema.fields.find((f) => f.name === 'level');
    (field as { constraints: unknown }).constraints = { enum: ['0', '1'] };
    expect(v2(m)).toBe(false);
  });

  it('gives every resource a table type, a primary key, empty-cell missing values and a citation', () => {
    for (const r of manifest.resources) {
      expect(r.type).toBe('table');
      expect(r.schema.primaryKey.length).toBeGreaterThan(0);
      expect(r.schema.missingValues).toEqual(['']);
      expect(r.citation).toContain(manifest.version);
    }
  });

  it("names Eurostat's datasets with their URL, and licenses the package under CC BY 4.0", () => {
    expect(manifest.sources.map((s) => s.path)).toEqual(
      expect.arrayContaining([
        'https://ec.europa.eu/eurostat/databrowser/view/lfsa_egan22d/default/table',
        'https://ec.europa.eu/eurostat/databrowser/view/lfst_r_lfe2emp/default/table',
      ]),
    );
    expect(manifest.licenses.map((l) => l.name)).toEqual(['CC-BY-4.0', 'CC-BY-4.0']);
  });

  it('says the sample inputs are synthetic in their source titles and in the citation', () => {
    const national = manifest.sources.find((s) => s.path?.includes('lfsa_egan22d'));
    expect(national?.title).toMatch(/^SYNTHETIC/);
    expect(manifest.citation).toContain('SYNTHETIC');
  });

  it('keeps the exact inputs (paths, hashes) for the fingerprint and rebuilds, apart from sources', () => {
    const inputs = manifest['eucluster:inputs'];
    expect(inputs.map((i) => i.role)).toEqual(
      expect.arrayContaining(['config', 'nationalByDivision', 'nuts']),
    );
    for (const i of inputs) expect(i.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});
