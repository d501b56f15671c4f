import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CubeBuilder } from '../../../lib/eurostat/parse/cube.ts';
import {
  CURRENT_TSV,
  cellAt,
  inputErrorFrom,
  LEGACY_SELECTION,
  LEGACY_TSV,
  makeTempDir,
  NACE,
  readCube,
  realLines,
  type TempDir,
} from './support.ts';

const LEGACY = 'eurostat/lfst_r_lfe2en2.tsv';
let tmp: TempDir;
beforeAll(async () => {
  tmp = await makeTempDir();
});
afterAll(() => tmp.remove());

describe('CubeBuilder', () => {
  describe('dimensions named in the configuration', () => {
    it('rejects a filter on a dimension the file does not have', async () => {
      const err = await inputErrorFrom(
        readCube(
          LEGACY_TSV,
          { ...LEGACY_SELECTION, filters: { unit: 'THS', age: 'Y_GE15', sex: 'T' } },
          {
            shownPath: LEGACY,
          },
        ),
      );
      expect(err.reason).toBe(
        'dimension "sex" (filter) is not in the file; its dimensions are unit, nace_r2, age, geo',
      );
    });

    it('names the missing dimension as the field, on the header line', async () => {
      const err = await inputErrorFrom(
        readCube(LEGACY_TSV, { ...LEGACY_SELECTION, filters: { sex: 'T' } }, { shownPath: LEGACY }),
      );
      expect(err.location).toEqual({ file: LEGACY, line: 1, field: 'sex' });
    });

    it('rejects an activity dimension the file does not have', async () => {
      const err = await inputErrorFrom(readCube(CURRENT_TSV, { activityDimension: 'nace_r2' }));
      expect(err.reason).toContain('dimension "nace_r2" (activity) is not in the file');
    });

    it('rejects a geography dimension the file does not have', async () => {
      const err = await inputErrorFrom(readCube(CURRENT_TSV, { geoDimension: 'GEO' }));
      expect(err.location.field).toBe('GEO');
    });

    it('rejects ignoreCodes on a dimension the file does not have', async () => {
      const err = await inputErrorFrom(readCube(CURRENT_TSV, { ignoreCodes: { nace_r2: ['NRP'] } }));
      expect(err.reason).toContain('dimension "nace_r2" (ignoreCodes) is not in the file');
    });
  });

  describe('geography codes', () => {
    // The real legacy header and the real BE1 TOTAL row, with the geo code replaced.
    const lines = realLines(LEGACY_TSV);
    const header = lines[0] ?? '';
    const be1Total = lines.find((l) => l.startsWith('THS,TOTAL,Y_GE15,BE1\t')) ?? '';

    it('rejects a geo code that is neither NUTS nor an aggregate', async () => {
      const path = await tmp.write('bad-geo.tsv', `${header}\n${be1Total.replace(',BE1\t', ',B$1\t')}\n`);
      const err = await inputErrorFrom(
        readCube(path, LEGACY_SELECTION, { shownPath: 'eurostat/bad-geo.tsv' }),
      );
      expect(err.reason).toBe('unknown geo code "B$1"');
    });

    it('names the geo field and the line of an unknown geo code', async () => {
      const path = await tmp.write('bad-geo-2.tsv', `${header}\n${be1Total.replace(',BE1\t', ',B$1\t')}\n`);
      const err = await inputErrorFrom(
        readCube(path, LEGACY_SELECTION, { shownPath: 'eurostat/bad-geo.tsv' }),
      );
      expect(err.location).toEqual({ file: 'eurostat/bad-geo.tsv', line: 2, field: 'geo' });
    });

    it('accepts NUTS codes of every level and EU aggregates', async () => {
      const cube = await readCube(LEGACY_TSV, LEGACY_SELECTION);
      for (const geo of ['BE', 'BE1', 'BE10', 'EU15', 'EU27', 'EU28']) expect(cube.cells.has(geo)).toBe(true);
    });
  });

  describe('NACE codes', () => {
    // Synthetic current-layout rows with an activity dimension; values invented.
    const header = 'freq,unit,sex,age,nace_r2,geo\\TIME_PERIOD\t2022 \t2023 ';

    it('accepts NACE divisions', async () => {
      const path = await tmp.write('divisions.tsv', `${header}\nA,THS_PER,T,Y_GE15,C20,BE\t31.5 \t32.1 b\n`);
      const cube = await readCube(path, { activityDimension: 'nace_r2' });
      expect(cellAt(cube, 'BE', 'C20', '2023')).toEqual({ value: 32.1, flags: 'b' });
    });

    it('rejects a division that does not exist', async () => {
      const path = await tmp.write('c99.tsv', `${header}\nA,THS_PER,T,Y_GE15,C99,BE\t1.0 \t2.0 \n`);
      const err = await inputErrorFrom(
        readCube(path, { activityDimension: 'nace_r2' }, { shownPath: 'c99.tsv' }),
      );
      expect(err.reason).toBe('unknown NACE Rev. 2 code "C99"');
      expect(err.location).toEqual({ file: 'c99.tsv', line: 2, field: 'nace_r2' });
    });

    it('rejects a section group whose letters are out of order', async () => {
      const path = await tmp.write('e-b.tsv', `${header}\nA,THS_PER,T,Y_GE15,E-B,BE\t1.0 \t2.0 \n`);
      await expect(readCube(path, { activityDimension: 'nace_r2' })).rejects.toThrow(
        'unknown NACE Rev. 2 code "E-B"',
      );
    });

    it('does not check activity codes when no activity dimension is configured', async () => {
      const path = await tmp.write('c99-total.tsv', `${header}\nA,THS_PER,T,Y_GE15,C99,BE\t1.0 \t2.0 \n`);
      const cube = await readCube(path, {});
      expect(cellAt(cube, 'BE', '', '2022')).toEqual({ value: 1.0, flags: '' });
    });
  });

  describe('dimensions left unfiltered', () => {
    it('rejects a file whose unfiltered age dimension has several values', async () => {
      const err = await inputErrorFrom(
        readCube(LEGACY_TSV, { ...LEGACY_SELECTION, filters: { unit: 'THS' } }, { shownPath: LEGACY }),
      );
      expect(err.message).toContain('Add a filter for age');
    });

    it('names the series, the line and the values seen of the unfiltered dimension', async () => {
      const err = await inputErrorFrom(
        readCube(LEGACY_TSV, { ...LEGACY_SELECTION, filters: { unit: 'THS' } }, { shownPath: LEGACY }),
      );
      // Line 2 is `THS,A,Y15-24,BE`, line 20 is `THS,A,Y15-64,BE`: the first repeat of BE A.
      expect(err.reason).toBe('more than one value for BE A 2015 after filtering');
      expect(err.location).toEqual({ file: LEGACY, line: 20 });
      expect(err.hint).toBe('Add a filter for age (Y15-24, Y15-64) to the configuration');
    });

    it('accepts an unfiltered dimension that has a single value', async () => {
      const cube = await readCube(CURRENT_TSV, {});
      expect(cellAt(cube, 'BE10', '', '2023')).toEqual({ value: 518.9, flags: '' });
    });

    it('reports a repeated series key when every dimension is filtered', async () => {
      const [header, first] = realLines(CURRENT_TSV);
      const path = await tmp.write('repeat.tsv', `${header}\n${first}\n${first}\n`);
      const err = await inputErrorFrom(readCube(path));
      expect(err.hint).toBe('The file repeats a series key');
    });
  });

  describe('used directly as an observation sink', () => {
    it('counts only the observations it keeps', () => {
      const builder = new CubeBuilder({ geoDimension: 'geo', filters: { sex: 'T' }, ignoreCodes: {} }, NACE);
      builder.begin(['sex', 'geo'], 'direct');
      for (const key of [
        ['T', 'BE'],
        ['F', 'BE'],
      ]) {
        if (builder.accepts(key)) builder.add(key, '2023', { value: 1, flags: '' }, 2);
      }
      expect(builder.build().kept).toBe(1);
    });

    it('keeps the source version it is given', () => {
      const builder = new CubeBuilder({ geoDimension: 'geo', filters: {}, ignoreCodes: {} }, NACE);
      builder.begin(['geo'], 'direct');
      builder.sourceVersion('2024-10-10T23:00:00+0200');
      expect(builder.build().sourceVersion).toBe('2024-10-10T23:00:00+0200');
    });

    it('names the configured period as the only one it uses', () => {
      const builder = new CubeBuilder(
        { geoDimension: 'geo', filters: {}, ignoreCodes: {}, period: '2023' },
        NACE,
      );
      expect([...(builder.wantedPeriods() ?? [])]).toEqual(['2023']);
    });

    it('uses every period when none is configured', () => {
      const builder = new CubeBuilder({ geoDimension: 'geo', filters: {}, ignoreCodes: {} }, NACE);
      expect(builder.wantedPeriods()).toBeUndefined();
    });

    it('counts the observations of a period it does not use, and lists it only if one holds a value', () => {
      const builder = new CubeBuilder(
        { geoDimension: 'geo', filters: {}, ignoreCodes: {}, period: '2023' },
        NACE,
      );
      builder.begin(['geo'], 'direct');
      builder.present('2021', 4, false);
      builder.present('2022', 4, true);
      const cube = builder.build();
      expect(cube.kept).toBe(8);
      expect([...cube.periodsWithData]).toEqual(['2022']);
      expect(cube.cells.size).toBe(0);
    });
  });
});
