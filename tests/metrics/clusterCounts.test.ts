import { describe, expect, it } from 'vitest';
import { parseCityLookup } from '../../lib/clusters/cityLookup.ts';
import { type ClusterOrganisation, clusterOrganisationSchema } from '../../lib/clusters/contract.ts';
import {
  type ClusterCountRow,
  clusterCounts,
  type MemberCompositionRow,
  memberComposition,
} from '../../lib/metrics/clusterCounts.ts';

const org = (fields: Record<string, unknown>): ClusterOrganisation =>
  clusterOrganisationSchema.parse({ name: `Cluster ${String(fields.id)}`, ...fields });

/**
 * Seven organisations:
 * | id   | country | region | ecosystems       | partnerships | members (sme/large/research/other) |
 * | be-1 | BE      | BE21   | Health, Digital  | ESCP-4i      | 8 / 1 / 1 / 0  (10)                |
 * | be-2 | BE      | BE2    | Health           |              | 20 / 6 / 3 / 1 (30)                |
 * | be-3 | BE      | BE10   | Digital          |              | —                                  |
 * | be-4 | BE      | —      |                  |              | —                                  |
 * | at-1 | AT      | AT130  |                  |              | 10 / 0 / 0 / 0 (10)                |
 * | at-2 | AT      | AT1    |                  |              | —                                  |
 * | gr-1 | GR → EL | EL30   | Tourism          |              | 3 / 0 / 1 / 0  (4)                 |
 * | tr-1 | TR      | TR10   | Textiles         | Euroclusters | 100 / 100 / 0 / 0 (200)            |
 */
const ORGS: ClusterOrganisation[] = [
  org({
    id: 'be-1',
    country: 'BE',
    region: 'BE21',
    ecosystems: ['Health', 'Digital'],
    partnerships: ['ESCP-4i'],
    members: { sme: 8, large: 1, research: 1, other: 0 },
  }),
  org({
    id: 'be-2',
    country: 'BE',
    region: 'BE2',
    ecosystems: ['Health'],
    members: { sme: 20, large: 6, research: 3, other: 1 },
  }),
  org({ id: 'be-3', country: 'BE', region: 'BE10', ecosystems: ['Digital'] }),
  org({ id: 'be-4', country: 'BE' }),
  org({ id: 'at-1', country: 'AT', region: 'AT130', members: { sme: 10, large: 0, research: 0, other: 0 } }),
  org({ id: 'at-2', country: 'AT', region: 'AT1' }),
  org({
    id: 'gr-1',
    country: 'GR',
    region: 'EL30',
    ecosystems: ['Tourism'],
    members: { sme: 3, large: 0, research: 1, other: 0 },
  }),
  org({
    id: 'tr-1',
    country: 'TR',
    region: 'TR10',
    ecosystems: ['Textiles'],
    partnerships: ['Euroclusters'],
    members: { sme: 100, large: 100, research: 0, other: 0 },
  }),
];

/** Belgium at NUTS1, everyone else at NUTS2. */
const levelFor = (country: string) => (country === 'BE' ? 1 : 2);

function count(rows: ClusterCountRow[], country: string, scope: string, key = ''): number | undefined {
  return rows.find((r) => r.country === country && r.scope === scope && r.key === key)?.count;
}

function composition(rows: MemberCompositionRow[], geo: string): MemberCompositionRow {
  const r = rows.find((x) => x.geo === geo);
  if (!r) throw new Error(`no composition row for ${geo}`);
  return r;
}

