import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cube, CubeBuilder, type Selection } from '../../../lib/eurostat/parse/cube.ts';
import { splitLines } from '../../../lib/eurostat/parse/observations.ts';
import { readEurostatTsv } from '../../../lib/eurostat/parse/tsv.ts';
import { cellAt, inputErrorFrom, makeTempDir, NACE, periodsOf, readCube, type TempDir } from './support.ts';

// SYNTHETIC lines in the current layout, invented for these tests.
const HEADER = 'freq,unit,sex,age,geo\\TIME_PERIOD\t2021 \t2022 \t2023 ';
const WANTED = { unit: 'THS_PER', sex: 'T', age: 'Y15-64' };
/** A line the filters cannot want (its unit is PC): well formed. */
const OTHER = 'A,PC,T,Y15-64,BE10\t70.0 \t70.1 \t70.2 ';
/** More lines than fit in one 1 MiB read, so that skipped lines span several chunks. */
const MANY = 40_000;

let tmp: TempDir;
beforeAll(async () => {
  tmp = await makeTempDir();
});
afterAll(() => tmp.remove());

/** The header, `MANY` lines the filters skip, then `tail`; the tail's first line is line MANY + 2. */
function manySkippedThen(...tail: string[]): string {
  return `${[HEADER, ...Array<string>(MANY).fill(OTHER), ...tail].join('\n')}\n`;
}

/** Reads text handed over as string chunks of `size` characters (the parser's text path). */
async function readTextChunks(text: string, size: number, selection: Partial<Selection> = {}): Promise<Cube> {
  async function* chunks() {
    for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
  }
  const builder = new CubeBuilder({ geoDimension: 'geo', filters: {}, ignoreCodes: {}, ...selection }, NACE);
  await readEurostatTsv(splitLines(chunks()), 'eurostat/text.tsv', builder);
  return builder.build();
}

/** Reads text handed over one line at a time (an iterable of lines that is not a LineStream). */
async function readLineByLine(text: string, selection: Partial<Selection> = {}): Promise<Cube> {
  async function* lines() {
    yield* text.replace(/\n$/, '').split('\n');
  }
  const builder = new CubeBuilder({ geoDimension: 'geo', filters: {}, ignoreCodes: {}, ...selection }, NACE);
  await readEurostatTsv(lines(), 'eurostat/lines.tsv', builder);
  return builder.build();
}

