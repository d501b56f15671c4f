import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellAt, inputErrorFrom, makeTempDir, periodsOf, readCube, type TempDir } from './support.ts';

// SYNTHETIC lines in the current layout, invented for these tests.
const HEADER = 'freq,unit,sex,age,geo\\TIME_PERIOD\t2020 \t2021 \t2022 \t2023 ';
const WANTED = { unit: 'THS_PER', sex: 'T', age: 'Y15-64' };
const TEXT = `${[HEADER, 'A,THS_PER,T,Y15-64,BE10\tbad \t5.0 \t6.0 b\t: c', 'A,PC,T,Y15-64,BE10\t1 \t2 \t3 \t4 '].join('\n')}\n`;

let tmp: TempDir;
let path: string;
beforeAll(async () => {
  tmp = await makeTempDir();
  path = await tmp.write('years.tsv', TEXT);
});
afterAll(() => tmp.remove());

describe('a configured range of years', () => {
  const selection = { filters: WANTED, periods: new Set(['2021', '2022', '2023']) };

  it('keeps the cells of every year of the range', async () => {
    const cube = await readCube(path, selection);
    expect(periodsOf(cube, 'BE10')).toEqual(['2021', '2022', '2023']);
    expect(cellAt(cube, 'BE10', '', '2022')).toEqual({ value: 6, flags: 'b' });
    expect(cellAt(cube, 'BE10', '', '2023')).toEqual({ value: null, flags: 'c' });
  });

  it('does not parse the years outside it, only notes whether they hold a value', async () => {
    const cube = await readCube(path, selection);
    expect(cellAt(cube, 'BE10', '', '2020')).toBeUndefined();
    expect([...cube.periodsWithData].sort()).toEqual(['2020', '2021', '2022']);
  });

  it('rejects a bad cell inside the range, naming its period', async () => {
    const err = await inputErrorFrom(readCube(path, { filters: WANTED, periods: new Set(['2020', '2021']) }));
    expect(err.location).toMatchObject({ line: 2, field: '2020' });
  });
});