describe('clusterCounts', () => {
  describe('per country', () => {
    it('counts all organisations of each country', () => {
      const rows = clusterCounts(ORGS, levelFor);
      // BE: be-1..be-4 = 4; AT: at-1, at-2 = 2; EL: gr-1 = 1; TR: tr-1 = 1
      expect(count(rows, 'BE', 'total')).toBe(4);
      expect(count(rows, 'AT', 'total')).toBe(2);
      expect(count(rows, 'EL', 'total')).toBe(1);
      expect(count(rows, 'TR', 'total')).toBe(1);
    });

    it('counts Greek organisations given as GR under EL', () => {
      const rows = clusterCounts(ORGS, levelFor);
      expect(count(rows, 'GR', 'total')).toBeUndefined();
      expect(count(rows, 'EL', 'region', 'EL30')).toBe(1);
    });
  });

  describe('per region', () => {
    it('truncates a finer region code to the country’s configured level', () => {
      const rows = clusterCounts(ORGS, levelFor);
      // BE at level 1: be-1 BE21 → BE2, be-2 BE2 → BE2 → 2; be-3 BE10 → BE1 → 1
      expect(count(rows, 'BE', 'region', 'BE2')).toBe(2);
      expect(count(rows, 'BE', 'region', 'BE1')).toBe(1);
      // AT at level 2: at-1 AT130 → AT13
      expect(count(rows, 'AT', 'region', 'AT13')).toBe(1);
    });

    it('counts an organisation without a region as unresolved', () => {
      const rows = clusterCounts(ORGS, levelFor);
      // be-4 has no region
      expect(count(rows, 'BE', 'region_unresolved')).toBe(1);
    });

    it('counts a region coarser than the configured level as unresolved, never guessing', () => {
      const rows = clusterCounts(ORGS, levelFor);
      // at-2 is in AT1 (NUTS1) but Austria is counted at NUTS2
      expect(count(rows, 'AT', 'region_unresolved')).toBe(1);
      expect(count(rows, 'AT', 'region', 'AT1')).toBeUndefined();
    });

    it('gives the EU27 aggregate no region rows', () => {
      const rows = clusterCounts(ORGS, levelFor);
      expect(rows.filter((r) => r.country === 'EU27_2020' && r.scope.startsWith('region'))).toEqual([]);
    });

    it('leaves a country’s region rows summing to its total', () => {
      const rows = clusterCounts(ORGS, levelFor);
      const be = rows.filter((r) => r.country === 'BE' && r.scope.startsWith('region'));
      // BE2 2 + BE1 1 + unresolved 1 = 4 = total
      expect(be.reduce((s, r) => s + r.count, 0)).toBe(4);
    });
  });

  describe('per ecosystem', () => {
    it('counts an organisation in several ecosystems in each of them', () => {
      const rows = clusterCounts(ORGS, levelFor);
      // Health: be-1, be-2 = 2; Digital: be-1, be-3 = 2 (be-1 in both)
      expect(count(rows, 'BE', 'ecosystem', 'Health')).toBe(2);
      expect(count(rows, 'BE', 'ecosystem', 'Digital')).toBe(2);
    });

    it('gives no ecosystem row to an organisation without ecosystems', () => {
      const rows = clusterCounts([org({ id: 'x', country: 'AT' })], levelFor);
      expect(rows.filter((r) => r.scope === 'ecosystem')).toEqual([]);
    });
  });

  describe('per partnership', () => {
    it('counts organisations per EU partnership', () => {
      const rows = clusterCounts(ORGS, levelFor);
      expect(count(rows, 'BE', 'partnership', 'ESCP-4i')).toBe(1);
      expect(count(rows, 'TR', 'partnership', 'Euroclusters')).toBe(1);
    });
  });

  describe('EU27_2020', () => {
    it('counts only organisations of the 27 member states', () => {
      const rows = clusterCounts(ORGS, levelFor);
      // BE 4 + AT 2 + EL 1 = 7; the Turkish tr-1 is left out
      expect(count(rows, 'EU27_2020', 'total')).toBe(7);
    });

    it('counts ecosystems and partnerships over the member states only', () => {
      const rows = clusterCounts(ORGS, levelFor);
      // Health be-1, be-2 = 2; Digital be-1, be-3 = 2; Tourism gr-1 = 1; ESCP-4i be-1 = 1
      expect(count(rows, 'EU27_2020', 'ecosystem', 'Health')).toBe(2);
      expect(count(rows, 'EU27_2020', 'ecosystem', 'Digital')).toBe(2);
      expect(count(rows, 'EU27_2020', 'ecosystem', 'Tourism')).toBe(1);
      expect(count(rows, 'EU27_2020', 'partnership', 'ESCP-4i')).toBe(1);
      // Textiles and Euroclusters come only from tr-1 (Türkiye)
      expect(count(rows, 'EU27_2020', 'ecosystem', 'Textiles')).toBeUndefined();
      expect(count(rows, 'EU27_2020', 'partnership', 'Euroclusters')).toBeUndefined();
    });
  });
});

