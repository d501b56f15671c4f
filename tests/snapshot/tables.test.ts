import { describe, expect, it } from 'vitest';
import { type TableSpec, toCsv } from '../../lib/snapshot/tables.ts';

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

  it('drops the binary noise of sums: 170.89999999999998 is written 170.9', () => {
    expect(csvOf(170.89999999999998, 0.1 + 0.2)).toBe('170.9,0.3');
  });

  it('keeps 15 significant digits of a ratio', () => {
    expect(csvOf(2 / 3, 1234.5678901234567)).toBe('0.666666666666667,1234.56789012346');
  });

  it('writes integers in full and very small or very large numbers in exponent form', () => {
    expect(csvOf(123456789012, -7, 1.5e-7, 2.5e21 + 0.5)).toBe('123456789012,-7,1.5e-7,2.5e+21');
  });

  it('writes every fractional number as the shortest form of its value rounded to 15 significant digits', () => {
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
    expect(written).toEqual(
      values.map((v) => (Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(15))))),
    );
  });
});
