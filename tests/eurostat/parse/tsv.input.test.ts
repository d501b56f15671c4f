import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitLines } from '../../../lib/eurostat/parse/observations.ts';
import {
  CURRENT_TSV,
  cellAt,
  inputErrorFrom,
  LEGACY_SELECTION,
  LEGACY_TSV,
  makeTempDir,
  readCube,
  realLines,
  type TempDir,
} from './support.ts';

let tmp: TempDir;
beforeAll(async () => {
  tmp = await makeTempDir();
});
afterAll(() => tmp.remove());

describe('readEurostatTsv', () => {
  describe('gzip input', () => {
    // A small real excerpt: the header and the rows of lfst_r_lfe2en2 for BE1 at Y_GE15.
    let excerpt: string;
    beforeAll(() => {
      const lines = realLines(LEGACY_TSV);
      excerpt = `${[lines[0], ...lines.filter((l) => /^THS,[^,]+,Y_GE15,BE1\t/.test(l))].join('\n')}\n`;
    });

    it('parses a gzipped copy exactly like the plain file', async () => {
      const plain = await tmp.write('excerpt-plain.tsv', excerpt);
      const gzipped = await tmp.write('excerpt-gzipped.tsv.gz', gzipSync(excerpt));
      const fromPlain = await readCube(plain, LEGACY_SELECTION, { shownPath: 'x.tsv' });
      const fromGzip = await readCube(gzipped, LEGACY_SELECTION, { shownPath: 'x.tsv' });
      expect(fromGzip).toEqual(fromPlain);
    });

    it('reads real values out of the gzipped copy', async () => {
      const gzipped = await tmp.write('excerpt-values.tsv.gz', gzipSync(excerpt));
      const cube = await readCube(gzipped, LEGACY_SELECTION);
      expect(cellAt(cube, 'BE1', 'TOTAL', '2015')).toEqual({ value: 434.6, flags: '' });
    });

    it('recognises gzip by its magic bytes when the name ends in .tsv', async () => {
      const disguised = await tmp.write('excerpt-no-gz-extension.tsv', gzipSync(excerpt));
      const cube = await readCube(disguised, LEGACY_SELECTION);
      expect(cellAt(cube, 'BE1', 'TOTAL', '2011')).toEqual({ value: 413.0, flags: 'b' });
    });

    it('reads a plain file named .gz as plain text', async () => {
      const misnamed = await tmp.write('excerpt-plain-named.tsv.gz', excerpt);
      const cube = await readCube(misnamed, LEGACY_SELECTION);
      expect(cellAt(cube, 'BE1', 'TOTAL', '2008')).toEqual({ value: 398.0, flags: '' });
    });

    it('reports a gzip cut in half as truncated or corrupt', async () => {
      const whole = gzipSync(realLines(LEGACY_TSV).join('\n'));
      const cut = await tmp.write('cut.tsv.gz', whole.subarray(0, Math.floor(whole.length / 2)));
      const err = await inputErrorFrom(readCube(cut, LEGACY_SELECTION, { shownPath: 'eurostat/cut.tsv.gz' }));
      expect(err.message).toContain('truncated or corrupt gzip');
    });

    it('names the truncated file in the error', async () => {
      const whole = gzipSync(realLines(LEGACY_TSV).join('\n'));
      const cut = await tmp.write('cut-named.tsv.gz', whole.subarray(0, Math.floor(whole.length / 2)));
      const err = await inputErrorFrom(readCube(cut, LEGACY_SELECTION, { shownPath: 'eurostat/cut.tsv.gz' }));
      expect(err.location.file).toBe('eurostat/cut.tsv.gz');
    });
  });

  describe('splitLines', () => {
    it('decodes a UTF-8 character cut between two chunks', async () => {
      const bytes = Buffer.from('a\tÉ\n', 'utf8');
      async function* chunks() {
        yield bytes.subarray(0, 3); // "a", tab and the first byte of É
        yield bytes.subarray(3);
      }
      const lines: string[] = [];
      for await (const line of splitLines(chunks())) lines.push(line);
      expect(lines).toEqual(['a\tÉ']);
    });
  });

  describe('line endings', () => {
    it('reads CRLF lines (as in the current-layout file) like LF lines', async () => {
      const lines = realLines(CURRENT_TSV).slice(0, 4);
      const crlf = await readCube(await tmp.write('crlf.tsv', `${lines.join('\r\n')}\r\n`));
      const lf = await readCube(await tmp.write('lf.tsv', `${lines.join('\n')}\n`));
      expect(crlf.cells).toEqual(lf.cells);
    });

    it('skips blank lines between series', async () => {
      const [header, first, second] = realLines(CURRENT_TSV);
      const path = await tmp.write('blank.tsv', `${header}\n${first}\n\n${second}\n`);
      const cube = await readCube(path);
      expect(cube.cells.size).toBe(2);
    });
  });

  describe('malformed lines', () => {
    // Built from the real current-layout file: its header and its first series rows.
    const [header = '', first = '', second = ''] = realLines(CURRENT_TSV);

    it('rejects a line with a missing period cell', async () => {
      const short = second.split('\t').slice(0, -1).join('\t');
      const path = await tmp.write('short.tsv', `${header}\n${first}\n${short}\n`);
      const err = await inputErrorFrom(readCube(path, {}, { shownPath: 'eurostat/short.tsv' }));
      expect(err.reason).toBe('expected 15 tab-separated fields (key and 14 periods), found 14');
    });

    it('names the file and line number of a line with the wrong number of fields', async () => {
      const long = `${second}\t1.0 `;
      const path = await tmp.write('long.tsv', `${header}\n${first}\n${long}\n`);
      const err = await inputErrorFrom(readCube(path, {}, { shownPath: 'eurostat/long.tsv' }));
      expect(err.message.startsWith('eurostat/long.tsv:3: ')).toBe(true);
    });

    it('rejects a series key with fewer parts than the header has dimensions', async () => {
      const cells = first.split('\t').slice(1).join('\t');
      const path = await tmp.write('key.tsv', `${header}\nA,THS_PER,T,AT\t${cells}\n`);
      const err = await inputErrorFrom(readCube(path, {}, { shownPath: 'eurostat/key.tsv' }));
      expect(err.reason).toBe('series key "A,THS_PER,T,AT" has 4 parts, the header names 5 dimensions');
      expect(err.location.line).toBe(2);
    });

    it('rejects a header without the \\TIME_PERIOD or \\time suffix', async () => {
      const path = await tmp.write(
        'csv-like.tsv',
        'freq,unit,sex,age,geo\t2022\t2023\nA,THS_PER,T,Y15-64,AT\t1 \t2 \n',
      );
      const err = await inputErrorFrom(readCube(path, {}, { shownPath: 'eurostat/csv-like.tsv' }));
      expect(err.reason).toBe('header "freq,unit,sex,age,geo" is not a Eurostat TSV header');
      expect(err.location).toEqual({ file: 'eurostat/csv-like.tsv', line: 1 });
    });

    it('rejects a comma-separated file', async () => {
      const path = await tmp.write('commas.tsv', 'geo,TIME_PERIOD,OBS_VALUE\nAT,2023,1.0\n');
      const err = await inputErrorFrom(readCube(path));
      expect(err.reason).toContain('is not a Eurostat TSV header');
    });

    it('rejects a header whose period label is not a period', async () => {
      const path = await tmp.write('bad-period.tsv', 'freq,unit,sex,age,geo\\TIME_PERIOD\t2022 \ttotal \n');
      const err = await inputErrorFrom(readCube(path));
      expect(err.reason).toBe('"total" is not a period label or is repeated');
    });

    it('rejects an empty file', async () => {
      const path = await tmp.write('empty.tsv', '');
      const err = await inputErrorFrom(readCube(path, {}, { shownPath: 'eurostat/empty.tsv' }));
      expect(err.reason).toBe('the file is empty');
      expect(err.location.file).toBe('eurostat/empty.tsv');
    });

    it('rejects a malformed cell, naming its line and period', async () => {
      const path = await tmp.write(
        'cell.tsv',
        'freq,unit,sex,age,geo\\TIME_PERIOD\t2022 \t2023 \nA,THS_PER,T,Y15-64,AT\t1.0 \tn/a \n',
      );
      const err = await inputErrorFrom(readCube(path, {}, { shownPath: 'eurostat/cell.tsv' }));
      expect(err.location).toEqual({ file: 'eurostat/cell.tsv', line: 2, field: '2023' });
    });
  });
});
