import type { NodeTotalRow, RegionNodesRow } from '../model/computedTables.ts';
import type { ActivityLevelName } from '../model/lqTable.ts';

export type { NodeTotalRow };

const LEVEL_ORDER: Record<ActivityLevelName, number> = { nace: 0, ecosystem: 1 };

/**
 * Per country, year and level, the sum of `nodeCount` over its regions (Tables 1 and 2 of the factsheet:
 * NACE nodes, then ecosystem nodes). A node is a region × activity pair, so the sum counts one activity
 * once per region it is a node in. `countryOf` maps a region code to its country (default: the NUTS prefix).
 * Sorted by country, year, then level (`nace` before `ecosystem`, as the factsheet's tables).
 */
export function nodeTotals(
  regionNodes: readonly RegionNodesRow[],
  countryOf: (region: string) => string = (region) => region.slice(0, 2),
): NodeTotalRow[] {
  const totals = new Map<string, NodeTotalRow>();
  for (const r of regionNodes) {
    const country = countryOf(r.region);
    const key = `${country}\u0000${r.year}\u0000${r.level}`;
    const t = totals.get(key);
    if (t) {
      t.regions++;
      t.nodeCount += r.nodeCount;
    } else totals.set(key, { country, year: r.year, level: r.level, regions: 1, nodeCount: r.nodeCount });
  }
  return [...totals.values()].sort(
    (a, b) =>
      (a.country < b.country ? -1 : a.country > b.country ? 1 : 0) ||
      a.year - b.year ||
      LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level],
  );
}
