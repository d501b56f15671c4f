/**
 * What node histories read of the location_quotients table, cell by cell (model/lqTable's LqTable is one):
 * row `i`'s region, year, level, activity, LQ and node flag.
 */
export interface YearlyLqCells {
  readonly length: number;
  regionAt(i: number): string;
  yearAt(i: number): number;
  levelAt(i: number): 'nace' | 'ecosystem';
  activityAt(i: number): string;
  lqAt(i: number): number;
  nodeAt(i: number): boolean;
}

/** A node's state in the latest year, against the year before it. */
export type NodeStatus = 'new' | 'persistent' | 'lost';

export interface NodeHistoryRow {
  region: string;
  level: 'nace' | 'ecosystem';
  activity: string;
  /** First year the cell was a node. */
  firstNodeYear: number;
  /** Years the cell was a node. */
  nodeYears: number;
  /** Start of the unbroken run of node years that ends in the latest year; null when not a node then. */
  nodeSince: number | null;
  /**
   * new: a node in the latest year, not in the year before; persistent: a node in both; lost: a node in an
   * earlier year with an LQ but no node in the latest. Null with one year only (nothing to compare) or when
   * the latest year has no LQ for the cell (unknown, not lost).
   */
  status: NodeStatus | null;
  /** LQ in the first and in the latest year of the series (null where that year has no LQ). */
  lqFirst: number | null;
  lqLatest: number | null;
}

/**
 * Every region × level × activity that was a node in at least one of `years` (ascending, the years the
 * location quotients were computed for), with when it became one and what it is in the latest year. Pure:
 * from the location_quotients cells only. Regions in `exclude` (codes whose territory changes over the years)
 * get no history.
 */
export function nodeHistory(
  cells: YearlyLqCells,
  years: readonly number[],
  exclude: ReadonlySet<string> = new Set(),
): NodeHistoryRow[] {
  const n = years.length;
  const all = cellSeries(cells, years);
  const out: NodeHistoryRow[] = [];
  const last = n - 1;
  for (const s of all) {
    if (exclude.has(s.region)) continue;
    if (!s.any) continue;
    let first = -1;
    let count = 0;
    for (let i = 0; i < n; i++) {
      if (s.node[i] === 1) {
        if (first === -1) first = i;
        count++;
      }
    }
    let since: number | null = null;
    let status: NodeStatus | null = null;
    if (s.node[last] === 1) {
      let start = last;
      while (start > 0 && s.node[start - 1] === 1) start--;
      since = years[start] as number;
      if (n > 1) status = s.node[last - 1] === 1 ? 'persistent' : 'new';
    } else if (!Number.isNaN(s.lq[last] as number)) {
      status = 'lost';
    }
    const lq = (i: number) => (Number.isNaN(s.lq[i] as number) ? null : (s.lq[i] as number));
    out.push({
      region: s.region,
      level: s.level,
      activity: s.activity,
      firstNodeYear: years[first] as number,
      nodeYears: count,
      nodeSince: since,
      status,
      lqFirst: lq(0),
      lqLatest: lq(last),
    });
  }
  return out.sort((a, b) => cmp(a.region, b.region) || cmp(a.level, b.level) || cmp(a.activity, b.activity));
}

/** One cell's series, by year index: the LQ (NaN when none) and whether it is a node. */
interface Series {
  region: string;
  level: 'nace' | 'ecosystem';
  activity: string;
  lq: Float64Array;
  node: Uint8Array;
  any: boolean;
}

/**
 * Every region × level × activity's series over `years`, in the order the cells first appear. Cells are found
 * through nested maps (region, then level and activity): no key string is built per row.
 */
function cellSeries(cells: YearlyLqCells, years: readonly number[]): Series[] {
  const index = new Map(years.map((y, i) => [y, i]));
  const n = years.length;
  const byRegion = new Map<string, Map<string, Series>[]>();
  const all: Series[] = [];
  let lastRegion = '';
  let levels: Map<string, Series>[] | undefined;
  for (let row = 0; row < cells.length; row++) {
    const i = index.get(cells.yearAt(row));
    if (i === undefined) continue;
    const region = cells.regionAt(row);
    if (region !== lastRegion || levels === undefined) {
      lastRegion = region;
      levels = byRegion.get(region);
      if (levels === undefined) {
        levels = [new Map(), new Map()];
        byRegion.set(region, levels);
      }
    }
    const level = cells.levelAt(row);
    const activity = cells.activityAt(row);
    const byActivity = levels[level === 'nace' ? 0 : 1] as Map<string, Series>;
    let s = byActivity.get(activity);
    if (s === undefined) {
      s = {
        region,
        level,
        activity,
        lq: new Float64Array(n).fill(Number.NaN),
        node: new Uint8Array(n),
        any: false,
      };
      byActivity.set(activity, s);
      all.push(s);
    }
    s.lq[i] = cells.lqAt(row);
    if (cells.nodeAt(row)) {
      s.node[i] = 1;
      s.any = true;
    }
  }
  return all;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
