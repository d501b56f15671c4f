import { type Consortium, PROGRAMMES, partnerKey } from './contract.ts';

/**
 * Cross-regional cooperation per country (factsheet section 3), as a long table like cluster_organisations:
 * one row per country, programme, scope and key.
 * - `programme`: one of the five programmes; `ESCP` for the three ESCP strands together (the factsheet's
 *   "European Strategic Cluster Partnerships"); `all` for every consortium in the input.
 * - scope `consortia` (key empty): consortia of that programme with at least one partner from the country.
 * - scope `organisations` (key empty): distinct organisations of the country in them (see partnerKey).
 * - scope `partner_countries` (key empty): distinct other countries among their partners.
 * - scope `partner_country` (key = that country): consortia the two countries share.
 * Only programmes a country takes part in get rows. Sorted by country, programme (in the order above),
 * scope (in the order above), key.
 */
export type CooperationScope = 'consortia' | 'organisations' | 'partner_countries' | 'partner_country';

export interface CooperationRow {
  country: string;
  programme: string;
  scope: CooperationScope;
  key: string;
  count: number;
}

const ESCP = ['ESCP-4i', 'ESCP-4x', 'ESCP-S3'] as const;

/** Programme groups in output order: each programme, with the ESCP total after its strands, then `all`. */
const GROUPS: ReadonlyArray<[string, (c: Consortium) => boolean]> = [
  ...ESCP.map((p): [string, (c: Consortium) => boolean] => [p, (c) => c.programme === p]),
  ['ESCP', (c) => (ESCP as readonly string[]).includes(c.programme)],
  ...PROGRAMMES.filter((p) => !(ESCP as readonly string[]).includes(p)).map(
    (p): [string, (c: Consortium) => boolean] => [p, (c) => c.programme === p],
  ),
  ['all', () => true],
];

interface Tally {
  consortia: number;
  organisations: Set<string>;
  partners: Map<string, number>;
}

export function cooperation(consortia: readonly Consortium[]): CooperationRow[] {
  const rows: CooperationRow[] = [];
  const byCountry = new Map<string, Map<string, Tally>>();
  for (const [group, member] of GROUPS) {
    for (const c of consortia) {
      if (!member(c)) continue;
      const countries = new Set(c.partners.map((p) => p.country));
      for (const country of countries) {
        const groups = byCountry.get(country) ?? new Map<string, Tally>();
        byCountry.set(country, groups);
        const t = groups.get(group) ?? { consortia: 0, organisations: new Set(), partners: new Map() };
        groups.set(group, t);
        t.consortia++;
        for (const p of c.partners) if (p.country === country) t.organisations.add(partnerKey(p));
        for (const other of countries)
          if (other !== country) t.partners.set(other, (t.partners.get(other) ?? 0) + 1);
      }
    }
  }
  for (const country of [...byCountry.keys()].sort()) {
    const groups = byCountry.get(country) as Map<string, Tally>;
    for (const [group] of GROUPS) {
      const t = groups.get(group);
      if (!t) continue;
      const row = (scope: CooperationScope, key: string, count: number) =>
        rows.push({ country, programme: group, scope, key, count });
      row('consortia', '', t.consortia);
      row('organisations', '', t.organisations.size);
      row('partner_countries', '', t.partners.size);
      for (const other of [...t.partners.keys()].sort())
        row('partner_country', other, t.partners.get(other) as number);
    }
  }
  return rows;
}
