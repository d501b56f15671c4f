import type { Notice } from '../model/notice.ts';
import { type CityLookup, lookupCity, normalizeCityName } from './cityLookup.ts';
import type { ClusterOrganisation } from './contract.ts';

/**
 * Where an organisation is counted: its own NUTS code when it gives one (at the country's level or finer),
 * else its city through the lookup (NUTS3, truncated to the level). Nothing else: an organisation that neither
 * places is unresolved, and counted as such, never guessed.
 */
export type RegionPlacement =
  | { via: 'nuts'; region: string }
  | { via: 'city'; region: string; nuts3: string }
  | { via: 'unresolved'; why: UnresolvedWhy };

export type UnresolvedWhy =
  | 'coarse-nuts'
  | 'city-not-found'
  | 'country-not-covered'
  | 'no-lookup'
  | 'no-location';

/**
 * Places one organisation at NUTS `level` (0–3). A given NUTS code takes precedence over the city, even when it
 * is coarser than the level (then the organisation is unresolved: the city is not used to refine it).
 */
export function placeOrganisation(
  org: ClusterOrganisation,
  level: number,
  cityLookup?: CityLookup,
): RegionPlacement {
  const length = 2 + level;
  if (org.region) {
    return org.region.length >= length
      ? { via: 'nuts', region: org.region.slice(0, length) }
      : { via: 'unresolved', why: 'coarse-nuts' };
  }
  if (!org.city || org.city.trim() === '') return { via: 'unresolved', why: 'no-location' };
  if (!cityLookup) return { via: 'unresolved', why: 'no-lookup' };
  if (!cityLookup.countries.has(org.country)) return { via: 'unresolved', why: 'country-not-covered' };
  const nuts3 = lookupCity(cityLookup, org.country, org.city);
  return nuts3
    ? { via: 'city', region: nuts3.slice(0, length), nuts3 }
    : { via: 'unresolved', why: 'city-not-found' };
}

export interface PlacementSummary {
  organisations: number;
  byNuts: number;
  byCity: number;
  /** Unresolved organisations, in total and by reason. */
  unresolved: Record<UnresolvedWhy | 'total', number>;
  /** Cities not in the lookup (spellings that match alike counted together), most frequent first. */
  unmatchedCities: Array<{ country: string; city: string; organisations: number }>;
  /** Countries of organisations with only a city, that the lookup has no city of, sorted. */
  uncoveredCountries: string[];
}

/** Counts how the organisations were placed (the same placement `clusterCounts` uses). */
export function summarisePlacements(
  orgs: readonly ClusterOrganisation[],
  levelFor: (country: string) => number,
  cityLookup?: CityLookup,
): PlacementSummary {
  const unresolved: PlacementSummary['unresolved'] = {
    'coarse-nuts': 0,
    'city-not-found': 0,
    'country-not-covered': 0,
    'no-lookup': 0,
    'no-location': 0,
    total: 0,
  };
  let byNuts = 0;
  let byCity = 0;
  const unmatched = new Map<string, { country: string; city: string; organisations: number }>();
  const uncovered = new Set<string>();
  for (const o of orgs) {
    const p = placeOrganisation(o, levelFor(o.country), cityLookup);
    if (p.via === 'nuts') byNuts++;
    else if (p.via === 'city') byCity++;
    else {
      unresolved.total++;
      unresolved[p.why]++;
      if (p.why === 'country-not-covered') uncovered.add(o.country);
      if (p.why === 'city-not-found') {
        const city = (o.city ?? '').trim().replace(/\s+/g, ' ');
        const k = `${o.country}\u0000${normalizeCityName(city)}`;
        const u = unmatched.get(k) ?? { country: o.country, city, organisations: 0 };
        u.organisations++;
        unmatched.set(k, u);
      }
    }
  }
  const unmatchedCities = [...unmatched.values()].sort(
    (a, b) => b.organisations - a.organisations || cmp(a.country, b.country) || cmp(a.city, b.city),
  );
  return {
    organisations: orgs.length,
    byNuts,
    byCity,
    unresolved,
    unmatchedCities,
    uncoveredCountries: [...uncovered].sort(),
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Unmatched cities named in the placement notice. */
export const UNMATCHED_CITIES_IN_NOTICE = 10;

/** The notice on `cluster_organisations` that says how the organisations' regions were found. */
export function placementNotice(summary: PlacementSummary, cityLookup?: CityLookup): Notice {
  const u = summary.unresolved;
  const reasons = [
    u['city-not-found'] > 0 ? `${u['city-not-found']} with a city not in the lookup` : '',
    u['country-not-covered'] > 0
      ? `${u['country-not-covered']} with a city in a country the lookup has no city of (${summary.uncoveredCountries.join(', ')})`
      : '',
    u['no-lookup'] > 0 ? `${u['no-lookup']} with only a city, and no city lookup was given` : '',
    u['no-location'] > 0 ? `${u['no-location']} with neither a region nor a city` : '',
    u['coarse-nuts'] > 0
      ? `${u['coarse-nuts']} with a NUTS code coarser than the country's region level`
      : '',
  ].filter((r) => r !== '');
  const top = summary.unmatchedCities
    .slice(0, UNMATCHED_CITIES_IN_NOTICE)
    .map((c) => `${c.country} ${c.city} (${c.organisations})`);
  return {
    table: 'cluster_organisations',
    message:
      `regions of the ${summary.organisations} organisations: ${summary.byNuts} placed by their NUTS code, ` +
      `${summary.byCity} by their city through ${cityLookup ? `${cityLookup.file} (NUTS 2024 codes)` : 'the city lookup (none given)'}, ` +
      `${u.total} unresolved (counted as region_unresolved, never guessed)` +
      `${reasons.length > 0 ? `: ${reasons.join('; ')}` : ''}` +
      `${top.length > 0 ? `. Most frequent cities not in the lookup: ${top.join(', ')}` : ''}`,
  };
}
