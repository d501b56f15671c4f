import type { FactsheetInput } from './input.ts';
import { activityName, countryName, regionName } from './names.ts';
import {
  benchmarkCrossings,
  nodeChanges,
  nodesInYear,
  previousYear,
  rankMoves,
  seriesYears,
} from './series.ts';
import { listJoin, quoted } from './text.ts';

/** `1st`, `2nd`, `3rd`, `4th`, `11th`, `21st`. */
export function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/**
 * What changed since the previous year, in the sentences a factsheet author writes by hand: rank moves among
 * the largest ecosystems, ecosystems that crossed the benchmark, nodes gained and lost per region, and the
 * country's node totals. One sentence per fact, from the series only.
 */
export function changeSentences(input: FactsheetInput, country: string): string[] {
  const before = previousYear(input);
  const now = input.latestYear;
  if (before === undefined)
    return [`The snapshot holds one year (${now}) only: there is no earlier year to compare with.`];
  const name = countryName(input, country);
  const bench = countryName(input, input.benchmark);
  const out: string[] = [];
  const moves = rankMoves(input, country);
  out.push(
    moves.length === 0
      ? `Since ${before}, ${name}'s five largest ecosystems by employment keep their ranks.`
      : `Since ${before}, ${listJoin(moves.map((m) => `${quoted(m.ecosystem)} moved ${m.to < m.from ? 'up' : 'down'} from ${ordinal(m.from)} to ${ordinal(m.to)}`))} among ${name}'s ecosystems by employment.`,
  );
  const crossings = benchmarkCrossings(input, country);
  const up = crossings.filter((c) => c.above).map((c) => quoted(c.ecosystem));
  const down = crossings.filter((c) => !c.above).map((c) => quoted(c.ecosystem));
  if (up.length > 0) out.push(`${name}'s share is now above ${bench}'s in ${listJoin(up)}.`);
  if (down.length > 0) out.push(`${name}'s share is no longer above ${bench}'s in ${listJoin(down)}.`);
  out.push(...nodeSentences(input, country, before));
  return out;
}

function nodeSentences(input: FactsheetInput, country: string, before: number): string[] {
  const name = countryName(input, country);
  const levels =
    input.tables.activityLevel === 'section' ? (['nace'] as const) : (['nace', 'ecosystem'] as const);
  const out: string[] = [];
  for (const level of levels) {
    const unit = level === 'nace' ? 'NACE node' : 'ecosystem node';
    const label = (a: string) => (level === 'nace' ? activityName(input, a, level) : quoted(a));
    const changes = nodeChanges(input, country, level);
    for (const c of changes) {
      const parts = [
        c.gained.length > 0 &&
          `gained ${c.gained.length === 1 ? `the ${unit}` : `${c.gained.length} ${unit}s`} ${listJoin(c.gained.map(label))}`,
        c.lost.length > 0 &&
          `lost ${c.lost.length === 1 ? `the ${unit}` : `${c.lost.length} ${unit}s`} ${listJoin(c.lost.map(label))}`,
      ].filter((p): p is string => Boolean(p));
      out.push(`${regionName(input, c.region)} ${listJoin(parts)}.`);
    }
    const [then, now] = [before, input.latestYear].map((y) => nodesInYear(input, country, level, y));
    const plural = (n: number | undefined) => `${n} ${unit}${n === 1 ? '' : 's'}`;
    out.push(
      changes.length === 0
        ? `No region of ${name} gained or lost ${level === 'nace' ? 'a' : 'an'} ${unit} since ${before}; ${name} counts ${plural(now)}.`
        : `${name} counts ${plural(now)} in ${input.latestYear}, against ${then} in ${before}.`,
    );
  }
  return out;
}

/** `2014–2023` or the one year. */
export function yearSpan(input: FactsheetInput): string {
  const years = seriesYears(input);
  return years.length > 1 ? `${years[0]}–${years.at(-1)}` : String(years[0]);
}
