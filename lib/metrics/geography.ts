import { EU27_2020_COUNTRIES, parseGeo } from '../classifications/nuts.ts';
import { ConfigError } from '../errors.ts';
import type { CubeCells } from '../eurostat/parse/cube.ts';
import { type MissingCellRule, type SumPart, sumUnderRule, valuesAsParts } from './missingCells.ts';

/** activity → value for one geography; null = missing or confidential, never zero. */
export type ActivityValues = Map<string, number | null>;

/**
 * What the sums under the missing-cell rule met: the parts without a value (part → activities) and the parts
 * with no data at all that year. Filled by aggregateToRegions and benchmarkValues for the notices.
 */
export interface SumTally {
  suppressed: Map<string, string[]>;
  absent: Set<string>;
  /** Members of a benchmark summed from its members that have data that year. */
  present: Set<string>;
}

export const emptyTally = (): SumTally => ({ suppressed: new Map(), absent: new Set(), present: new Set() });

function noteSuppressed(tally: SumTally | undefined, part: string, activity: string): void {
  if (!tally) return;
  const list = tally.suppressed.get(part);
  if (list) list.push(activity);
  else tally.suppressed.set(part, [activity]);
}

/** Whether one geography's row has any value in the period (else it is absent that year). */
function rowHasData(
  byActivity: ReadonlyMap<string, ReadonlyMap<string, { value: number | null }>>,
  period: string,
) {
  for (const byTime of byActivity.values()) {
    const v = byTime.get(period)?.value;
    if (v !== null && v !== undefined) return true;
  }
  return false;
}

/** The geographies with at least one value in the period: the others are absent that year. */
export function geosWithData(cells: CubeCells, period: string): Set<string> {
  const out = new Set<string>();
  for (const [geo, byActivity] of cells) if (rowHasData(byActivity, period)) out.add(geo);
  return out;
}

/** How a region is summed from its NUTS parts: the country's codes, those with data, the rule and the tally. */
interface PartsContext {
  cells: CubeCells;
  codes: readonly string[];
  withData: ReadonlySet<string>;
  period: string;
  rule: MissingCellRule;
  tally: SumTally | undefined;
}

/**
 * Brings a cube's NUTS rows to the configured region level per country, for one period. A region's value is
 * its own row where the data has one, else the sum of its children at the next level present (NUTS1 from
 * NUTS2, say), under the missing-cell rule (lib/metrics/missingCells).
 */
export function aggregateToRegions(
  cells: CubeCells,
  period: string,
  activities: readonly string[],
  levelFor: (country: string) => number,
  rule: MissingCellRule = 'lenient',
  tally?: SumTally,
): Map<string, ActivityValues> {
  // Codes present per country, by level.
  const byCountry = new Map<string, string[]>();
  for (const geo of cells.keys()) {
    const g = parseGeo(geo);
    if (g?.kind !== 'nuts' || g.extraRegio) continue;
    let list = byCountry.get(g.country);
    if (!list) {
      list = [];
      byCountry.set(g.country, list);
    }
    list.push(geo);
  }
  const withData = geosWithData(cells, period);
  const out = new Map<string, ActivityValues>();
  for (const [country, codes] of byCountry) {
    const level = levelFor(country);
    const length = 2 + level;
    const regions = new Set(codes.filter((c) => c.length >= length).map((c) => c.slice(0, length)));
    const context: PartsContext = { cells, codes, withData, period, rule, tally };
    for (const region of [...regions].sort()) {
      // The region's own row, found once for all its activities: most regions have one.
      const own = cells.get(region);
      const values: ActivityValues = new Map();
      for (const activity of activities) {
        const cell = own?.get(activity)?.get(period);
        values.set(activity, cell !== undefined ? cell.value : geoValue(context, region, activity));
      }
      out.set(region, values);
    }
  }
  return out;
}

/**
 * A geography's value: its own row, else the sum of its children one level down, each found the same way
 * (so a child present only through its own children still counts), under the missing-cell rule: a child with
 * no data at all that year makes the sum missing, a child without this activity's value is suppressed.
 */