describe('clusterCounts with a city lookup', () => {
  const LOOKUP = parseCityLookup(
    [
      'country,city,nuts3,source',
      'BE,Bruxelles,BE100,nuts2024:arrondissement',
      'BE,Liège,BE332,nuts2024:arrondissement',
      'AT,Wien,AT130,nuts2024:plain',
    ].join('\n'),
    'reference/city_to_nuts.csv',
  );
  /**
   * | id  | country | region | city      | placed                         |
   * | c-1 | BE      | —      | BRUXELLES | city: BE100 → BE1 (BE level 1) |
   * | c-2 | BE      | —      | liege     | city: BE332 → BE3              |
   * | c-3 | BE      | BE21   | Liège     | NUTS code: BE2 (city ignored)  |
   * | c-4 | BE      | —      | Gosselies | unresolved (not in the lookup) |
   * | c-5 | AT      | —      | Wien      | city: AT130 → AT13 (level 2)   |
   * | c-6 | AT      | AT1    | Wien      | unresolved (coarse NUTS code)  |
   */
  const CITY_ORGS = [
    org({ id: 'c-1', country: 'BE', city: 'BRUXELLES' }),
    org({ id: 'c-2', country: 'BE', city: 'liege' }),
    org({ id: 'c-3', country: 'BE', region: 'BE21', city: 'Liège' }),
    org({ id: 'c-4', country: 'BE', city: 'Gosselies' }),
    org({ id: 'c-5', country: 'AT', city: 'Wien' }),
    org({ id: 'c-6', country: 'AT', region: 'AT1', city: 'Wien' }),
  ];

  it('counts an organisation placed by its city in the region at the country’s level', () => {
    const rows = clusterCounts(CITY_ORGS, levelFor, LOOKUP);
    expect(count(rows, 'BE', 'region', 'BE1')).toBe(1);
    expect(count(rows, 'AT', 'region', 'AT13')).toBe(1);
  });

  it('counts by the NUTS code when a row has both a code and a city', () => {
    const rows = clusterCounts(CITY_ORGS, levelFor, LOOKUP);
    // c-2 by its city in BE3; c-3's city is also in BE3 but its code says BE2
    expect(count(rows, 'BE', 'region', 'BE3')).toBe(1);
    expect(count(rows, 'BE', 'region', 'BE2')).toBe(1);
  });

  it('counts a city not in the lookup, and a coarse code, as unresolved', () => {
    const rows = clusterCounts(CITY_ORGS, levelFor, LOOKUP);
    expect(count(rows, 'BE', 'region_unresolved')).toBe(1); // c-4
    expect(count(rows, 'AT', 'region_unresolved')).toBe(1); // c-6
  });

  it('counts every city-only organisation as unresolved without a lookup', () => {
    const rows = clusterCounts(CITY_ORGS, levelFor);
    // BE: c-1, c-2, c-4 unresolved, c-3 by its code; AT: c-5, c-6
    expect(count(rows, 'BE', 'region_unresolved')).toBe(3);
    expect(count(rows, 'AT', 'region_unresolved')).toBe(2);
  });

  it('leaves a country’s region rows summing to its total', () => {
    const rows = clusterCounts(CITY_ORGS, levelFor, LOOKUP);
    const be = rows.filter((r) => r.country === 'BE' && r.scope.startsWith('region'));
    expect(be.reduce((s, r) => s + r.count, 0)).toBe(count(rows, 'BE', 'total'));
  });
});

