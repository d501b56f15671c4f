import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cube } from '../../../lib/eurostat/parse/cube.ts';
import { cellAt, FIXTURES, inputErrorFrom, makeTempDir, readCube, type TempDir } from './support.ts';

// SYNTHETIC fixture (tests/fixtures/sources/README.md): Eurostat's JSON-stat 2.0 shape, invented values.
// size [1, 1, 2, 1, 2, 2, 3] → flat index = sex·12 + nace_r2·6 + geo·3 + time,
// with sex F=0 T=1, nace_r2 C20=0 C21=1, geo BE=0 EU27_2020=1, time 2021=0 2022=1 2023=2.
const FIXTURE = join(FIXTURES, 'synthetic_lfsa_egan22d_jsonstat.json');
const JSON_STAT = { format: 'json-stat' as const };
const TOTAL = {
  activityDimension: 'nace_r2',
  filters: { freq: 'A', unit: 'THS_PER', sex: 'T', age: 'Y_GE15' },
};
const FEMALES = { ...TOTAL, filters: { ...TOTAL.filters, sex: 'F' } };

type Doc = Record<string, unknown> & { value: Record<string, number>; dimension: Record<string, unknown> };
const fixtureDoc = (): Doc => JSON.parse(readFileSync(FIXTURE, 'utf8')) as Doc;

let tmp: TempDir;
beforeAll(async () => {
  tmp = await makeTempDir();
});
afterAll(() => tmp.remove());

