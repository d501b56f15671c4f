import { describe, expect, it } from 'vitest';
import {
  formatRejection,
  parseClusterOrganisationsCsv,
  parseClusterOrganisationsJson,
} from '../../lib/clusters/parse.ts';
import { InputError } from '../../lib/errors.ts';

const FILE = 'eccp/cluster_organisations.csv';
const HEADER =
  'id,name,country,region,city,ecosystems,members_sme,members_large,members_research,members_other,partnerships';

/** The header plus the given records, one a line; the first record is on line 2. */
function csv(...records: string[]): string {
  return `${[HEADER, ...records].join('\n')}\n`;
}

/** Runs `fn`, expecting it to throw an InputError, and returns that error. */
function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected an InputError, but nothing was thrown');
}

/** A valid record to surround a bad one with. */
const GOOD = 'ok-1,Good Cluster,BE,BE21,Antwerpen,Health,8,1,1,0,ESCP-4i';

describe('parseClusterOrganisationsCsv', () => {
  describe('valid rows', () => {
    it('reads an organisation with all fields filled', () => {
      const read = parseClusterOrganisationsCsv(
        csv('be-1,Flanders Food,BE,BE21,Antwerp,Agri-food|Health,8,1,1,0,ESCP-4i|INNOSUP-1'),
        FILE,
      );
      expect(read.organisations).toEqual([
        {
          id: 'be-1',
          name: 'Flanders Food',
          country: 'BE',
          region: 'BE21',
          city: 'Antwerp',
          ecosystems: ['Agri-food', 'Health'],
          members: { sme: 8, large: 1, research: 1, other: 0 },
          partnerships: ['ESCP-4i', 'INNOSUP-1'],
          syntheticFields: [],
        },
      ]);
      expect(read.rejections).toEqual([]);
    });

    it('leaves out region, city and members when their columns are blank', () => {
      const [o] = parseClusterOrganisationsCsv(csv('at-1,Cluster AT,AT,,,,,,,,'), FILE).organisations;
      expect(o).toEqual({
        id: 'at-1',
        name: 'Cluster AT',
        country: 'AT',
        ecosystems: [],
        partnerships: [],
        syntheticFields: [],
      });
    });

    it('writes GR as EL and accepts other spellings of an ecosystem', () => {
      const [o] = parseClusterOrganisationsCsv(
        csv('gr-1,Athens,gr,EL30,,aerospace and defence,,,,,'),
        FILE,
      ).organisations;
      expect(o?.country).toBe('EL');
      expect(o?.ecosystems).toEqual(['Aerospace & Defence']);
    });

    it('counts every data row in total', () => {
      const read = parseClusterOrganisationsCsv(
        csv('a,A,BE,,,,,,,,', 'b,B,AT,,,,,,,,', 'c,C,FR,,,,,,,,'),
        FILE,
      );
      expect(read.total).toBe(3);
      expect(read.organisations.map((o) => o.id)).toEqual(['a', 'b', 'c']);
    });
  });

  describe('rejected rows', () => {
    /** Parses GOOD, the bad record (line 3) and GOOD again under another id; returns the one rejection. */
    function rejectionOf(bad: string) {
      const read = parseClusterOrganisationsCsv(csv(GOOD, bad, GOOD.replace('ok-1', 'ok-2')), FILE);
      expect(read.organisations.map((o) => o.id)).toEqual(['ok-1', 'ok-2']);
      expect(read.total).toBe(3);
      expect(read.rejections).toHaveLength(1);
      return read.rejections[0];
    }

    it('rejects a country that is not a two-letter code, naming file, line and field', () => {
      expect(rejectionOf('x,X,BEL,,,,,,,,')).toEqual({
        file: FILE,
        row: 3,
        rowIs: 'line',
        field: 'country',
        reason: 'must be a two-letter country code (got "BEL")',
      });
    });

    it('rejects an unknown ecosystem, naming it', () => {
      const r = rejectionOf('x,X,BE,,,Health|Space Mining,,,,,');
      expect(r).toMatchObject({ row: 3, field: 'ecosystems' });
      expect(r?.reason).toContain('"Space Mining" is not one of the 14 industrial ecosystems');
    });

    it('rejects a negative member count in the members_sme column', () => {
      expect(rejectionOf('x,X,BE,,,,-3,1,1,0,')).toMatchObject({
        row: 3,
        field: 'members_sme',
        reason: 'cannot be negative (got -3)',
      });
    });

    it('rejects a fractional member count', () => {
      expect(rejectionOf('x,X,BE,,,,1,1.5,1,0,')).toMatchObject({ field: 'members_large' });
    });

    it('rejects partial member counts, naming the first blank column', () => {
      // members_sme given, members_large the first one left blank
      expect(rejectionOf('x,X,BE,,,,5,,,,')).toMatchObject({
        row: 3,
        field: 'members_large',
        reason: 'give all four member counts or none',
      });
    });

    it('rejects a region outside the organisation’s country', () => {
      expect(rejectionOf('x,X,BE,FR10,,,,,,,')).toMatchObject({
        row: 3,
        field: 'region',
        reason: 'region FR10 is not in country BE',
      });
    });

    it('rejects a region that is not a NUTS code', () => {
      expect(rejectionOf('x,X,BE,Flanders,,,,,,,')).toMatchObject({ field: 'region' });
    });

    it('rejects a row without a name', () => {
      expect(rejectionOf('x,,BE,,,,,,,,')).toMatchObject({ field: 'name', reason: 'is required' });
    });

    it('rejects an unknown partnership', () => {
      expect(rejectionOf('x,X,BE,,,,,,,,Horizon')).toMatchObject({ field: 'partnerships' });
    });

    it('reports every rejected row, in file order', () => {
      const read = parseClusterOrganisationsCsv(csv('a,A,XXX,,,,,,,,', GOOD, 'b,B,BE,,,,-1,0,0,0,'), FILE);
      expect(read.rejections.map((r) => [r.row, r.field])).toEqual([
        [2, 'country'],
        [4, 'members_sme'],
      ]);
    });
  });

  describe('structural errors stop the run', () => {
    it('rejects a duplicate id, naming both lines', () => {
      const err = inputError(() =>
        parseClusterOrganisationsCsv(csv('a,A,BE,,,,,,,,', 'b,B,BE,,,,,,,,', 'a,Again,AT,,,,,,,,'), FILE),
      );
      // first seen on line 2, repeated on line 4
      expect(err.location).toEqual({ file: FILE, line: 4, field: 'id' });
      expect(err.reason).toBe('duplicate id "a" (lines 2 and 4)');
    });

    it('rejects a duplicate id even when one of the two rows is otherwise invalid', () => {
      const err = inputError(() =>
        parseClusterOrganisationsCsv(csv('a,A,BE,,,,,,,,', 'a,A,BEL,,,,,,,,'), FILE),
      );
      expect(err.location.field).toBe('id');
    });

    it('rejects a file without a required column, naming the column', () => {
      const text =
        'id,name,country,region,city,ecosystems,members_sme,members_large,members_research,members_other\n';
      const err = inputError(() => parseClusterOrganisationsCsv(`${text}a,A,BE,,,,,,,\n`, FILE));
      expect(err.location).toEqual({ file: FILE, line: 1, field: 'partnerships' });
      expect(err.message).toContain('missing column "partnerships"');
    });

    it('rejects text that is not valid CSV', () => {
      const err = inputError(() => parseClusterOrganisationsCsv(csv('a,"unclosed,BE,,,,,,,,'), FILE));
      expect(err.reason).toMatch(/^not valid CSV/);
    });
  });
});

