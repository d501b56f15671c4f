import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { ROW_GROUP_ROWS } from '../../lib/snapshot/parquet.ts';
import { tableColumns, tableFiles, toCsv } from '../../lib/snapshot/tableFiles.ts';
import type { TableSpec } from '../../lib/snapshot/tableSpec.ts';
import { zstdCompressor } from '../../lib/snapshot/zstd.ts';

type Row = { cells: Array<string | number | boolean | null> };
const spec = (columns: number): TableSpec<Row> => ({
  name: 't',
  path: 'data/t.csv',
  description: 'a table for the test',
  primaryKey: [],
  fields: Array.from({ length: columns }, (_, i) => ({ name: `c${i}`, type: 'string', description: '' })),
  toRow: (r) => r.cells,
});
/** The one record's text, without the header and the final line feed. */
const csvOf = (...cells: Row['cells']) => {
  const text = toCsv(spec(cells.length), [{ cells }]).toString('utf8');
  return text.slice(text.indexOf('\n') + 1, -1);
};

describe('toCsv', () => {
  it('writes the header and ends every record, the header included, with a line feed', () => {
    expect(toCsv(spec(2), [{ cells: ['a', 1] }]).toString('utf8')).toBe('c0,c1\na,1\n');
  });

  it('writes a missing value as an empty cell and booleans as true/false', () => {
    expect(csvOf(null, true, false)).toBe(',true,false');
  });

  it('quotes text holding a comma, a double quote or a line feed, doubling its quotes', () => {
    expect(csvOf('a,b', 'say "hi"', 'two\nlines', 'plain')).toBe('"a,b","say ""hi""","two\nlines",plain');
  });

  it('writes each number as its shortest round-trip text, so that it reads back as the same double', () => {
    expect(csvOf(170.9, 2 / 3, 0.1 + 0.2)).toBe('170.9,0.6666666666666666,0.30000000000000004');
    let seed = 7;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const scales = [1e-9, 1e-6, 1e-3, 1, 1e3, 1e9, 1e14, 1e16, 1e22];
    const values = Array.from(
      { length: 5000 },
      (_, i) => (random() - 0.3) * (scales[i % scales.length] as number),
    );
    const written = toCsv(
      spec(1),
      values.map((v) => ({ cells: [v] })),
    )
      .toString('utf8')
      .split('\n')
      .slice(1, -1);
    expect(written.map(Number)).toEqual(values);
  });

  it('writes integers in full and very small or very large numbers in exponent form', () => {
    expect(csvOf(123456789012, -7, 1.5e-7, 2.5e21)).toBe('123456789012,-7,1.5e-7,2.5e+21');
  });
  it('writes the same bytes when the rows after the first ones are longer, or shorter, than those', () => {
    const short = (i: number) => ({ cells: [`r${i}`, 'x'] });
    const long = (i: number) => ({ cells: [`r${i}`, 'y'.repeat(40)] });
    const expected = (rows: Row[]) => `c0,c1\n${rows.map((r) => `${r.cells.join(',')}\n`).join('')}`;
    const growing = [
      ...Array.from({ length: 20_000 }, (_, i) => short(i)),
      ...Array.from({ length: 20_000 }, (_, i) => long(i)),
    ];
    const shrinking = [...growing].reverse();
    expect(toCsv(spec(2), growing).toString('utf8')).toBe(expected(growing));
    const shrunk = toCsv(spec(2), shrinking);
    expect(shrunk.toString('utf8')).toBe(expected(shrinking));
    // Sized from its long first rows, the buffer is cut to its bytes rather than kept three times too large.
    expect(shrunk.buffer.byteLength).toBeLessThan(shrunk.length * 1.25);
  });

  it('writes text beyond ASCII as UTF-8 in a table of many pieces', () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => ({
      cells: [i < 29_000 ? `r${i}` : `Région ${i} – Ελλάδα`, i],
    }));
    const text = toCsv(spec(2), rows).toString('utf8');
    expect(text.split('\n').at(-2)).toBe('Région 29999 – Ελλάδα,29999');
    expect(text).toBe(`c0,c1\n${rows.map((r) => `${r.cells.join(',')}\n`).join('')}`);
  });
});

describe('tableFiles', () => {
  it('turns each row into cells once, for both files', async () => {
    const { compress } = await zstdCompressor();
    let calls = 0;
    const counting: TableSpec<Row> = {
      ...spec(2),
      toRow: (r) => {
        calls++;
        return r.cells;
      },
    };
    const rows = [{ cells: ['a', 'x'] }, { cells: ['b', 'y,z'] }, { cells: ['c', null] }];
    const files = tableFiles(counting, rows, compress);
    expect(calls).toBe(rows.length);
    expect(files.csv.toString('utf8')).toBe('c0,c1\na,x\nb,"y,z"\nc,\n');
    expect(files.parquet.subarray(0, 4).toString('latin1')).toBe('PAR1');
  });

  it('writes a table longer than a row group a group at a time, to the bytes of one write of the whole table', async () => {
    const { compress } = await zstdCompressor();
    const count = 2 * ROW_GROUP_ROWS + 1;
    const rows = Array.from({ length: count }, (_, i) => ({ cells: [`r${i}`, i % 7 === 0 ? null : i / 8] }));
    const typed: TableSpec<Row> = {
      ...spec(2),
      fields: [
        { name: 'id', type: 'string', description: '' },
        { name: 'x', type: 'number', description: '' },
      ],
    };
    const files = tableFiles(typed, rows, compress);
    const lines = files.csv.toString('utf8').split('\n');
    expect(lines).toHaveLength(count + 2);
    expect([lines[1], lines[ROW_GROUP_ROWS + 1], lines.at(-2)]).toEqual([
      'r0,',
      `r${ROW_GROUP_ROWS},${ROW_GROUP_ROWS / 8}`,
      `r${2 * ROW_GROUP_ROWS},${(2 * ROW_GROUP_ROWS) / 8}`,
    ]);
    const whole = parquetWriteBuffer({
      columnData: [
        { name: 'id', data: rows.map((r) => r.cells[0] as string), type: 'STRING', nullable: true },
        { name: 'x', data: rows.map((r) => r.cells[1] as number | null), type: 'DOUBLE', nullable: true },
      ],
      codec: 'ZSTD',
      compressors: { ZSTD: compress },
      rowGroupSize: ROW_GROUP_ROWS,
      createdBy: 'eucluster (hyparquet-writer)',
    });
    expect(files.parquet.equals(Buffer.from(whole))).toBe(true);
  });
});

describe('tableColumns', () => {
  it('gives a column per field, an empty text as null unless the field keeps empty strings', () => {
    const keeps: TableSpec<Row> = {
      ...spec(2),
      fields: [
        { name: 'a', type: 'string', description: '' },
        { name: 'b', type: 'string', description: '', missingValues: [] },
      ],
    };
    expect(tableColumns(keeps, [{ cells: ['', ''] }, { cells: ['x', null] }])).toEqual([
      [null, 'x'],
      ['', null],
    ]);
  });
});
