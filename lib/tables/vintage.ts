import { parseGeo } from '../classifications/nuts.ts';
import type { Cube } from '../eurostat/parse/cube.ts';
import type { Notice } from '../model/notice.ts';

export interface VintageCheck {
  /**
   * Region codes whose series may join two territories: the codes that end or start inside the years, and
   * every code that contains one or is contained by one (an aggregate summed from them).
   */
  unstable: Set<string>;
  notices: Notice[];
}

/**
 * Finds a regional source that mixes NUTS versions across the years: within a country and NUTS level, codes
 * whose data stop before another code's data start (FRI1 until 2020, FRJ1 from 2021) are one region's code
 * changing between versions. Eurostat back-casts a dataset to one version, so a clean source has none.
 * Pure: from the cube's cells and the years computed.
 */
export function vintageCheck(cube: Cube, periods: readonly string[]): VintageCheck {
  const unstable = new Set<string>();
  const notices: Notice[] = [];
  if (periods.length < 2) return { unstable, notices };
  const first = periods[0] as string;
  const last = periods.at(-1) as string;
  const wanted = [...new Set(periods)].sort();
  // country + level → codes with their first and last year with a value.
  const groups = new Map<string, Array<{ code: string; from: string; to: string }>>();
  for (const [geo, byActivity] of cube.cells) {
    const g = parseGeo(geo);
    if (g?.kind !== 'nuts' || g.level === 0 || g.extraRegio) continue;
    const { from, to } = yearsWithValues(byActivity.values(), wanted);
    if (from === '') continue;
    const key = `${g.country}${g.level}`;
    let list = groups.get(key);
    if (!list) {
      list = [];
      groups.set(key, list);
    }
    list.push({ code: geo, from, to });
  }
  const changed: string[] = [];
  const described: string[] = [];
  for (const list of groups.values()) {
    const ending = list.filter((c) => c.to < last);
    const starting = list.filter((c) => c.from > first);
    const old = ending.filter((e) => starting.some((s) => s.from > e.to));
    const fresh = starting.filter((s) => ending.some((e) => s.from > e.to));
    if (old.length === 0) continue;
    for (const c of [...old, ...fresh]) changed.push(c.code);
    described.push(
      `${old.map((c) => `${c.code} until ${c.to}`).join(', ')}; ${fresh.map((c) => `${c.code} from ${c.from}`).join(', ')}`,
    );
  }
  if (changed.length === 0) return { unstable, notices };
  for (const geo of cube.cells.keys()) {
    if (changed.some((c) => c.startsWith(geo) || geo.startsWith(c))) unstable.add(geo);
  }
  notices.push({
    table: 'node_history',
    message:
      `${cube.file} mixes NUTS versions across the years (${described.join(' | ')}): each code is kept as its own ` +
      `series in the yearly tables, and node_history leaves out ${[...unstable].sort().join(', ')} rather than join two territories under one code`,
  });
  return { unstable, notices };
}

/**
 * The first and last of `wanted` (sorted) in which any of a code's series has a value ('' when none). Looked
 * up from both ends, so a code with data in the first and last years is settled by its first series, instead
 * of reading every cell of every series (a tenth of computing the tables).
 */
function yearsWithValues(
  series: Iterable<ReadonlyMap<string, { value: number | null }>>,
  wanted: readonly string[],
): { from: string; to: string } {
  let from = '';
  let to = '';
  const first = wanted[0];
  const last = wanted.at(-1);
  for (const byTime of series) {
    for (const p of wanted) {
      if (from !== '' && p >= from) break;
      if (hasValue(byTime, p)) from = p;
    }
    for (let i = wanted.length - 1; i >= 0; i--) {
      const p = wanted[i] as string;
      if (p <= to) break;
      if (hasValue(byTime, p)) to = p;
    }
    if (from === first && to === last) break;
  }
  return { from, to };
}

function hasValue(byTime: ReadonlyMap<string, { value: number | null }>, period: string): boolean {
  const cell = byTime.get(period);
  return cell !== undefined && cell.value !== null;
}
