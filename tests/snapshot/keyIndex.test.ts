import { describe, expect, it } from 'vitest';
import { CsvLines } from '../../lib/csv/csvLines.ts';
import { KeyIndex } from '../../lib/snapshot/keyIndex.ts';

const table = (text: string) => CsvLines.parse(text, 'data/location_quotients.csv');
const KEY = ['region', 'year', 'level', 'activity'];

/** Each record of `b` and the record of `a` that stands for its key (-1: none). */
const matches = (a: KeyIndex, b: KeyIndex) => Array.from({ length: b.rows.length }, (_, j) => a.find(b, j));

describe('KeyIndex', () => {
  it("finds each record of one table by another's key, and counts distinct keys", () => {
    const a = new KeyIndex(
      table('region,year,level,activity,lq\nBE10,2023,nace,C21,0.9\nBE21,2023,nace,C21,1.8\n'),
      KEY,
    );
    const b = new KeyIndex(
      table('region,year,level,activity,lq\nBE21,2023,nace,C21,1.7\nDE1,2023,nace,C21,1\n'),
      KEY,
    );
    expect(matches(a, b)).toEqual([1, -1]);
    expect(matches(b, a)).toEqual([-1, 0]);
    expect([a.size, a.keyOf(1)]).toEqual([2, 'BE21,2023,nace,C21']);
  });

  it('lets the last of two records with one key stand for it', () => {
    const a = new KeyIndex(
      table('region,year,level,activity,lq\nBE10,2023,nace,C21,0.9\nBE10,2023,nace,C21,1.1\n'),
      KEY,
    );
    expect([a.size, a.holds(0), a.holds(1), a.find(a, 0)]).toEqual([1, false, true, 1]);
  });

  it('matches a quoted key cell with the same key of a table whose key columns come in another order', () => {
    const quoted = 'region,year,level,activity,lq\nBE10,2023,ecosystem,"Proximity, Social",0.9\n';
    const reordered = 'lq,activity,level,year,region\n0.8,"Proximity, Social",ecosystem,2023,BE10\n';
    const [a, b] = [new KeyIndex(table(quoted), KEY), new KeyIndex(table(reordered), KEY)];
    expect([a.find(b, 0), b.find(a, 0)]).toEqual([0, 0]);
    expect(b.keyOf(0)).toBe('BE10,2023,ecosystem,"Proximity, Social"');
  });

  it('tells apart two keys whose hashes are equal', () => {
    // FNV-1a (32 bits) gives both texts 787272014: found by a search over keys of this shape.
    const text = 'region,year,level,activity,lq\nR1,2004,nace,A518,1\nR11,2009,nace,A62,2\n';
    const a = new KeyIndex(table(text), KEY);
    expect(CsvLines.hashText('R1,2004,nace,A518')).toBe(CsvLines.hashText('R11,2009,nace,A62'));
    expect([a.size, a.find(a, 0), a.find(a, 1)]).toEqual([2, 0, 1]);
    const other = new KeyIndex(table('region,year,level,activity,lq\nR11,2009,nace,A62,3\n'), KEY);
    expect(a.find(other, 0)).toBe(1);
  });

  it('matches keys with characters outside ASCII, read as bytes in one table and as cells in the other', () => {
    const a = new KeyIndex(table('code,name\nFRY1,Guadeloupe\nBE10,Région de Bruxelles\n'), ['name']);
    const b = new KeyIndex(table('name,code\nRégion de Bruxelles,BE1\n'), ['name']);
    expect([a.find(b, 0), b.find(a, 1), b.find(a, 0)]).toEqual([1, 0, -1]);
  });
});
