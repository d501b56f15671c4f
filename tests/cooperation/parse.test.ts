import { describe, expect, it } from 'vitest';
import { parseConsortiaCsv, parseConsortiaJson } from '../../lib/cooperation/parse.ts';
import { thrown } from '../helpers/thrown.ts';

const FILE = 'eccp/consortia.csv';
const HEADER =
  'programme,consortium_id,consortium_name,partner_name,partner_country,organisation_id,synthetic';

/** The header plus the given records, one a line; the first record is on line 2. */
const csv = (...records: string[]) => `${[HEADER, ...records].join('\n')}\n`;

describe('parseConsortiaCsv', () => {
  it('groups the partner lines of each consortium, in order of first appearance', () => {
    const read = parseConsortiaCsv(
      csv(
        'ESCP-4i,c1,Alpha,Flanders Food,BE,eccp-flanders-food,',
        'INNOSUP-1,c2,Beta,Cluster A,AT,,false',
        'ESCP-4i,c1,Alpha,Pôle Nord,FR,,',
      ),
      FILE,
    );
    expect(read).toEqual({
      file: FILE,
      consortia: [
        {
          programme: 'ESCP-4i',
          id: 'c1',
          name: 'Alpha',
          partners: [
            { name: 'Flanders Food', country: 'BE', organisationId: 'eccp-flanders-food' },
            { name: 'Pôle Nord', country: 'FR' },
          ],
          synthetic: false,
        },
        {
          programme: 'INNOSUP-1',
          id: 'c2',
          name: 'Beta',
          partners: [{ name: 'Cluster A', country: 'AT' }],
          synthetic: false,
        },
      ],
    });
  });

  it('reads a file without the optional columns', () => {
    const text =
      'programme,consortium_id,consortium_name,partner_name,partner_country\nEuroclusters,e1,E,Org,GR\n';
    expect(parseConsortiaCsv(text, FILE).consortia[0]?.partners).toEqual([{ name: 'Org', country: 'EL' }]);
  });

  it('reads the synthetic flag', () => {
    expect(parseConsortiaCsv(csv('ESCP-4x,s1,SYNTHETIC x,Org,BE,,true'), FILE).consortia[0]?.synthetic).toBe(
      true,
    );
  });

  describe('errors name file:line field: reason', () => {
    it.each([
      ['an unknown programme', csv('ESCP-5,c1,A,Org,BE,,'), 2, 'programme', /must be one of ESCP-4i/],
      [
        'a bad partner country',
        csv('ESCP-4i,c1,A,Org,BE,,', 'ESCP-4i,c1,A,Org 2,Belgium,,'),
        3,
        'partner_country',
        /two-letter/,
      ],
      ['a blank partner name', csv('ESCP-4i,c1,A, ,BE,,'), 2, 'partner_name', /is required/],
      ['a blank consortium id', csv('ESCP-4i,,A,Org,BE,,'), 2, 'consortium_id', /is required/],
      [
        'a bad synthetic flag',
        csv('ESCP-4i,c1,A,Org,BE,,yes'),
        2,
        'synthetic',
        /must be true, false or empty/,
      ],
    ])('rejects %s', (_what, text, line, field, reason) => {
      const e = thrown(() => parseConsortiaCsv(text, FILE));
      expect(e.location).toEqual({ file: FILE, line, field });
      expect(e.message).toMatch(new RegExp(`^eccp/consortia\\.csv:${line} field "${field}": `));
      expect(e.reason).toMatch(reason);
    });

    it('rejects a consortium whose lines disagree on its programme, naming both lines', () => {
      const e = thrown(() =>
        parseConsortiaCsv(csv('ESCP-4i,c1,A,Org,BE,,', 'ESCP-4x,c1,A,Org 2,FR,,'), FILE),
      );
      expect(e.location).toEqual({ file: FILE, line: 3, field: 'programme' });
      expect(e.reason).toBe('consortium c1 has programme "ESCP-4i" on line 2, "ESCP-4x" here');
    });

    it('rejects a partner listed twice in one consortium (same organisation id)', () => {
      const e = thrown(() =>
        parseConsortiaCsv(
          csv('ESCP-4i,c1,A,Org,BE,eccp-org,', 'ESCP-4i,c1,A,Org (again),BE,eccp-org,'),
          FILE,
        ),
      );
      expect(e.location).toEqual({ file: FILE, line: 3, field: 'partner_name' });
      expect(e.reason).toBe('Org (again) is already a partner of consortium c1');
    });

    it('rejects a partner listed twice by name, whatever the case and spacing', () => {
      const e = thrown(() =>
        parseConsortiaCsv(csv('ESCP-4i,c1,A,Flanders  Food,BE,,', 'ESCP-4i,c1,A,flanders food,BE,,'), FILE),
      );
      expect(e.location.line).toBe(3);
    });

    it('rejects a missing column', () => {
      const e = thrown(() =>
        parseConsortiaCsv('programme,consortium_id,consortium_name,partner_name\n', FILE),
      );
      expect(e.location).toEqual({ file: FILE, line: 1, field: 'partner_country' });
    });
  });
});

describe('parseConsortiaJson', () => {
  const JFILE = 'eccp/consortia.json';
  const consortium = {
    programme: 'Euroclusters',
    id: 'e1',
    name: 'Euro One',
    partners: [
      { name: 'Org', country: 'BE', organisationId: 'eccp-org' },
      { name: 'Other', country: 'NL' },
    ],
  };

  it('reads an array of consortia and the { consortia } form alike', () => {
    const expected = [{ ...consortium, synthetic: false }];
    expect(parseConsortiaJson(JSON.stringify([consortium]), JFILE).consortia).toEqual(expected);
    expect(parseConsortiaJson(JSON.stringify({ consortia: [consortium] }), JFILE).consortia).toEqual(
      expected,
    );
  });

  it('rejects a bad partner country, naming its JSON path', () => {
    const bad = { ...consortium, partners: [{ name: 'Org', country: 'BEL' }] };
    const e = thrown(() => parseConsortiaJson(JSON.stringify({ consortia: [consortium, bad] }), JFILE));
    expect(e.location).toEqual({ file: JFILE, field: 'consortia[1].partners[0].country' });
  });

  it('rejects two consortia with one id', () => {
    const e = thrown(() => parseConsortiaJson(JSON.stringify([consortium, consortium]), JFILE));
    expect(e.location).toEqual({ file: JFILE, field: '[1].id' });
    expect(e.reason).toBe('duplicate consortium id "e1" (also item 0)');
  });

  it('rejects a duplicate key', () => {
    const e = thrown(() => parseConsortiaJson('[{"programme":"ESCP-4i","programme":"ESCP-4x"}]', JFILE));
    expect(e.location).toEqual({ file: JFILE, field: '[0].programme' });
  });

  it('rejects a document that is neither an array nor { consortia }', () => {
    const e = thrown(() => parseConsortiaJson('"consortia"', JFILE));
    expect(e.reason).toBe('expected an array of consortia or an object with "consortia"');
  });
});
