import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Cube } from '../../../lib/eurostat/parse/cube.ts';
import { cellAt, inputErrorFrom, LEGACY_TSV, makeTempDir, periodsOf, readCube } from './support.ts';

// Expected values are copied from the text of the real file
// data/examples/be-sections-2015/eurostat/lfst_r_lfe2en2.tsv: header `unit,nace_r2,age,geo\time`, years
// 2015 down to 2008, each label followed by a space. Rows quoted below are verbatim (tabs shown as `|`).

const SHOWN = 'eurostat/lfst_r_lfe2en2.tsv';
const ACTIVITY = { activityDimension: 'nace_r2' };
const SECTIONS_2015 = {
  ...ACTIVITY,
  filters: { unit: 'THS', age: 'Y_GE15' },
  ignoreCodes: { nace_r2: ['NRP'] },
};
const YOUTH = { ...ACTIVITY, filters: { unit: 'THS', age: 'Y15-24' }, ignoreCodes: { nace_r2: ['NRP'] } };

describe('readEurostatTsv', () => {
  describe('pre-2023 layout (real lfst_r_lfe2en2, 2017 vintage)', () => {
    let cube: Cube;
    beforeAll(async () => {
      cube = await readCube(LEGACY_TSV, SECTIONS_2015, { shownPath: SHOWN });
    });

    // THS,TOTAL,Y_GE15,BE1 | 434.6 | 430.1 | 412.6 | 420.1 | 413.0 b | 410.4 | 403.8 | 398.0
    it('maps the first period column to 2015', () => {
      expect(cellAt(cube, 'BE1', 'TOTAL', '2015')).toEqual({ value: 434.6, flags: '' });
    });

    it('maps a middle period column to its year', () => {
      expect(cellAt(cube, 'BE1', 'TOTAL', '2011')).toEqual({ value: 413.0, flags: 'b' });
    });

    it('maps the last period column to 2008', () => {
      expect(cellAt(cube, 'BE1', 'TOTAL', '2008')).toEqual({ value: 398.0, flags: '' });
    });

    it('strips the trailing space from the period labels', () => {
      expect(periodsOf(cube, 'BE1', 'TOTAL')).toEqual([
        '2015',
        '2014',
        '2013',
        '2012',
        '2011',
        '2010',
        '2009',
        '2008',
      ]);
    });

    it('accepts the NACE sections and section groups the dataset uses', () => {
      expect([...(cube.cells.get('BE')?.keys() ?? [])].sort()).toEqual(
        ['A', 'B-E', 'F', 'G-I', 'J', 'K', 'L', 'M_N', 'O-Q', 'R-U', 'TOTAL'].sort(),
      );
    });

    it('reads a section-group range such as B-E', () => {
      expect(cellAt(cube, 'BE', 'B-E', '2015')).toEqual({ value: 652.4, flags: '' });
    });

    it('reads a section-group union such as M_N', () => {
      expect(cellAt(cube, 'BE', 'M_N', '2015')).toEqual({ value: 494.2, flags: '' });
    });

    it('reads the G-I group', () => {
      expect(cellAt(cube, 'BE', 'G-I', '2015')).toEqual({ value: 1021.4, flags: '' });
    });

    it('accepts the pre-2020 EU aggregates such as EU28', () => {
      expect(cellAt(cube, 'EU28', 'TOTAL', '2015')).toEqual({ value: 220890.1, flags: '' });
    });

    it('drops the codes listed in ignoreCodes', () => {
      expect(cube.cells.get('BE')?.has('NRP')).toBe(false);
    });

    it('lists every year 2008 to 2015 as having data', () => {
      expect([...cube.periodsWithData].sort()).toEqual([
        '2008',
        '2009',
        '2010',
        '2011',
        '2012',
        '2013',
        '2014',
        '2015',
      ]);
    });
  });

  describe('pre-2023 layout: missing, confidential and flagged cells', () => {
    let cube: Cube;
    beforeAll(async () => {
      cube = await readCube(LEGACY_TSV, YOUTH, { shownPath: SHOWN });
    });

    // THS,A,Y15-24,BE | 2.9 u | 3.1 u | 3.1 u | 2.3 u | 4.0 bu | 4.9 u | 5.9  | 4.1 bu
    it('keeps the low-reliability flag u with its value', () => {
      expect(cellAt(cube, 'BE', 'A', '2015')).toEqual({ value: 2.9, flags: 'u' });
    });

    it('keeps two flags bu together', () => {
      expect(cellAt(cube, 'BE', 'A', '2011')).toEqual({ value: 4.0, flags: 'bu' });
    });

    it('reads a value without flags in a flagged series', () => {
      expect(cellAt(cube, 'BE', 'A', '2009')).toEqual({ value: 5.9, flags: '' });
    });

    // THS,A,Y15-24,BE1 | : c | :  | : c | :  | :  | :  | : c | : bu
    it('reads ": c" as a missing value with the confidential flag c', () => {
      expect(cellAt(cube, 'BE1', 'A', '2015')).toEqual({ value: null, flags: 'c' });
    });

    it('reads ": " as a missing value without flags', () => {
      expect(cellAt(cube, 'BE1', 'A', '2014')).toEqual({ value: null, flags: '' });
    });

    it('reads ": bu" as a missing value that keeps its flags', () => {
      expect(cellAt(cube, 'BE1', 'A', '2008')).toEqual({ value: null, flags: 'bu' });
    });

    it('stores a series whose cells are all missing', () => {
      expect(periodsOf(cube, 'BE1', 'A')).toHaveLength(8);
      expect(periodsOf(cube, 'BE1', 'A').every((p) => cellAt(cube, 'BE1', 'A', p)?.value === null)).toBe(
        true,
      );
    });
  });

  describe('pre-2023 layout: the NRP code (no response) and the aggregates beside the benchmark', () => {
    const BARE = { ...ACTIVITY, filters: { unit: 'THS', age: 'Y_GE15' } };

    it('leaves NRP out without configuration, and says so in the cube', async () => {
      const cube = await readCube(LEGACY_TSV, BARE, { shownPath: SHOWN });
      expect([...(cube.cells.get('BE')?.keys() ?? [])]).not.toContain('NRP');
      expect(cellAt(cube, 'BE1', 'TOTAL', '2015')).toEqual({ value: 434.6, flags: '' });
      expect(cube.dropped).toEqual([
        { dimension: 'nace_r2', codes: ['NRP'], why: 'not an activity (NRP: no response)' },
      ]);
    });

    it('says nothing when ignoreCodes already lists NRP', async () => {
      const cube = await readCube(LEGACY_TSV, SECTIONS_2015, { shownPath: SHOWN });
      expect(cube.dropped).toEqual([]);
    });

    it('keeps the benchmark and leaves the other aggregates out (EU15, EU27 of 2017) when told the benchmark', async () => {
      const cube = await readCube(LEGACY_TSV, { ...BARE, aggregates: ['EU28'] }, { shownPath: SHOWN });
      expect(cube.cells.has('EU28')).toBe(true);
      expect(cube.cells.has('EU27')).toBe(false);
      expect(cube.cells.has('EU15')).toBe(false);
      expect(cube.dropped).toContainEqual({
        dimension: 'geo',
        codes: ['EU15', 'EU27'],
        why: 'aggregates other than the benchmark (EU28)',
      });
    });

    it('still rejects a code that is no NACE code, naming the file, line and field', async () => {
      const tmp = await makeTempDir();
      try {
        const text = readFileSync(LEGACY_TSV, 'utf8').replace('THS,NRP,Y_GE15,BE\t', 'THS,NRX,Y_GE15,BE\t');
        const err = await inputErrorFrom(
          readCube(await tmp.write('x.tsv', text), BARE, { shownPath: SHOWN }),
        );
        expect(err.reason).toBe('unknown NACE Rev. 2 code "NRX"');
        // Line 738 is `THS,NRP,Y_GE15,BE` in the real file.
        expect(err.location).toEqual({ file: SHOWN, line: 738, field: 'nace_r2' });
        expect(err.message).toContain('ignoreCodes.nace_r2');
      } finally {
        await tmp.remove();
      }
    });
  });
});