describe('parseClusterOrganisationsJson', () => {
  const FILE_JSON = 'eccp/cluster_organisations.json';
  const items = [
    { id: 'be-1', name: 'Flanders Food', country: 'BE', region: 'BE21', ecosystems: ['Agri-food'] },
    { id: 'at-1', name: 'Cluster AT', country: 'AT', members: { sme: 1, large: 2, research: 3, other: 4 } },
  ];

  it('accepts an array of organisations', () => {
    const read = parseClusterOrganisationsJson(JSON.stringify(items), FILE_JSON);
    expect(read.organisations.map((o) => o.id)).toEqual(['be-1', 'at-1']);
    expect(read.organisations[1]?.members).toEqual({ sme: 1, large: 2, research: 3, other: 4 });
  });

  it('accepts an object with an organisations array, giving the same result', () => {
    const fromObject = parseClusterOrganisationsJson(JSON.stringify({ organisations: items }), FILE_JSON);
    const fromArray = parseClusterOrganisationsJson(JSON.stringify(items), FILE_JSON);
    expect(fromObject).toEqual(fromArray);
  });

  it('reports the item’s 0-based index as the row of a rejection', () => {
    const bad = [items[0], { id: 'x', name: 'X', country: 'BEL' }, items[1]];
    const read = parseClusterOrganisationsJson(JSON.stringify(bad), FILE_JSON);
    expect(read.rejections).toEqual([
      {
        file: FILE_JSON,
        row: 1,
        rowIs: 'index',
        field: 'country',
        reason: 'must be a two-letter country code (got "BEL")',
      },
    ]);
    expect(read.organisations.map((o) => o.id)).toEqual(['be-1', 'at-1']);
    expect(read.total).toBe(3);
  });

  it('names the nested field of an invalid member count', () => {
    const bad = [
      { id: 'x', name: 'X', country: 'BE', members: { sme: -1, large: 0, research: 0, other: 0 } },
    ];
    const [r] = parseClusterOrganisationsJson(JSON.stringify(bad), FILE_JSON).rejections;
    expect(r).toMatchObject({ row: 0, field: 'members.sme', reason: 'cannot be negative (got -1)' });
  });

  it('rejects partial member counts, naming the first missing one', () => {
    const bad = [{ id: 'x', name: 'X', country: 'BE', members: { sme: 5, research: 1 } }];
    const [r] = parseClusterOrganisationsJson(JSON.stringify(bad), FILE_JSON).rejections;
    expect(r).toMatchObject({ field: 'members.large', reason: 'give all four member counts or none' });
  });

  it('names the index inside a list field', () => {
    const bad = [{ id: 'x', name: 'X', country: 'BE', ecosystems: ['Health', 'Space Mining'] }];
    const [r] = parseClusterOrganisationsJson(JSON.stringify(bad), FILE_JSON).rejections;
    expect(r?.field).toBe('ecosystems[1]');
  });

  it('rejects an item that is not an object', () => {
    const [r] = parseClusterOrganisationsJson(JSON.stringify([items[0], 42]), FILE_JSON).rejections;
    expect(r).toMatchObject({ row: 1, field: '(item)', reason: 'must be an object' });
  });

  it('rejects a document that is neither an array nor an object with organisations', () => {
    const err = inputError(() => parseClusterOrganisationsJson('{"clusters": []}', FILE_JSON));
    expect(err.location).toEqual({ file: FILE_JSON });
  });

  it('rejects text that is not JSON', () => {
    const err = inputError(() => parseClusterOrganisationsJson('[{', FILE_JSON));
    expect(err.reason).toMatch(/^not valid JSON/);
  });

  it('rejects a duplicate id, naming both items', () => {
    const err = inputError(() =>
      parseClusterOrganisationsJson(JSON.stringify([items[0], items[1], items[0]]), FILE_JSON),
    );
    expect(err.location).toEqual({ file: FILE_JSON, field: '[2].id' });
    expect(err.reason).toBe('duplicate id "be-1" (items [0] and [2])');
  });
});

describe('formatRejection', () => {
  it('writes a CSV rejection as file:line field: reason', () => {
    expect(formatRejection({ file: 'a.csv', row: 7, rowIs: 'line', field: 'country', reason: 'bad' })).toBe(
      'a.csv:7 country: bad',
    );
  });

  it('writes a JSON rejection as file[index] field: reason', () => {
    expect(
      formatRejection({ file: 'a.json', row: 0, rowIs: 'index', field: 'members.sme', reason: 'bad' }),
    ).toBe('a.json[0] members.sme: bad');
  });
});