describe('memberComposition', () => {
  it('pools member counts over a country’s organisations before dividing', () => {
    const be = composition(memberComposition(ORGS), 'BE');
    // members: be-1 10 + be-2 30 = 40
    // sme (8 + 20)/40 = 28/40 = 0.7 (the mean of per-organisation shares would be (0.8 + 20/30)/2 ≈ 0.733)
    // large (1 + 6)/40 = 7/40 = 0.175; research (1 + 3)/40 = 4/40 = 0.1; other (0 + 1)/40 = 0.025
    expect(be.members).toBe(40);
    expect(be.smeShare).toBeCloseTo(0.7, 12);
    expect(be.largeShare).toBeCloseTo(0.175, 12);
    expect(be.researchShare).toBeCloseTo(0.1, 12);
    expect(be.otherShare).toBeCloseTo(0.025, 12);
  });

  it('counts organisations without member data in organisations but not in organisationsWithMembers', () => {
    const rows = memberComposition(ORGS);
    // BE: 4 organisations, be-1 and be-2 with members; AT: 2 organisations, at-1 with members
    expect(composition(rows, 'BE')).toMatchObject({ organisations: 4, organisationsWithMembers: 2 });
    expect(composition(rows, 'AT')).toMatchObject({ organisations: 2, organisationsWithMembers: 1 });
  });

  it('pools the EU27 over the member states only', () => {
    const eu = composition(memberComposition(ORGS), 'EU27_2020');
    // organisations BE 4 + AT 2 + EL 1 = 7; with members be-1, be-2, at-1, gr-1 = 4
    // members 10 + 30 + 10 + 4 = 54 (tr-1's 200 left out)
    // sme (8 + 20 + 10 + 3)/54 = 41/54; large (1 + 6 + 0 + 0)/54 = 7/54;
    // research (1 + 3 + 0 + 1)/54 = 5/54; other (0 + 1 + 0 + 0)/54 = 1/54
    expect(eu).toMatchObject({ organisations: 7, organisationsWithMembers: 4, members: 54 });
    expect(eu.smeShare).toBeCloseTo(41 / 54, 12);
    expect(eu.largeShare).toBeCloseTo(7 / 54, 12);
    expect(eu.researchShare).toBeCloseTo(5 / 54, 12);
    expect(eu.otherShare).toBeCloseTo(1 / 54, 12);
  });

  it('gives a country outside the EU its own row', () => {
    const tr = composition(memberComposition(ORGS), 'TR');
    // 100 + 100 = 200 members: sme 100/200 = 0.5, large 100/200 = 0.5
    expect(tr).toMatchObject({ organisations: 1, organisationsWithMembers: 1, members: 200 });
    expect(tr.smeShare).toBe(0.5);
    expect(tr.largeShare).toBe(0.5);
  });

  it('writes Greece as EL', () => {
    const rows = memberComposition(ORGS);
    expect(rows.map((r) => r.geo)).toContain('EL');
    expect(rows.map((r) => r.geo)).not.toContain('GR');
    // gr-1: 3 + 1 = 4 members; sme 3/4 = 0.75, research 1/4 = 0.25
    expect(composition(rows, 'EL')).toMatchObject({ members: 4, smeShare: 0.75, researchShare: 0.25 });
  });

  it('leaves the shares empty when no organisation of a country reports members', () => {
    const rows = memberComposition([org({ id: 'no-1', country: 'NO' }), org({ id: 'no-2', country: 'NO' })]);
    expect(composition(rows, 'NO')).toEqual({
      geo: 'NO',
      organisations: 2,
      organisationsWithMembers: 0,
      members: 0,
      smeShare: null,
      largeShare: null,
      researchShare: null,
      otherShare: null,
    });
  });
});
