import type { ClusterCountRow, MemberCompositionRow } from '../metrics/clusterCounts.ts';
import type { EcosystemShareRow } from '../metrics/ecosystemShares.ts';
import type { RegionNodesRow } from '../model/computedTables.ts';
import type { MaturityScore } from '../policy/maturity.ts';
import type { FactsheetInput } from './input.ts';

/**
 * What a page reads out of the tables, as plain selections: one country's rows, in the order the factsheet
 * shows them. Pure and small, so each rule is tested on its own.
 */

/** The aggregate member_composition and cluster_organisations are computed for (see clusterCounts). */
export const EU_AGGREGATE = 'EU27_2020';

const COUNTRY = /^[A-Z]{2}$/;

/** Every country with ecosystem employment, except the benchmark, by code. */
export function factsheetCountries(input: FactsheetInput): string[] {
  const geos = new Set(input.tables.ecosystemEmployment.map((r) => r.geo));
  geos.delete(input.benchmark);
  return [...geos].filter((g) => COUNTRY.test(g)).sort();
}

type EcosystemRow = EcosystemShareRow & { year: number };

/** Rows grouped by geography once per table: each page reads its country's rows several times. */
const byGeo = new WeakMap<readonly { geo: string }[], Map<string, readonly { geo: string }[]>>();

/** The rows of one geography, in the table's order. Shared between callers: never to be changed. */
export function rowsOfGeo<R extends { geo: string }>(rows: readonly R[], geo: string): readonly R[] {
  let groups = byGeo.get(rows);
  if (!groups) {
    const grouped = new Map<string, R[]>();
    for (const r of rows) {
      const group = grouped.get(r.geo);
      if (group) group.push(r);
      else grouped.set(r.geo, [r]);
    }
    groups = grouped;
    byGeo.set(rows, groups);
  }
  return (groups.get(geo) ?? []) as readonly R[];
}

/** The country's 14 ecosystems, largest employment first (the Figure 1 order); missing ones last, by name. */
export function ecosystemsInOrder(input: FactsheetInput, country: string): EcosystemRow[] {
  return [...rowsOfGeo(input.tables.ecosystemEmployment, country)].sort(
    (a, b) =>
      (a.rank ?? Number.POSITIVE_INFINITY) - (b.rank ?? Number.POSITIVE_INFINITY) ||
      cmp(a.ecosystem, b.ecosystem),
  );
}

/** The n largest ecosystems by the country's employment (ranked ones: a geography without shares has none). */
export function topEcosystems(input: FactsheetInput, country: string, n = 3): EcosystemRow[] {
  return ecosystemsInOrder(input, country)
    .filter((r) => r.rank !== null)
    .slice(0, n);
}

/** The country's ecosystems with divisions without data (incomplete figures), in the Figure 1 order. */
export function incompleteEcosystems(input: FactsheetInput, country: string): EcosystemRow[] {
  return ecosystemsInOrder(input, country).filter((r) => r.missingDivisions > 0);
}

/** Ecosystems where the country's share exceeds the benchmark's, in the country's employment order. */
export function aboveBenchmark(input: FactsheetInput, country: string): EcosystemRow[] {
  return ecosystemsInOrder(input, country).filter((r) => r.specialised === true);
}

/** The country's regions at one level (the country's own code excluded), by region code. */
export function regionNodes(
  input: FactsheetInput,
  country: string,
  level: 'nace' | 'ecosystem',
): RegionNodesRow[] {
  return input.tables.regionNodes
    .filter((r) => r.level === level && r.region.length > 2 && r.region.startsWith(country))
    .sort((a, b) => cmp(a.region, b.region));
}

/** Nodes in the country at one level: the supplied total, else the sum over its regions. */
export function nodeTotal(input: FactsheetInput, country: string, level: 'nace' | 'ecosystem'): number {
  const given = input.nodeTotals?.find((t) => t.country === country && t.level === level);
  if (given) return given.nodeCount;
  return regionNodes(input, country, level).reduce((n, r) => n + r.nodeCount, 0);
}

function counts(input: FactsheetInput, country: string, scope: ClusterCountRow['scope']): ClusterCountRow[] {
  return input.tables.clusterOrganisations
    .filter((r) => r.country === country && r.scope === scope)
    .sort((a, b) => b.count - a.count || cmp(a.key, b.key));
}

/** Organisations per region (scope `region`), most first, ties by region code. */
export function organisationsByRegion(input: FactsheetInput, country: string): ClusterCountRow[] {
  return counts(input, country, 'region');
}

/** Organisations per ecosystem, most first. */
export function organisationsByEcosystem(input: FactsheetInput, country: string): ClusterCountRow[] {
  return counts(input, country, 'ecosystem');
}

/** Organisations taking part in each EU partnership, most first. */
export function organisationsByPartnership(input: FactsheetInput, country: string): ClusterCountRow[] {
  return counts(input, country, 'partnership');
}

/** All of the country's organisations, and those whose region could not be placed. */
export function organisationTotals(
  input: FactsheetInput,
  country: string,
): { total: number; unresolved: number } {
  const one = (scope: ClusterCountRow['scope']) =>
    input.tables.clusterOrganisations.find((r) => r.country === country && r.scope === scope)?.count ?? 0;
  return { total: one('total'), unresolved: one('region_unresolved') };
}

export function memberMix(
  input: FactsheetInput,
  country: string,
): { country?: MemberCompositionRow; eu?: MemberCompositionRow } {
  const find = (geo: string) => input.tables.memberComposition.find((r) => r.geo === geo);
  return { country: find(country), eu: find(EU_AGGREGATE) };
}

export function maturityOf(input: FactsheetInput, country: string): MaturityScore | undefined {
  return input.tables.maturity.find((m) => m.country === country);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