function geoValue(c: PartsContext, code: string, activity: string): number | null {
  const own = c.cells.get(code)?.get(activity)?.get(c.period);
  if (own !== undefined) return own.value;
  const children = [
    ...new Set(
      c.codes
        .filter((x) => x.length > code.length && x.startsWith(code))
        .map((x) => x.slice(0, code.length + 1)),
    ),
  ].sort();
  if (children.length === 0) return null;
  const parts: SumPart[] = children.map((child) => {
    const absent = !c.codes.some((x) => x.startsWith(child) && c.withData.has(x));
    const value = absent ? null : geoValue(c, child, activity);
    if (absent) c.tally?.absent.add(child);
    else if (value === null) noteSuppressed(c.tally, child, activity);
    return { value, absent };
  });
  return sumUnderRule(parts, c.rule).value;
}

/** The sum, or null when there is nothing to sum or any part is missing (the strict rule on plain values). */
export function sumOf(parts: ReadonlyArray<number | null | undefined>): number | null {
  return sumUnderRule(valuesAsParts(parts), 'strict').value;
}

/** Countries an aggregate benchmark is made of, when the data has no rows of its own for it. */
export function benchmarkMembers(benchmark: string): { countries?: readonly string[]; prefix?: string } {
  if (benchmark === 'EU27_2020') return { countries: EU27_2020_COUNTRIES };
  if (benchmark === 'EU28') return { countries: [...EU27_2020_COUNTRIES, 'UK'] };
  const g = parseGeo(benchmark);
  if (g?.kind === 'nuts') return { prefix: benchmark };
  return {};
}

/**
 * The benchmark's values per activity: its own rows in the cube where present, else the sum of its members
 * (their national rows, else their regions at the configured level) under the missing-cell rule: a member
 * with no data that year makes every sum missing, a member's suppressed cell counts as zero (lenient).
 */
export function benchmarkValues(
  cells: CubeCells,
  benchmark: string,
  period: string,
  activities: readonly string[],
  regions: ReadonlyMap<string, ActivityValues>,
  rule: MissingCellRule = 'lenient',
  tally?: SumTally,
): { values: ActivityValues; source: 'own rows' | 'sum of members' } {
  const own = cells.get(benchmark);
  if (own) {
    const values: ActivityValues = new Map();
    for (const a of activities) values.set(a, own.get(a)?.get(period)?.value ?? null);
    return { values, source: 'own rows' };
  }
  const members = memberValues(cells, benchmark, period, activities, regions, rule);
  const values: ActivityValues = new Map();
  for (const [member, v] of members) (v === null ? tally?.absent : tally?.present)?.add(member);
  for (const a of activities) {
    const parts = [...members].map(([member, v]): SumPart => {
      if (v === null) return { value: null, absent: true };
      const value = v.get(a);
      if (value === null || value === undefined) noteSuppressed(tally, member, a);
      return { value };
    });
    values.set(a, sumUnderRule(parts, rule).value);
  }
  return { values, source: 'sum of members' };
}

/** Each member's values (null: no data at all that year), from its national row or its regions. */
function memberValues(
  cells: CubeCells,
  benchmark: string,
  period: string,
  activities: readonly string[],
  regions: ReadonlyMap<string, ActivityValues>,
  rule: MissingCellRule,
): Map<string, ActivityValues | null> {
  const members = benchmarkMembers(benchmark);
  const hasValue = (v: ActivityValues) => [...v.values()].some((x) => x !== null && x !== undefined);
  const out = new Map<string, ActivityValues | null>();
  if (members.countries) {
    for (const country of members.countries) {
      const national = cells.get(country);
      // A member with any value that year in any activity is present: its gaps are suppressed cells.
      if (national && rowHasData(national, period)) {
        out.set(country, new Map(activities.map((a) => [a, national.get(a)?.get(period)?.value ?? null])));
        continue;
      }
      const parts = [...regions].filter(([r]) => r.startsWith(country));
      // A member without a national row is the sum of its regions (each already summed under the rule).
      if (parts.length === 0) out.set(country, null);
      else {
        const summed: ActivityValues = new Map(
          activities.map((a) => [a, sumUnderRule(valuesAsParts(parts.map(([, p]) => p.get(a))), rule).value]),
        );
        out.set(country, hasValue(summed) ? summed : null);
      }
    }
    return out;
  }
  if (members.prefix) {
    const prefix = members.prefix;
    const itself = regions.get(prefix);
    if (itself) out.set(prefix, itself);
    else for (const [r, v] of regions) if (r.startsWith(prefix)) out.set(r, v);
    return out;
  }
  throw new ConfigError(
    `benchmark "${benchmark}" has no rows in the data and is not an aggregate whose members are known ` +
      '(EU27_2020, EU28 or a NUTS code). Choose a benchmark the regional dataset carries.',
  );
}
