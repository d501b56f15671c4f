import { EU27_2020_COUNTRIES } from '../classifications/nuts.ts';
import type { CityLookup } from '../clusters/cityLookup.ts';
import type { ClusterOrganisation } from '../clusters/contract.ts';
import { placeOrganisation } from '../clusters/regions.ts';

export type CountScope = 'total' | 'region' | 'region_unresolved' | 'ecosystem' | 'partnership';

export interface ClusterCountRow {
  /** Country code, or the EU27 aggregate `EU27_2020`. */
  country: string;
  scope: CountScope;
  /** Region code, ecosystem name or partnership; empty for `total` and `region_unresolved`. */
  key: string;
  count: number;
}

export interface MemberCompositionRow {
  geo: string;
  organisations: number;
  organisationsWithMembers: number;
  members: number;
  smeShare: number | null;
  largeShare: number | null;
  researchShare: number | null;
  otherShare: number | null;
}

/**
 * Counts per country (and for the EU27): all organisations, per region at the country's configured level,
 * per ecosystem (an organisation in several counts in each) and per EU partnership.
 * The region is the organisation's NUTS code where it gives one, else its city through `cityLookup` (NUTS3
 * truncated to the level); a code coarser than the level, a city not in the lookup, or neither counts as
 * `region_unresolved` (never guessed). See `placeOrganisation`.
 */
export function clusterCounts(
  orgs: readonly ClusterOrganisation[],
  levelFor: (country: string) => number,
  cityLookup?: CityLookup,
): ClusterCountRow[] {
  const counts = new Map<string, number>();
  const bump = (country: string, scope: CountScope, key: string) => {
    const k = `${country}\u0000${scope}\u0000${key}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  };
  const eu = new Set(EU27_2020_COUNTRIES);
  for (const o of orgs) {
    const geos = eu.has(o.country) ? [o.country, 'EU27_2020'] : [o.country];
    for (const geo of geos) {
      bump(geo, 'total', '');
      for (const e of o.ecosystems) bump(geo, 'ecosystem', e);
      for (const p of o.partnerships) bump(geo, 'partnership', p);
    }
    const placed = placeOrganisation(o, levelFor(o.country), cityLookup);
    if (placed.via === 'unresolved') bump(o.country, 'region_unresolved', '');
    else bump(o.country, 'region', placed.region);
  }
  const order: CountScope[] = ['total', 'region', 'region_unresolved', 'ecosystem', 'partnership'];
  return [...counts]
    .map(([k, count]) => {
      const [country, scope, key] = k.split('\u0000') as [string, CountScope, string];
      return { country, scope, key, count };
    })
    .sort(
      (a, b) =>
        cmp(a.country, b.country) ||
        order.indexOf(a.scope) - order.indexOf(b.scope) ||
        b.count - a.count ||
        cmp(a.key, b.key),
    );
}

/** Member composition pooled over organisations (members summed, then divided), per country and EU27. */
export function memberComposition(orgs: readonly ClusterOrganisation[]): MemberCompositionRow[] {
  const eu = new Set(EU27_2020_COUNTRIES);
  const pools = new Map<
    string,
    { orgs: number; withMembers: number; sme: number; large: number; research: number; other: number }
  >();
  for (const o of orgs) {
    for (const geo of eu.has(o.country) ? [o.country, 'EU27_2020'] : [o.country]) {
      let p = pools.get(geo);
      if (!p) {
        p = { orgs: 0, withMembers: 0, sme: 0, large: 0, research: 0, other: 0 };
        pools.set(geo, p);
      }
      p.orgs++;
      if (o.members) {
        p.withMembers++;
        p.sme += o.members.sme;
        p.large += o.members.large;
        p.research += o.members.research;
        p.other += o.members.other;
      }
    }
  }
  return [...pools]
    .sort(([a], [b]) => cmp(a, b))
    .map(([geo, p]) => {
      const members = p.sme + p.large + p.research + p.other;
      const share = (n: number) => (members > 0 ? n / members : null);
      return {
        geo,
        organisations: p.orgs,
        organisationsWithMembers: p.withMembers,
        members,
        smeShare: share(p.sme),
        largeShare: share(p.large),
        researchShare: share(p.research),
        otherShare: share(p.other),
      };
    });
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
