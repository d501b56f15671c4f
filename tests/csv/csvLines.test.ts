import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvLines } from '../../lib/csv/csvLines.ts';
import { parseCsvRecords } from '../../lib/csv/csvRecords.ts';
import { toCsv } from '../../lib/snapshot/tableFiles.ts';
import type { TableSpec } from '../../lib/snapshot/tableSpec.ts';
import { thrown } from '../helpers/thrown.ts';

const FILE = 'data/regions.csv';
const all = (t: CsvLines) => Array.from({ length: t.length }, (_, i) => t.cells(i));

describe('CsvLines', () => {
  it('holds each record as its text, and splits it into cells on demand', () => {
    const t = CsvLines.parse('code,label\nBE1,Bruxelles\nBE2,Vlaams Gewest\n', FILE);
    expect(t.columns).toEqual(['code', 'label']);
    expect(t.length).toBe(2);
    expect(t.text(1)).toBe('BE2,Vlaams Gewest');
    expect(t.cells(0)).toEqual(['BE1', 'Bruxelles']);
    expect([t.indexOf('label'), t.indexOf('name')]).toEqual([1, undefined]);
  });

  it('reads quoted cells with commas, doubled quotes and line feeds, and empty cells', () => {
    const t = CsvLines.parse('code,label,note\n01,"Crops, ""animals""\nand hunting",\n02,,"x"\n', FILE);
    expect(all(t)).toEqual([
      ['01', 'Crops, "animals"\nand hunting', ''],
      ['02', '', 'x'],
    ]);
  });

  it("gives the text of a record's first cells when it holds no quote, and a record text's cells", () => {
    const t = CsvLines.parse(
      'region,year,activity,lq\nBE10,2023,C21,1.5\nBE10,2023,"Proximity, Social",0.9\n',
      FILE,
    );
    expect([t.leadingText(0, 2), t.leadingText(0, 4), t.leadingText(0, 0)]).toEqual([
      'BE10,2023',
      'BE10,2023,C21,1.5',
      '',
    ]);
    expect([t.leadingText(1, 2), t.leadingText(1, 3)]).toEqual(['BE10,2023', undefined]);
    expect(CsvLines.cellsOf('BE10,"Proximity, Social",,"say ""hi"""')).toEqual([
      'BE10',
      'Proximity, Social',
      '',
      'say "hi"',
    ]);
  });

  it('reads one cell of a record, counting its cells, and compares records byte for byte', () => {
    const t = CsvLines.parse(
      Buffer.from('code,label,level\nBE1,Région de Bruxelles,1\nBE2,"Vlaams, Gewest",1\nBE3,Wallonie\n'),
      FILE,
    );
    expect([t.cell(0, 0), t.cell(0, 1), t.cell(0, 2), t.cell(1, 1), t.cell(1, 2)]).toEqual([
      'BE1',
      'Région de Bruxelles',
      '1',
      'Vlaams, Gewest',
      '1',
    ]);
    expect(thrown(() => t.cell(2, 0)).message).toMatch(
      /^data\/regions\.csv:4: not valid CSV: the header has 3 columns, this record has 2/,
    );
    const u = CsvLines.parse('code,label,level\nBE1,Région de Bruxelles,1\nBE2,Vlaams Gewest,1\n', FILE);
    expect([t.sameRecord(0, u, 0), t.sameRecord(1, u, 1), t.sameRecord(0, u, 1)]).toEqual([
      true,
      false,
      false,
    ]);
  });

  it('hashes and compares the leading cells of records as their text', () => {
    const t = CsvLines.parse('region,year,lq\nBE10,2023,1.5\nBE10,2023,0.9\nBE10,2024,0.9\n', FILE);
    const ends = [0, 1, 2].map((i) => t.leadingEnd(i, 2));
    expect(t.hashLeading(0, ends[0] as number)).toBe(CsvLines.hashText('BE10,2023'));
    expect(t.sameLeading(0, ends[0] as number, t, 1, ends[1] as number)).toBe(true);
    expect(t.sameLeading(0, ends[0] as number, t, 2, ends[2] as number)).toBe(false);
  });

  it('skips a byte order mark, empty lines and CRLF line ends', () => {
    const t = CsvLines.parse('\uFEFFcode,label\r\n01,Crops\r\n\r\n02,Forestry', FILE);
    expect(all(t)).toEqual([
      ['01', 'Crops'],
      ['02', 'Forestry'],
    ]);
  });

  it('reads what the snapshot writer writes as papaparse does', () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.constantFrom('a,b', 'say "hi"', 'two\nlines', '"', ',', 'Région de Bruxelles-Capitale'),
    );
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { maxLength: 20 }), (rows) => {
        const spec: TableSpec<string[]> = {
          name: 't',
          path: 'data/t.csv',
          description: '',
          primaryKey: [],
          fields: ['a', 'b', 'c'].map((name) => ({
            name,
            type: 'string',
            description: '',
            missingValues: [],
          })),
          toRow: (r) => r,
        };
        const text = toCsv(spec, rows).toString('utf8');
        const expected = parseCsvRecords(text, FILE, []).map((r) => [r.values.a, r.values.b, r.values.c]);
        expect(all(CsvLines.parse(text, FILE))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('names the file and line of a record with a cell too many or too few, or a quote not closed', () => {
    const t = CsvLines.parse('code,label\n01,"Crops,\nand hunting"\n02,Forestry,extra\n', FILE);
    const error = thrown(() => t.cells(1));
    expect(error.message).toMatch(/^data\/regions\.csv:4: /);
    expect(error.message).toMatch(/the header has 2 columns, this record has 3/);
    expect(thrown(() => CsvLines.parse('code,label\n01,"Crops\n02\n', FILE)).message).toMatch(
      /^data\/regions\.csv:2: not valid CSV: a quoted cell is not closed/,
    );
  });
});
