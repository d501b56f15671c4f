import { describe, expect, it } from 'vitest';
import { parseClusterOrganisationsCsv, parseClusterOrganisationsJson } from '../../lib/clusters/parse.ts';
import { InputError } from '../../lib/errors.ts';

const FILE = 'clusters/organisations.csv';
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

describe('parseClusterOrganisationsCsv', () => {
  describe('valid input', () => {
    it('reads an organisation with all fields filled', () => {
      const orgs = parseClusterOrganisationsCsv(
        csv('be-1,Flanders Food,BE,BE21,Antwerp,Agri-food|Health,8,1,1,0,ESCP-4i|INNOSUP-1'),
        FILE,
      );
      expect(orgs).toEqual([
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
    });

    it('leaves out region, city and members when their columns are blank', () => {
      const [o] = parseClusterOrganisationsCsv(csv('at-1,Cluster AT,AT,,,,,,,,'), FILE);
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
      const [o] = parseClusterOrganisationsCsv(csv('gr-1,Athens,gr,EL30,,aerospace and defence,,,,,'), FILE);
      expect(o?.country).toBe('EL');
      expect(o?.ecosystems).toEqual(['Aerospace & Defence']);
    });

    it('reads every record', () => {
      const orgs = parseClusterOrganisationsCsv(
        csv('a,A,BE,,,,,,,,', 'b,B,AT,,,,,,,,', 'c,C,FR,,,,,,,,'),
        FILE,
      );
      expect(orgs.map((o) => o.id)).toEqual(['a', 'b', 'c']);
    });
  });

  describe('invalid input', () => {
    it('rejects an unknown ecosystem, naming the line and the ecosystems column', () => {
      const err = inputError(() =>
        parseClusterOrganisationsCsv(csv('a,A,BE,,,Health,,,,,', 'b,B,BE,,,Health|Space Mining,,,,,'), FILE),
      );
      // the second record is on line 3
      expect(err.location).toEqual({ file: FILE, line: 3, field: 'ecosystems' });
      expect(err.message).toContain('Space Mining');
    });

    it('rejects a negative member count, naming the members_sme column', () => {
      const err = inputError(() => parseClusterOrganisationsCsv(csv('a,A,BE,,,,-3,1,1,0,'), FILE));
      expect(err.location).toEqual({ file: FILE, line: 2, field: 'members_sme' });
      expect(err.reason).toBe('cannot be negative');
    });

    it('rejects a fractional member count', () => {
      const err = inputError(() => parseClusterOrganisationsCsv(csv('a,A,BE,,,,1,1.5,1,0,'), FILE));
      expect(err.location.field).toBe('members_large');
    });

    it('rejects a record with only some member counts filled', () => {
      const err = inputError(() => parseClusterOrganisationsCsv(csv('a,A,BE,,,,5,,,,'), FILE));
      // members_sme given, members_large the first one left blank
      expect(err.location).toEqual({ file: FILE, line: 2, field: 'members_large' });
      expect(err.reason).toBe('give all four member counts or none');
    });

    it('rejects a duplicate id, naming both lines', () => {
      const err = inputError(() =>
        parseClusterOrganisationsCsv(csv('a,A,BE,,,,,,,,', 'b,B,BE,,,,,,,,', 'a,Again,AT,,,,,,,,'), FILE),
      );
      // first seen on line 2, repeated on line 4
      expect(err.location).toEqual({ file: FILE, line: 4, field: 'id' });
      expect(err.message).toContain('line 2');
    });

    it('rejects a region outside the organisation’s country', () => {
      const err = inputError(() => parseClusterOrganisationsCsv(csv('a,A,BE,FR10,,,,,,,'), FILE));
      expect(err.location).toEqual({ file: FILE, line: 2, field: 'region' });
      expect(err.reason).toBe('region FR10 is not in country BE');
    });

    it('rejects a file without a required column, naming the column', () => {
      const text =
        'id,name,country,region,city,ecosystems,members_sme,members_large,members_research,members_other\n';
      const err = inputError(() => parseClusterOrganisationsCsv(`${text}a,A,BE,,,,,,,\n`, FILE));
      expect(err.location).toEqual({ file: FILE, line: 1, field: 'partnerships' });
      expect(err.message).toContain('missing column "partnerships"');
    });

    it('rejects an unknown partnership', () => {
      const err = inputError(() => parseClusterOrganisationsCsv(csv('a,A,BE,,,,,,,,Horizon'), FILE));
      expect(err.location.field).toBe('partnerships');
    });
  });
});

describe('parseClusterOrganisationsJson', () => {
  const FILE_JSON = 'clusters/organisations.json';
  const items = [
    { id: 'be-1', name: 'Flanders Food', country: 'BE', region: 'BE21', ecosystems: ['Agri-food'] },
    { id: 'at-1', name: 'Cluster AT', country: 'AT', members: { sme: 1, large: 2, research: 3, other: 4 } },
  ];

  it('accepts an array of organisations', () => {
    const orgs = parseClusterOrganisationsJson(JSON.stringify(items), FILE_JSON);
    expect(orgs.map((o) => o.id)).toEqual(['be-1', 'at-1']);
    expect(orgs[1]?.members).toEqual({ sme: 1, large: 2, research: 3, other: 4 });
  });

  it('accepts an object with an organisations array, giving the same result', () => {
    const fromObject = parseClusterOrganisationsJson(JSON.stringify({ organisations: items }), FILE_JSON);
    const fromArray = parseClusterOrganisationsJson(JSON.stringify(items), FILE_JSON);
    expect(fromObject).toEqual(fromArray);
  });

  it('names the item and the field of an invalid organisation', () => {
    const bad = [items[0], { id: 'x', name: 'X', country: 'BEL' }];
    const err = inputError(() => parseClusterOrganisationsJson(JSON.stringify(bad), FILE_JSON));
    expect(err.location).toEqual({ file: FILE_JSON, field: '[1].country' });
  });

  it('names the nested field of an invalid member count', () => {
    const bad = [
      { id: 'x', name: 'X', country: 'BE', members: { sme: -1, large: 0, research: 0, other: 0 } },
    ];
    const err = inputError(() => parseClusterOrganisationsJson(JSON.stringify(bad), FILE_JSON));
    expect(err.location.field).toBe('[0].members.sme');
  });

  it('rejects a document that is neither an array nor an object with organisations', () => {
    const err = inputError(() => parseClusterOrganisationsJson('{"clusters": []}', FILE_JSON));
    expect(err.location).toEqual({ file: FILE_JSON });
  });

  it('rejects text that is not JSON', () => {
    const err = inputError(() => parseClusterOrganisationsJson('[{', FILE_JSON));
    expect(err.reason).toMatch(/^not valid JSON/);
  });

  it('rejects a duplicate id', () => {
    const err = inputError(() =>
      parseClusterOrganisationsJson(JSON.stringify([items[0], items[0]]), FILE_JSON),
    );
    expect(err.location.field).toBe('id');
    expect(err.message).toContain('duplicate id "be-1"');
  });
});