describe('readJsonStat', () => {
  describe('Eurostat JSON-stat 2.0 with sparse values', () => {
    let total: Cube;
    let females: Cube;
    beforeAll(async () => {
      total = await readCube(FIXTURE, TOTAL, JSON_STAT);
      females = await readCube(FIXTURE, FEMALES, JSON_STAT);
    });

    it('reads the very first position as the first code of every dimension', () => {
      // index 0: F, C20, BE, 2021
      expect(cellAt(females, 'BE', 'C20', '2021')).toEqual({ value: 9.6, flags: '' });
    });

    it('steps the time dimension fastest', () => {
      // index 2: F, C20, BE, 2023
      expect(cellAt(females, 'BE', 'C20', '2023')).toEqual({ value: 10.1, flags: '' });
    });

    it('steps geo by the number of periods', () => {
      // index 3 = 0·12 + 0·6 + 1·3 + 0: F, C20, EU27_2020, 2021, status "b"
      expect(cellAt(females, 'EU27_2020', 'C20', '2021')).toEqual({ value: 380.4, flags: 'b' });
    });

    it('steps nace_r2 by geo times periods', () => {
      // index 10 = 0·12 + 1·6 + 1·3 + 1: F, C21, EU27_2020, 2022
      expect(cellAt(females, 'EU27_2020', 'C21', '2022')).toEqual({ value: 405.0, flags: '' });
    });

    it('steps sex by nace_r2 times geo times periods', () => {
      // index 14 = 1·12 + 0·6 + 0·3 + 2: T, C20, BE, 2023, status "b"
      expect(cellAt(total, 'BE', 'C20', '2023')).toEqual({ value: 32.1, flags: 'b' });
    });

    it('reads the last position as the last code of every dimension', () => {
      // index 23: T, C21, EU27_2020, 2023
      expect(cellAt(total, 'EU27_2020', 'C21', '2023')).toEqual({ value: 795.3, flags: '' });
    });

    it('keeps the status letter of a position as its flags', () => {
      // index 17: T, C20, EU27_2020, 2023, status "p"
      expect(cellAt(total, 'EU27_2020', 'C20', '2023')).toEqual({ value: 1162.7, flags: 'p' });
    });

    it('reads a position absent from value as missing', () => {
      // index 6: F, C21, BE, 2021 — no value, no status
      expect(cellAt(females, 'BE', 'C21', '2021')).toEqual({ value: null, flags: '' });
    });

    it('reads a position absent from value but with status c as missing with flag c', () => {
      // index 19: T, C21, BE, 2022
      expect(cellAt(total, 'BE', 'C21', '2022')).toEqual({ value: null, flags: 'c' });
    });

    it('stores every position of the selected slice, missing ones included', () => {
      expect(total.kept).toBe(12);
    });

    it('takes the periods from the time dimension', () => {
      expect([...(total.cells.get('BE')?.get('C20')?.keys() ?? [])]).toEqual(['2021', '2022', '2023']);
    });

    it('takes the source version from updated', () => {
      expect(total.sourceVersion).toBe('2024-10-10T23:00:00+0200');
    });
  });

  describe('other shapes of the same data', () => {
    it('reads a dense value array like the sparse object', async () => {
      const doc = fixtureDoc();
      const dense = Array.from({ length: 24 }, (_, i) => doc.value[String(i)] ?? null);
      const path = await tmp.write('dense.json', JSON.stringify({ ...doc, value: dense }));
      const [fromDense, fromSparse] = await Promise.all([
        readCube(path, TOTAL, { ...JSON_STAT, shownPath: 'x.json' }),
        readCube(FIXTURE, TOTAL, { ...JSON_STAT, shownPath: 'x.json' }),
      ]);
      expect(fromDense).toEqual(fromSparse);
    });

    it('places categories by their index position, not by the order of the keys', async () => {
      const doc = fixtureDoc();
      const geo = { category: { index: { EU27_2020: 1, BE: 0 } } };
      const path = await tmp.write(
        'reordered.json',
        JSON.stringify({ ...doc, dimension: { ...doc.dimension, geo } }),
      );
      const cube = await readCube(path, TOTAL, JSON_STAT);
      expect(cellAt(cube, 'BE', 'C20', '2023')).toEqual({ value: 32.1, flags: 'b' });
    });

    it('accepts a category index given as an array of codes', async () => {
      const doc = fixtureDoc();
      const geo = { category: { index: ['BE', 'EU27_2020'] } };
      const path = await tmp.write(
        'array-index.json',
        JSON.stringify({ ...doc, dimension: { ...doc.dimension, geo } }),
      );
      const cube = await readCube(path, TOTAL, JSON_STAT);
      expect(cellAt(cube, 'EU27_2020', 'C21', '2023')).toEqual({ value: 795.3, flags: '' });
    });

    it('records no source version when updated is absent', async () => {
      const { updated: _, ...doc } = fixtureDoc();
      const path = await tmp.write('no-updated.json', JSON.stringify(doc));
      const cube = await readCube(path, TOTAL, JSON_STAT);
      expect(cube.sourceVersion).toBeUndefined();
    });
  });

  describe('invalid documents', () => {
    it('rejects a JSON document that is not a JSON-stat dataset', async () => {
      const path = await tmp.write('not-jsonstat.json', JSON.stringify({ warning: 'no data', items: [] }));
      const err = await inputErrorFrom(
        readCube(path, TOTAL, { ...JSON_STAT, shownPath: 'not-jsonstat.json' }),
      );
      expect(err.reason).toMatch(/^not a JSON-stat 2\.0 dataset: /);
      expect(err.location.file).toBe('not-jsonstat.json');
    });

    it('rejects a JSON-stat collection', async () => {
      const path = await tmp.write(
        'collection.json',
        JSON.stringify({ version: '2.0', class: 'collection' }),
      );
      const err = await inputErrorFrom(readCube(path, TOTAL, JSON_STAT));
      expect(err.reason).toMatch(/^not a JSON-stat 2\.0 dataset/);
    });

    it('rejects text that is not JSON', async () => {
      const path = await tmp.write('not-json.json', 'freq,unit,geo\\TIME_PERIOD\t2023 \n');
      const err = await inputErrorFrom(readCube(path, TOTAL, JSON_STAT));
      expect(err.reason).toMatch(/^not valid JSON: /);
    });

    it('rejects a category index that gives one position to two codes', async () => {
      const doc = fixtureDoc();
      const geo = { category: { index: { BE: 1, EU27_2020: 1 } } };
      const path = await tmp.write(
        'dup.json',
        JSON.stringify({ ...doc, dimension: { ...doc.dimension, geo } }),
      );
      const err = await inputErrorFrom(readCube(path, TOTAL, JSON_STAT));
      expect(err.reason).toBe('position 1 is given to both "BE" and "EU27_2020"');
      expect(err.location.field).toBe('dimension.geo.category.index');
    });

    it('reports errors in the data without a line number, since JSON-stat has none', async () => {
      const doc = fixtureDoc();
      const geo = { category: { index: { BE: 0, B$1: 1 } } };
      const path = await tmp.write(
        'geo.json',
        JSON.stringify({ ...doc, dimension: { ...doc.dimension, geo } }),
      );
      const err = await inputErrorFrom(readCube(path, TOTAL, { ...JSON_STAT, shownPath: 'geo.json' }));
      expect(err.location.line).toBeUndefined();
      expect(err.message).toMatch(/^geo\.json field "geo": unknown geo code "B\$1"/);
    });

    it('rejects a dimension whose categories do not match its size', async () => {
      const doc = fixtureDoc();
      const geo = { category: { index: { BE: 0 } } };
      const path = await tmp.write(
        'size.json',
        JSON.stringify({ ...doc, dimension: { ...doc.dimension, geo } }),
      );
      const err = await inputErrorFrom(readCube(path, TOTAL, JSON_STAT));
      expect(err.reason).toBe('has 1 categories but size says 2');
      expect(err.location.field).toBe('dimension.geo');
    });

    it('rejects an id and a size of different lengths', async () => {
      const doc = fixtureDoc();
      const path = await tmp.write('id-size.json', JSON.stringify({ ...doc, size: [1, 1, 2, 1, 2, 2] }));
      const err = await inputErrorFrom(readCube(path, TOTAL, JSON_STAT));
      expect(err.location.field).toBe('size');
    });

    it('rejects a dimension listed in id but not described', async () => {
      const doc = fixtureDoc();
      const { age: _, ...dimension } = doc.dimension;
      const path = await tmp.write('no-age.json', JSON.stringify({ ...doc, dimension }));
      const err = await inputErrorFrom(readCube(path, TOTAL, JSON_STAT));
      expect(err.location.field).toBe('dimension.age');
    });
  });
});
