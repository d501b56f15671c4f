import { describe, expect, it } from 'vitest';
import { parseCsvRecords } from '../../lib/csv/csvRecords.ts';
import { thrown } from '../helpers/thrown.ts';

const FILE = 'reference/table.csv';

describe('parseCsvRecords', () => {
  it('keys each record by the header and gives the line it starts on', () => {
    expect(parseCsvRecords('code,label\n01,Crops\n02,Forestry\n', FILE, ['code'])).toEqual([
      { line: 2, values: { code: '01', label: 'Crops' } },
      { line: 3, values: { code: '02', label: 'Forestry' } },
    ]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks, counting lines past them', () => {
    const records = parseCsvRecords(
      'code,label\n01,"Crops, ""animals""\nand hunting"\n02,Forestry\n',
      FILE,
      [],
    );
    expect(records).toEqual([
      { line: 2, values: { code: '01', label: 'Crops, "animals"\nand hunting' } },
      { line: 4, values: { code: '02', label: 'Forestry' } },
    ]);
  });

  it('skips a byte order mark, empty lines and CRLF line ends', () => {
    const records = parseCsvRecords('\uFEFFcode,label\r\n01,Crops\r\n\r\n02,Forestry', FILE, ['code']);
    expect(records.map((r) => [r.line, r.values.code])).toEqual([
      [2, '01'],
      [4, '02'],
    ]);
  });

  it('trims the header names', () => {
    expect(parseCsvRecords(' code , label\n01,Crops\n', FILE, ['code', 'label'])[0]?.values).toEqual({
      code: '01',
      label: 'Crops',
    });
  });

  it('takes another delimiter when told', () => {
    expect(parseCsvRecords('code;label\n01;Crops\n', FILE, ['label'], { delimiter: ';' })[0]?.values).toEqual(
      {
        code: '01',
        label: 'Crops',
      },
    );
  });

  it('names the missing column and the columns found', () => {
    const err = thrown(() => parseCsvRecords('code,name\n01,Crops\n', FILE, ['code', 'label']));
    expect(err.location).toEqual({ file: FILE, line: 1, field: 'label' });
    expect(err.reason).toBe('missing column "label" (columns found: code, name)');
  });

  it('rejects a record with another number of fields than the header, naming its line', () => {
    const err = thrown(() => parseCsvRecords('code,label\n01,Crops\n02\n', FILE, []));
    expect(err.location).toEqual({ file: FILE, line: 3 });
    expect(err.reason).toBe('not valid CSV: the header has 2 columns, this record has 1');
  });

  it('rejects an unterminated quoted field, naming the line it opens on', () => {
    const err = thrown(() => parseCsvRecords('code,label\n01,Crops\n02,"Forestry\n03,Fishing\n', FILE, []));
    expect(err.location).toEqual({ file: FILE, line: 3 });
    expect(err.reason).toMatch(/^not valid CSV: .*unterminated/i);
  });

  it('gives no records and no error for a header alone', () => {
    expect(parseCsvRecords('code,label\n', FILE, ['code'])).toEqual([]);
  });
});
