import { EU27_2020_COUNTRIES, parseGeo } from '../classifications/nuts.ts';
import { ConfigError } from '../errors.ts';
import type { CubeCells } from '../eurostat/parse/cube.ts';

/** activity → value for one geography; null = missing or confidential, never zero. */
export type ActivityValues = Map<string, number | null>;

/**
 * Brings a cube's NUTS rows to the configured region level per country, for one period. A region's value is
 * its own row where the data has one, else the sum of its children at the next level present (NUTS1 from
 * NUTS2, say); a sum with any child missing is missing.
 */
export function aggregateToRegions(
  cells: CubeCells,
  period: string,
  activities: readonly string[],
  levelFor: (country: string) => number,
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
  const out = new Map<string, ActivityValues>();
  for (const [country, codes] of byCountry) {
    const level = levelFor(country);
    const length = 2 + level;
    const regions = new Set(codes.filter((c) => c.length >= length).map((c) => c.slice(0, length)));
    for (const region of [...regions].sort()) {
      out.set(region, regionValues(cells, codes, region, period, activities));
    }
  }
  return out;
}

function regionValues(
  cells: CubeCells,
  codes: readonly string[],
  region: string,
  period: string,
  activities: readonly string[],
): ActivityValues {
  const values: ActivityValues = new Map();
  for (const activity of activities) values.set(activity, geoValue(cells, codes, region, activity, period));
  return values;
}

/**
 * A geography's value: its own row, else the sum of its children one level down, each found the same way
 * (so a child present only through its own children still counts). Null if any part is missing.
 */
function geoValue(
  cells: CubeCells,
  codes: readonly string[],
  code: string,
  activity: string,
  period: string,
): number | null {
  const own = cells.get(code)?.get(activity)?.get(period);
  if (own !== undefined) return own.value;
  const children = new Set(
    codes.filter((c) => c.length > code.length && c.startsWith(code)).map((c) => c.slice(0, code.length + 1)),
  );
  if (children.size === 0) return null;
  return sumOf([...children].map((child) => geoValue(cells, codes, child, activity, period)));
}

/** The sum, or null when there is nothing to sum or any part is missing. */
export function sumOf(parts: ReadonlyArray<number | null | undefined>): number | null {
  if (parts.length === 0) return null;
  let total = 0;
  for (const p of parts) {
    if (p === null || p === undefined) return null;
    total += p;
  }
  return total;
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
 * (their national rows, else their regions at the configured level).
 */
export function benchmarkValues(
  cells: CubeCells,
  benchmark: string,
  period: string,
  activities: readonly string[],
  regions: ReadonlyMap<string, ActivityValues>,
): { values: ActivityValues; source: 'own rows' | 'sum of members' } {
  const own = cells.get(benchmark);
  if (own) {
    const values: ActivityValues = new Map();
    for (const a of activities) values.set(a, own.get(a)?.get(period)?.value ?? null);
    return { values, source: 'own rows' };
  }
  const members = benchmarkMembers(benchmark);
  let memberValues: ActivityValues[];
  if (members.countries) {
    memberValues = members.countries.map((country) => {
      const national = cells.get(country);
      if (national) return new Map(activities.map((a) => [a, national.get(a)?.get(period)?.value ?? null]));
      const parts = [...regions].filter(([r]) => r.startsWith(country)).map(([, v]) => v);
      return new Map(activities.map((a) => [a, parts.length ? sumOf(parts.map((p) => p.get(a))) : null]));
    });
  } else if (members.prefix) {
    const prefix = members.prefix;
    const itself = regions.get(prefix);
    memberValues = itself ? [itself] : [...regions].filter(([r]) => r.startsWith(prefix)).map(([, v]) => v);
  } else {
    throw new ConfigError(
      `benchmark "${benchmark}" has no rows in the data and is not an aggregate whose members are known ` +
        '(EU27_2020, EU28 or a NUTS code). Choose a benchmark the regional dataset carries.',
    );
  }
  const values: ActivityValues = new Map();
  for (const a of activities) values.set(a, sumOf(memberValues.map((m) => m.get(a))));
  return { values, source: 'sum of members' };
}
