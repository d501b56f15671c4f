import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePolicyFacts } from '../../lib/policy/parse.ts';
import { thrown } from '../helpers/thrown.ts';

const FILE = 'policy/AT.json';

const POLICY = {
  name: 'Cluster Programme',
  type: 'cluster',
  level: 'regional',
  region: 'AT13',
  startYear: 2016,
  endYear: 2026,
  support: ['financial', 'technical'],
};

/** A valid document with the given top-level fields replaced (undefined removes one). */
function doc(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const base: Record<string, unknown> = {
    country: 'AT',
    assessedOn: '2022-09-30',
    source: 'hand-made test facts',
    policies: [POLICY],
    evaluation: ['monitoring'],
    ...overrides,
  };
  for (const k of Object.keys(base)) if (base[k] === undefined) delete base[k];
  return base;
}

const withPolicy = (fields: Record<string, unknown>) => doc({ policies: [{ ...POLICY, ...fields }] });
const parse = (value: unknown, file = FILE) => parsePolicyFacts(JSON.stringify(value), file);

describe('parsePolicyFacts', () => {
  describe('valid facts', () => {
    it('reads the documented shape', () => {
      expect(parse(doc())).toEqual(doc());
    });

    it('defaults support and evaluation to none', () => {
      const { support: _s, ...bare } = POLICY;
      const facts = parse(doc({ policies: [bare], evaluation: undefined }));
      expect(facts.policies[0]?.support).toEqual([]);
      expect(facts.evaluation).toEqual([]);
    });

    it('accepts an open-ended policy and one that starts and ends in the same year', () => {
      const { endYear: _e, ...open } = POLICY;
      const oneYear = { ...POLICY, name: 'One year', startYear: 2020, endYear: 2020 };
      expect(parse(doc({ policies: [open, oneYear] })).policies.map((p) => p.endYear)).toEqual([
        undefined,
        2020,
      ]);
    });

    it('accepts a policy starting after the assessment date (it is simply not in force)', () => {
      expect(parse(withPolicy({ startYear: 2030, endYear: undefined })).policies[0]?.startYear).toBe(2030);
    });

    it('reads Greek facts written GR from GR.json or EL.json as Eurostat’s EL', () => {
      const greek = doc({ country: 'GR', policies: [] });
      expect(parse(greek, 'policy/GR.json').country).toBe('EL');
      expect(parse(greek, 'policy/EL.json').country).toBe('EL');
    });

    it('reads the factsheet profile of a policy', () => {
      const profile = {
        objectives: ['Supporting internationalisation activities'],
        focus: ['Sectoral'],
        instruments: { financial: ['Financing start-ups'], technical: ['Technical assistance'] },
        history: 'Launched in 2016.',
        budget: { overall: 'EUR 100 million', annual: 'No data available' },
        euPriorities: ['Green economy'],
        notes: { focus: 'Seven spearhead domains.' },
      };
      expect(parse(withPolicy({ profile })).policies[0]?.profile).toEqual(profile);
    });

    it('reads the bundled Belgian facts, with a profile for both regional policies', () => {
      const text = readFileSync(new URL('../../data/sample/policy/BE.json', import.meta.url), 'utf8');
      const be = parsePolicyFacts(text, 'policy/BE.json');
      expect(be.policies.map((p) => [p.region, p.type, p.startYear, p.endYear])).toEqual([
        ['BE2', 'cluster', 2016, 2026],
        ['BE3', 'cluster', 2005, undefined],
      ]);
      expect(be.policies.every((p) => p.profile?.objectives && p.profile.budget)).toBe(true);
    });
  });

  describe('errors name the file, the field and the reason', () => {
    it('rejects text that is not JSON', () => {
      const e = thrown(() => parsePolicyFacts('{"country": "AT",', FILE));
      expect(e.message).toMatch(/^policy\/AT\.json: not valid JSON/);
    });

    it('rejects a duplicate key, naming its path', () => {
      const text =
        '{"country":"AT","assessedOn":"2022-09-30","source":"s","policies":[{"name":"a","name":"b"}]}';
      const e = thrown(() => parsePolicyFacts(text, FILE));
      expect(e.location).toEqual({ file: FILE, field: 'policies[0].name' });
      expect(e.reason).toBe('duplicate key "name"');
    });

    it('rejects an end year before the start year', () => {
      const e = thrown(() => parse(withPolicy({ startYear: 2016, endYear: 2015 })));
      expect(e.location).toEqual({ file: FILE, field: 'policies[0].endYear' });
      expect(e.reason).toBe('ends (2015) before it starts (2016)');
    });

    it('rejects a country that is not the file’s', () => {
      const e = thrown(() => parse(doc({ country: 'DE', policies: [] }), 'policy/AT.json'));
      expect(e.location).toEqual({ file: 'policy/AT.json', field: 'country' });
      expect(e.reason).toBe('describes country DE, but the file is named for AT');
    });

    it.each([
      ['assessedOn', doc({ assessedOn: '2022-02-30' }), 'assessedOn'],
      ['assessedOn missing', doc({ assessedOn: undefined }), 'assessedOn'],
      ['a year alone as assessedOn', doc({ assessedOn: 2022 }), 'assessedOn'],
      ['an unknown policy type', withPolicy({ type: 'dedicated' }), 'policies[0].type'],
      ['an unknown support kind', withPolicy({ support: ['networking'] }), 'policies[0].support[0]'],
      ['a support kind twice', withPolicy({ support: ['financial', 'financial'] }), 'policies[0].support'],
      ['an unknown evaluation', doc({ evaluation: ['impact'] }), 'evaluation[0]'],
      ['a fractional start year', withPolicy({ startYear: 2016.5 }), 'policies[0].startYear'],
      ['a region of another country', withPolicy({ region: 'BE2' }), 'policies[0].region'],
      ['an unknown key (the old `kind`)', withPolicy({ kind: 'dedicated' }), 'policies[0]'],
      [
        'an empty profile list',
        withPolicy({ profile: { objectives: [] } }),
        'policies[0].profile.objectives',
      ],
      [
        'a profile text that is a number',
        withPolicy({ profile: { history: 2016 } }),
        'policies[0].profile.history',
      ],
    ])('rejects %s', (_what, value, field) => {
      const e = thrown(() => parse(value));
      expect(e.location).toEqual({ file: FILE, field });
      expect(e.message).toMatch(
        new RegExp(`^policy/AT\\.json field "${field.replace(/[[\].]/g, '\\$&')}": \\S`),
      );
    });
  });
});
