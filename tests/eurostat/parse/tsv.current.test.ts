import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cube } from '../../../lib/eurostat/parse/cube.ts';
import { CURRENT_TSV, cellAt, makeTempDir, periodsOf, readCube, type TempDir } from './support.ts';

// Expected values are copied from the text of the real file data/sample/eurostat/lfst_r_lfe2emp.tsv
// (header `freq,unit,sex,age,geo\TIME_PERIOD`, 2010 … 2023, one series per geo: A, THS_PER, T, Y15-64).

const YEARS = [
  '2010',
  '2011',
  '2012',
  '2013',
  '2014',
  '2015',
  '2016',
  '2017',
  '2018',
  '2019',
  '2020',
  '2021',
  '2022',
  '2023',
];
const ALL_FILTERS = { freq: 'A', unit: 'THS_PER', sex: 'T', age: 'Y15-64' };

describe('readEurostatTsv', () => {
  describe('current layout (real lfst_r_lfe2emp)', () => {
    let cube: Cube;
    beforeAll(async () => {
      cube = await readCube(CURRENT_TSV, { filters: ALL_FILTERS });
    });

    it('reads the value of a NUTS 2 region', () => {
      expect(cellAt(cube, 'BE10', '', '2023')).toEqual({ value: 518.9, flags: '' });
    });

    it('reads the first year of a series', () => {
      expect(cellAt(cube, 'BE10', '', '2010')).toEqual({ value: 406.3, flags: '' });
    });

    it('reads the EU27_2020 aggregate', () => {
      expect(cellAt(cube, 'EU27_2020', '', '2023')).toEqual({ value: 199586.5, flags: '' });
    });

    it('keeps the break-in-series flag b next to the value', () => {
      expect(cellAt(cube, 'AT', '', '2021')).toEqual({ value: 4231.7, flags: 'b' });
    });

    it('puts each flag on the year whose column it is in', () => {
      const flagged = periodsOf(cube, 'BE').filter((p) => cellAt(cube, 'BE', '', p)?.flags === 'b');
      expect(flagged).toEqual(['2011', '2017', '2021']);
    });

    it('keeps combined flags such as bdu whole', () => {
      expect(cellAt(cube, 'FRM0', '', '2021')).toEqual({ value: 124.6, flags: 'bdu' });
    });

    it('reads ":" as a missing value, not zero', () => {
      expect(cellAt(cube, 'BA', '', '2010')).toEqual({ value: null, flags: '' });
    });

    it('stores the periods of a series in ascending order', () => {
      expect(periodsOf(cube, 'BE10')).toEqual(YEARS);
    });

    it('files every series under the empty activity when no activity dimension is configured', () => {
      expect([...(cube.cells.get('BE10')?.keys() ?? [])]).toEqual(['']);
    });

    it('keeps every observation when the filters match the only unit, sex and age in the file', () => {
      expect(cube.kept).toBe(378 * YEARS.length);
    });

    it('lists every year as having data when at least one geo has a value in it', () => {
      expect([...cube.periodsWithData].sort()).toEqual(YEARS);
    });

    it('records no source version, since the TSV layout carries none', () => {
      expect(cube.sourceVersion).toBeUndefined();
    });
  });

  describe('current layout: filters', () => {
    it('keeps nothing when the filter value does not occur in the file', async () => {
      const cube = await readCube(CURRENT_TSV, { filters: { ...ALL_FILTERS, sex: 'F' } });
      expect(cube.kept).toBe(0);
      expect(cube.cells.size).toBe(0);
    });

    it('counts only periods with a value in periodsWithData', async () => {
      // BA is ":" from 2010 to 2020 and has values for 2021, 2022 and 2023.
      const cube = await readCube(CURRENT_TSV, { filters: { ...ALL_FILTERS, geo: 'BA' } });
      expect([...cube.periodsWithData].sort()).toEqual(['2021', '2022', '2023']);
    });

    it('still stores the missing periods of a series that periodsWithData leaves out', async () => {
      const cube = await readCube(CURRENT_TSV, { filters: { ...ALL_FILTERS, geo: 'BA' } });
      expect(periodsOf(cube, 'BA')).toEqual(YEARS);
      expect(cube.kept).toBe(YEARS.length);
    });

    describe('on a file with several units, sexes and ages (synthetic)', () => {
      // Invented values in the current layout: each series has its own value, so a wrong pick shows.
      const lines = [
        'freq,unit,sex,age,geo\\TIME_PERIOD\t2022 \t2023 ',
        'A,PC,T,Y15-64,BE10\t70.1 \t70.2 ',
        'A,THS_PER,F,Y15-64,BE10\t240.1 \t240.2 ',
        'A,THS_PER,M,Y15-64,BE10\t260.1 \t260.2 ',
        'A,THS_PER,T,Y15-64,BE10\t500.1 \t500.2 ',
        'A,THS_PER,T,Y_GE15,BE10\t510.1 \t510.2 ',
      ];
      let tmp: TempDir;
      let path: string;
      beforeAll(async () => {
        tmp = await makeTempDir();
        path = await tmp.write('synthetic_multi.tsv', `${lines.join('\n')}\n`);
      });
      afterAll(() => tmp.remove());

      it('keeps only the series matching every filter', async () => {
        const cube = await readCube(path, { filters: { unit: 'THS_PER', sex: 'T', age: 'Y15-64' } });
        expect(cellAt(cube, 'BE10', '', '2023')).toEqual({ value: 500.2, flags: '' });
        expect(cube.kept).toBe(2);
      });

      it('selects another sex when the sex filter changes', async () => {
        const cube = await readCube(path, { filters: { unit: 'THS_PER', sex: 'F', age: 'Y15-64' } });
        expect(cellAt(cube, 'BE10', '', '2022')).toEqual({ value: 240.1, flags: '' });
      });

      it('selects another age when the age filter changes', async () => {
        const cube = await readCube(path, { filters: { unit: 'THS_PER', sex: 'T', age: 'Y_GE15' } });
        expect(cellAt(cube, 'BE10', '', '2022')).toEqual({ value: 510.1, flags: '' });
      });

      it('selects another unit when the unit filter changes', async () => {
        const cube = await readCube(path, { filters: { unit: 'PC', sex: 'T', age: 'Y15-64' } });
        expect(cellAt(cube, 'BE10', '', '2023')).toEqual({ value: 70.2, flags: '' });
      });
    });
  });
});