describe('readEurostatTsv', () => {
  describe('lines the filters cannot want', () => {
    const badCellLine = 'A,THS_PER,T,Y15-64,BE10\t500.0 \tn/a \t500.2 ';

    it('names the exact line of a bad cell in a wanted line after tens of thousands of skipped lines', async () => {
      const path = await tmp.write('many.tsv', manySkippedThen(badCellLine));
      const err = await inputErrorFrom(
        readCube(path, { filters: WANTED }, { shownPath: 'eurostat/many.tsv' }),
      );
      expect(err.location).toEqual({ file: 'eurostat/many.tsv', line: MANY + 2, field: '2022' });
    });

    it('names the same line when the file is gzipped', async () => {
      const path = await tmp.write('many.tsv.gz', gzipSync(manySkippedThen(badCellLine)));
      const err = await inputErrorFrom(readCube(path, { filters: WANTED }));
      expect(err.location.line).toBe(MANY + 2);
    });

    it('names the same line when the lines have CRLF breaks', async () => {
      const path = await tmp.write('many-crlf.tsv', manySkippedThen(badCellLine).replaceAll('\n', '\r\n'));
      const err = await inputErrorFrom(readCube(path, { filters: WANTED }));
      expect(err.location.line).toBe(MANY + 2);
    });

    it('names the same line when the text comes in string chunks', async () => {
      const err = await inputErrorFrom(
        readTextChunks(manySkippedThen(badCellLine), 4099, { filters: WANTED }),
      );
      expect(err.location.line).toBe(MANY + 2);
    });

    it('names the same line when the lines come one by one', async () => {
      const err = await inputErrorFrom(readLineByLine(manySkippedThen(badCellLine), { filters: WANTED }));
      expect(err.location.line).toBe(MANY + 2);
    });

    it('passes the exact line number of a wanted line to the sink', async () => {
      const series = 'A,THS_PER,T,Y15-64,BE10\t1.0 \t1.0 \t1.0 ';
      const path = await tmp.write('repeated.tsv', manySkippedThen(series, OTHER, series));
      const err = await inputErrorFrom(readCube(path, { filters: WANTED }));
      expect(err.reason).toBe('more than one value for BE10 2021 after filtering');
      expect(err.location.line).toBe(MANY + 4);
    });

    it('tolerates a skipped line with the wrong number of fields', async () => {
      const path = await tmp.write('short-skipped.tsv', manySkippedThen('A,PC,T,Y15-64,BE10\t70.0 ', OTHER));
      const cube = await readCube(path, { filters: WANTED });
      expect(cube.kept).toBe(0);
    });

    it('tolerates a skipped line whose key has too few parts', async () => {
      const path = await tmp.write('key-skipped.tsv', manySkippedThen('A,PC,BE10\t1 \t2 \t3 '));
      const cube = await readCube(path, { filters: WANTED });
      expect(cube.kept).toBe(0);
    });

    it('counts a malformed skipped line, so a later error names the right line', async () => {
      const path = await tmp.write('bad-then-bad.tsv', manySkippedThen('A,PC\tbroken', OTHER, badCellLine));
      const err = await inputErrorFrom(readCube(path, { filters: WANTED }));
      expect(err.location.line).toBe(MANY + 4);
    });

    it('still rejects a line with the wrong number of fields when it holds the filter values', async () => {
      const path = await tmp.write('short-wanted.tsv', manySkippedThen('A,THS_PER,T,Y15-64,BE10\t1.0 '));
      const err = await inputErrorFrom(readCube(path, { filters: WANTED }));
      expect(err.reason).toBe('expected 4 tab-separated fields (key and 3 periods), found 2');
      expect(err.location.line).toBe(MANY + 2);
    });

    it('keeps the wanted lines found among the skipped ones', async () => {
      const path = await tmp.write(
        'mixed.tsv',
        manySkippedThen(
          'A,THS_PER,T,Y15-64,BE10\t1.0 \t2.0 \t3.0 ',
          OTHER,
          'A,THS_PER,T,Y15-64,BE21\t4.0 \t5.0 \t6.0 ',
        ),
      );
      const cube = await readCube(path, { filters: WANTED });
      expect(cellAt(cube, 'BE10', '', '2023')?.value).toBe(3);
      expect(cellAt(cube, 'BE21', '', '2021')?.value).toBe(4);
    });

    it('skips by a filter on the first dimension as well, with exact line numbers', async () => {
      const text = [
        HEADER,
        ...Array<string>(MANY).fill('Q,THS_PER,T,Y15-64\tmalformed'),
        'A,THS_PER,T,Y15-64,BE10\t1.0 \tbad \t3.0 ',
      ].join('\n');
      const path = await tmp.write('first-dim.tsv', `${text}\n`);
      const err = await inputErrorFrom(readCube(path, { filters: { freq: 'A', unit: 'THS_PER' } }));
      expect(err.location).toEqual({ file: path, line: MANY + 2, field: '2022' });
    });

    it('always validates the header line', async () => {
      const path = await tmp.write('bad-header.tsv', `freq,unit,sex,age,geo\t2022\n${OTHER}\n`);
      const err = await inputErrorFrom(readCube(path, { filters: WANTED }));
      expect(err.location.line).toBe(1);
    });
  });

  describe('a configured period', () => {
    const lines = [
      HEADER,
      'A,THS_PER,T,Y15-64,BE10\t: c\t5.0 \t7.5 b',
      'A,THS_PER,T,Y15-64,BE21\t3.0 c\t: \t8.5 ',
      OTHER,
    ];
    const text = `${lines.join('\n')}\n`;
    const selection = { filters: WANTED, period: '2023' };
    let path: string;
    beforeAll(async () => {
      path = await tmp.write('period.tsv', text);
    });

    it('keeps only the cells of the configured period', async () => {
      const cube = await readCube(path, selection);
      expect(periodsOf(cube, 'BE10')).toEqual(['2023']);
      expect(cellAt(cube, 'BE10', '', '2023')).toEqual({ value: 7.5, flags: 'b' });
    });

    it('lists the other periods that hold a value in periodsWithData', async () => {
      const cube = await readCube(path, selection);
      expect([...cube.periodsWithData].sort()).toEqual(['2022', '2023']);
    });

    it('leaves out of periodsWithData a period whose cells are all missing or confidential', async () => {
      const cube = await readCube(path, selection);
      expect(cube.periodsWithData.has('2021')).toBe(false);
    });

    it('still counts the cells of every period as kept', async () => {
      const cube = await readCube(path, selection);
      expect(cube.kept).toBe(6);
    });

    it('checks the cells of other periods only for whether they hold a value', async () => {
      const other = await tmp.write(
        'period-bad-other.tsv',
        `${HEADER}\nA,THS_PER,T,Y15-64,BE10\tn/a \t-1 \t7.5 \n`,
      );
      const cube = await readCube(other, selection);
      expect(cellAt(cube, 'BE10', '', '2023')?.value).toBe(7.5);
      expect([...cube.periodsWithData].sort()).toEqual(['2021', '2022', '2023']);
    });

    it('still rejects a malformed cell of the configured period, naming its line and period', async () => {
      const bad = await tmp.write(
        'period-bad.tsv',
        `${HEADER}\n${OTHER}\nA,THS_PER,T,Y15-64,BE10\t1.0 \t2.0 \tn/a \n`,
      );
      const err = await inputErrorFrom(readCube(bad, selection, { shownPath: 'eurostat/period-bad.tsv' }));
      expect(err.location).toEqual({ file: 'eurostat/period-bad.tsv', line: 3, field: '2023' });
    });

    it('validates every period when no period is configured', async () => {
      const other = await tmp.write(
        'no-period-bad.tsv',
        `${HEADER}\nA,THS_PER,T,Y15-64,BE10\tn/a \t2.0 \t7.5 \n`,
      );
      const err = await inputErrorFrom(readCube(other, { filters: WANTED }));
      expect(err.location.field).toBe('2021');
    });

    it('reads string chunks the same way', async () => {
      const cube = await readTextChunks(text, 7, selection);
      expect(periodsOf(cube, 'BE21')).toEqual(['2023']);
      expect([...cube.periodsWithData].sort()).toEqual(['2022', '2023']);
      expect(cube.kept).toBe(6);
    });

    it('reads lines handed over one by one the same way', async () => {
      const cube = await readLineByLine(text, selection);
      expect(periodsOf(cube, 'BE21')).toEqual(['2023']);
      expect([...cube.periodsWithData].sort()).toEqual(['2022', '2023']);
      expect(cube.kept).toBe(6);
    });

    it('keeps no cell when the configured period is not in the file, yet counts the others', async () => {
      const cube = await readCube(path, { ...selection, period: '2030' });
      expect(periodsOf(cube, 'BE10')).toEqual([]);
      expect([...cube.periodsWithData].sort()).toEqual(['2022', '2023']);
      expect(cube.kept).toBe(6);
    });
  });
});
