import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cube } from '../../../lib/eurostat/parse/cube.ts';
import { cellAt, FIXTURES, inputErrorFrom, makeTempDir, readCube, type TempDir } from './support.ts';

// SYNTHETIC fixtures (tests/fixtures/sources/README.md): Eurostat's SDMX-CSV layout, invented values.
const PLAIN = join(FIXTURES, 'synthetic_lfsa_egan22d_sdmx.csv');
const WITH_CONF = join(FIXTURES, 'synthetic_lfsa_egan22d_conf_sdmx.csv');
const SDMX = { format: 'sdmx-csv' as const };
const TOTAL = {
  activityDimension: 'nace_r2',
  filters: { freq: 'A', unit: 'THS_PER', sex: 'T', age: 'Y_GE15' },
};
const HEADER = 'DATAFLOW,LAST UPDATE,freq,unit,sex,age,nace_r2,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG';
const ROW = 'ESTAT:LFSA_EGAN22D(1.0),10/10/24 23:00:00,A,THS_PER,T,Y_GE15,C20,BE';

let tmp: TempDir;
beforeAll(async () => {
  tmp = await makeTempDir();
});
afterAll(() => tmp.remove());

describe('readSdmxCsv', () => {
  describe('Eurostat layout with OBS_FLAG', () => {
    let cube: Cube;
    beforeAll(async () => {
      cube = await readCube(PLAIN, TOTAL, SDMX);
    });

    it('reads OBS_VALUE for the geo, activity and TIME_PERIOD of its row', () => {
      expect(cellAt(cube, 'BE', 'C20', '2022')).toEqual({ value: 31.5, flags: '' });
    });

    it('keeps OBS_FLAG as the cell flags', () => {
      expect(cellAt(cube, 'BE', 'C20', '2023')).toEqual({ value: 32.1, flags: 'b' });
    });

    it('reads an aggregate geo such as EU27_2020', () => {
      expect(cellAt(cube, 'EU27_2020', 'C20', '2023')).toEqual({ value: 1162.7, flags: 'p' });
    });

    it('reads an empty OBS_VALUE as missing', () => {
      expect(cellAt(cube, 'BE', 'C21', '2022')).toEqual({ value: null, flags: '' });
    });

    it('keeps only the rows matching the filters', () => {
      // 10 rows, 2 of them for sex F.
      expect(cube.kept).toBe(8);
    });

    it('takes the source version from LAST UPDATE, in ISO form', () => {
      // 10/10/24 23:00:00 is Eurostat's dd/mm/yy: 10 October 2024
      expect(cube.sourceVersion).toBe('2024-10-10T23:00:00');
    });

    it('takes the latest LAST UPDATE by date, not by text order', async () => {
      const path = await tmp.write(
        'two-updates.csv',
        `${HEADER}\n` +
          'ESTAT:LFSA_EGAN22D(1.0),09/11/24 23:00:00,A,THS_PER,T,Y_GE15,C20,BE,2022,1.0,\n' +
          'ESTAT:LFSA_EGAN22D(1.0),10/10/24 23:00:00,A,THS_PER,T,Y_GE15,C20,BE,2023,1.0,\n',
      );
      // 9 November 2024 is later than 10 October 2024, although "10/10" sorts after "09/11" as text
      expect((await readCube(path, TOTAL, SDMX)).sourceVersion).toBe('2024-11-09T23:00:00');
    });

    it('treats DATAFLOW and LAST UPDATE as columns, not dimensions', async () => {
      // If they were dimensions they would be left unfiltered; with a single value each they would still
      // pass, so filter on one of them and expect the dimension check to refuse it.
      const err = await inputErrorFrom(readCube(PLAIN, { ...TOTAL, filters: { DATAFLOW: 'x' } }, SDMX));
      expect(err.reason).toContain('dimension "DATAFLOW" (filter) is not in the file');
    });
  });

  describe('selecting by filter', () => {
    it('selects the other sex when the filter asks for it', async () => {
      const cube = await readCube(PLAIN, { ...TOTAL, filters: { ...TOTAL.filters, sex: 'F' } }, SDMX);
      expect(cellAt(cube, 'BE', 'C20', '2023')).toEqual({ value: 10.1, flags: '' });
      expect(cube.kept).toBe(2);
    });

    it('rejects the file when the sex dimension is left unfiltered', async () => {
      const err = await inputErrorFrom(
        readCube(PLAIN, { activityDimension: 'nace_r2', filters: { unit: 'THS_PER' } }, SDMX),
      );
      expect(err.message).toContain('Add a filter for sex');
    });
  });

  describe('Eurostat layout with CONF_STATUS', () => {
    let cube: Cube;
    beforeAll(async () => {
      cube = await readCube(WITH_CONF, TOTAL, SDMX);
    });

    it('reads a confidential cell without value as missing with flag c', () => {
      expect(cellAt(cube, 'LU', 'C20', '2023')).toEqual({ value: null, flags: 'c' });
    });

    it('reads a confidential cell that carries a value as missing with flag c', () => {
      expect(cellAt(cube, 'LU', 'C21', '2023')).toEqual({ value: null, flags: 'c' });
    });

    it('keeps a value whose CONF_STATUS is F (free)', () => {
      expect(cellAt(cube, 'LU', 'C21', '2022')).toEqual({ value: 0.4, flags: '' });
    });

    it('keeps OBS_FLAG next to a free CONF_STATUS', () => {
      expect(cellAt(cube, 'LU', 'C20', '2022')).toEqual({ value: 1.2, flags: 'u' });
    });

    it('does not count periods with only confidential cells as having data', () => {
      expect([...cube.periodsWithData]).toEqual(['2022']);
    });
  });

  describe('invalid files', () => {
    it('rejects a file without an OBS_VALUE column', async () => {
      const path = await tmp.write(
        'no-value.csv',
        'DATAFLOW,LAST UPDATE,freq,unit,sex,age,nace_r2,geo,TIME_PERIOD,OBS_FLAG\n' +
          'ESTAT:LFSA_EGAN22D(1.0),10/10/24 23:00:00,A,THS_PER,T,Y_GE15,C20,BE,2022,\n',
      );
      const err = await inputErrorFrom(
        readCube(path, TOTAL, { ...SDMX, shownPath: 'eurostat/no-value.csv' }),
      );
      expect(err.reason).toBe('missing column "OBS_VALUE"');
      expect(err.location).toEqual({ file: 'eurostat/no-value.csv', line: 1, field: 'OBS_VALUE' });
    });

    it('rejects a file without a TIME_PERIOD column', async () => {
      const path = await tmp.write(
        'no-time.csv',
        'DATAFLOW,LAST UPDATE,freq,unit,sex,age,nace_r2,geo,OBS_VALUE,OBS_FLAG\n' +
          'ESTAT:LFSA_EGAN22D(1.0),10/10/24 23:00:00,A,THS_PER,T,Y_GE15,C20,BE,1.0,\n',
      );
      const err = await inputErrorFrom(readCube(path, TOTAL, SDMX));
      expect(err.reason).toBe('missing column "TIME_PERIOD"');
    });

    it('rejects an empty file', async () => {
      const path = await tmp.write('empty.csv', '');
      const err = await inputErrorFrom(readCube(path, TOTAL, SDMX));
      expect(err.reason).toBe('the file is empty');
    });

    it('rejects a negative OBS_VALUE, naming its line and column', async () => {
      const path = await tmp.write('negative.csv', `${HEADER}\n${ROW},2022,1.0,\n${ROW},2023,-2.0,\n`);
      const err = await inputErrorFrom(readCube(path, TOTAL, { ...SDMX, shownPath: 'negative.csv' }));
      expect(err.reason).toBe('negative employment -2.0');
      expect(err.location).toEqual({ file: 'negative.csv', line: 3, field: 'OBS_VALUE' });
    });

    it('rejects a row with a different number of columns than the header', async () => {
      const path = await tmp.write('ragged.csv', `${HEADER}\n${ROW},2022,1.0\n`);
      const err = await inputErrorFrom(readCube(path, TOTAL, SDMX));
      expect(err.reason).toMatch(/^not valid SDMX-CSV: /);
    });
  });
});
