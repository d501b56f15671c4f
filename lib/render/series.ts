import type { FactsheetInput } from './input.ts';
import { regionNodes, rowsOfGeo, topEcosystems } from './reading.ts';

/**
 * What the "over time" part of a page reads out of the series (every year of the snapshot): plain
 * selections, each rule small enough to be tested on its own. Without a series, one year.
 */

export function seriesYears(input: FactsheetInput): readonly number[] {
  return input.series?.years ?? [input.latestYear];
}

/** The year before the reference year, when the series has it. */
export function previousYear(input: FactsheetInput): number | undefined {
  const years = seriesYears(input);
  return years.length > 1 ? years.at(-2) : undefined;
}

export interface SharePoint {
  year: number;
  share: number | null;
  benchmarkShare: number | null;
}

/** The country's n largest ecosystems (in the reference year), their share and the benchmark's every year. */
export function shareSeries(
  input: FactsheetInput,
  country: string,
  n = 5,
): Array<{ ecosystem: string; points: SharePoint[] }> {
  const rows = rowsOfGeo(input.series?.ecosystemEmployment ?? input.tables.ecosystemEmployment, country);
  const byKey = new Map(rows.map((r) => [`${r.ecosystem}\t${r.year}`, r]));
  return topEcosystems(input, country, n).map(({ ecosystem }) => ({
    ecosystem,
    points: seriesYears(input).map((year) => {
      const r = byKey.get(`${ecosystem}\t${year}`);
      return { year, share: r?.share ?? null, benchmarkShare: r?.benchmarkShare ?? null };
    }),
  }));
}

type Level = 'nace' | 'ecosystem';

/** region → activity → the years it was a node, at one level, for the country's regions. */
function nodeYears(
  input: FactsheetInput,
  country: string,
  level: Level,
): ReadonlyMap<string, Map<string, Set<number>>> {
  return nodeYearsByCountry(input.series?.nodes ?? NO_NODES, level).get(country) ?? NO_REGIONS;
}

const NO_NODES: NonNullable<FactsheetInput['series']>['nodes'] = [];
const NO_REGIONS: ReadonlyMap<string, Map<string, Set<number>>> = new Map();
/** Every page asks several times per country: the node cells are grouped once per series and level. */
const grouped = new WeakMap<object, Map<Level, Map<string, Map<string, Map<string, Set<number>>>>>>();

function nodeYearsByCountry(
  nodes: NonNullable<FactsheetInput['series']>['nodes'],
  level: Level,
): Map<string, Map<string, Map<string, Set<number>>>> {
  let byLevel = grouped.get(nodes);
  if (!byLevel) {
    byLevel = new Map();
    grouped.set(nodes, byLevel);
  }
  const cached = byLevel.get(level);
  if (cached) return cached;
  const out = new Map<string, Map<string, Map<string, Set<number>>>>();
  for (const c of nodes) {
    if (c.level !== level || c.region.length <= 2) continue;
    const country = c.region.slice(0, 2);
    const regions = out.get(country) ?? new Map<string, Map<string, Set<number>>>();
    const byActivity = regions.get(c.region) ?? new Map<string, Set<number>>();
    const years = byActivity.get(c.activity) ?? new Set<number>();
    years.add(c.year);
    byActivity.set(c.activity, years);
    regions.set(c.region, byActivity);
    out.set(country, regions);
  }
  byLevel.set(level, out);
  return out;
}

export interface NodeStrip {
  region: string;
  /** Every activity that was a node in some year (node_history's rows), most node years first. */
  rows: Array<{ activity: string; nodeYears: number; node: boolean[] }>;
}

/** Per region, which activities were nodes in which year of the series (the year-by-node strip). */
export function nodeStrips(input: FactsheetInput, country: string, level: Level): NodeStrip[] {
  const years = seriesYears(input);
  const cells = nodeYears(input, country, level);
  const history = (input.series?.nodeHistory ?? []).filter(
    (h) => h.level === level && h.region.length > 2 && h.region.startsWith(country),
  );
  const regions = [...new Set([...regionNodes(input, country, level).map((r) => r.region), ...cells.keys()])];
  return regions.sort().map((region) => ({
    region,
    rows: history
      .filter((h) => h.region === region)
      .sort((a, b) => b.nodeYears - a.nodeYears || cmp(a.activity, b.activity))
      .map((h) => {
        const on = cells.get(region)?.get(h.activity);
        return { activity: h.activity, nodeYears: h.nodeYears, node: years.map((y) => on?.has(y) === true) };
      }),
  }));
}

export interface NodeChange {
  region: string;
  /** Nodes in the reference year that were none the year before (node_history `new`). */
  gained: string[];
  /** Nodes the year before that are none in the reference year, with an LQ (node_history `lost`). */
  lost: string[];
}

/** Per region, the nodes gained and lost since the previous year; regions without a change left out. */
export function nodeChanges(input: FactsheetInput, country: string, level: Level): NodeChange[] {
  const before = previousYear(input);
  if (before === undefined) return [];
  const cells = nodeYears(input, country, level);
  const byRegion = new Map<string, NodeChange>();
  for (const h of input.series?.nodeHistory ?? []) {
    if (h.level !== level || h.region.length <= 2 || !h.region.startsWith(country)) continue;
    const wasNode = cells.get(h.region)?.get(h.activity)?.has(before) === true;
    const change = byRegion.get(h.region) ?? { region: h.region, gained: [], lost: [] };
    if (h.status === 'new') change.gained.push(h.activity);
    else if (h.status === 'lost' && wasNode) change.lost.push(h.activity);
    byRegion.set(h.region, change);
  }
  return [...byRegion.values()]
    .filter((c) => c.gained.length + c.lost.length > 0)
    .map((c) => ({ ...c, gained: c.gained.sort(), lost: c.lost.sort() }))
    .sort((a, b) => cmp(a.region, b.region));
}

/** The country's nodes at one level in a year: the node cells of its regions. */
export function nodesInYear(input: FactsheetInput, country: string, level: Level, year: number): number {
  let n = 0;
  for (const activities of nodeYears(input, country, level).values())
    for (const years of activities.values()) if (years.has(year)) n++;
  return n;
}

export interface RankMove {
  ecosystem: string;
  from: number;
  to: number;
}

/** Ecosystems among the n largest in either year whose rank changed since the previous year. */
export function rankMoves(input: FactsheetInput, country: string, n = 5): RankMove[] {
  const before = previousYear(input);
  if (before === undefined) return [];
  const rows = rowsOfGeo(input.series?.ecosystemEmployment ?? [], country);
  const rank = (year: number) =>
    new Map(
      rows.filter((r) => r.year === year && r.rank !== null).map((r) => [r.ecosystem, r.rank as number]),
    );
  const then = rank(before);
  const now = rank(input.latestYear);
  const moves: RankMove[] = [];
  for (const [ecosystem, to] of now) {
    const from = then.get(ecosystem);
    if (from !== undefined && from !== to && (from <= n || to <= n)) moves.push({ ecosystem, from, to });
  }
  return moves.sort((a, b) => a.to - b.to);
}

/** Ecosystems whose share crossed the benchmark's since the previous year: `above` is where it is now. */
export function benchmarkCrossings(
  input: FactsheetInput,
  country: string,
): Array<{ ecosystem: string; above: boolean }> {
  const before = previousYear(input);
  if (before === undefined) return [];
  const rows = rowsOfGeo(input.series?.ecosystemEmployment ?? [], country);
  const then = new Map(rows.filter((r) => r.year === before).map((r) => [r.ecosystem, r.specialised]));
  return rows
    .filter((r) => r.year === input.latestYear && r.specialised !== null)
    .filter((r) => {
      const was = then.get(r.ecosystem);
      return was !== null && was !== undefined && was !== r.specialised;
    })
    .map((r) => ({ ecosystem: r.ecosystem, above: r.specialised === true }))
    .sort((a, b) => cmp(a.ecosystem, b.ecosystem));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
