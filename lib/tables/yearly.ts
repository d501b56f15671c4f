import type { EcosystemEmploymentRow, RegionNodesRow } from '../model/computedTables.ts';
import { LqTable } from '../model/lqTable.ts';
import type { LocationQuotientTables } from './locationQuotients.ts';
import type { TableResult } from './result.ts';
import { mergeYearNotices } from './yearNotices.ts';

export interface YearlyTables {
  activityLevel: 'division' | 'section';
  ecosystemEmployment: EcosystemEmploymentRow[];
  locationQuotients: LqTable;
  regionNodes: RegionNodesRow[];
  notices: LocationQuotientTables['notices'];
}

/**
 * The year-dependent tables computed for each period (ascending) and put together, years in order. Each year
 * appends its location quotients to `lqCells`, the one table of every year.
 */
export function yearlyTables(
  periods: readonly string[],
  forYear: (
    period: string,
    lqCells: LqTable,
  ) => {
    ecosystems: TableResult<EcosystemEmploymentRow>;
    lq: LocationQuotientTables;
  },
): YearlyTables {
  // Each year's rows, joined once at the end (concat copies arrays whole; pushing 10⁵ rows one by one grew
  // and copied the result again and again).
  const ecosystemEmployment: EcosystemEmploymentRow[][] = [];
  const lqCells = new LqTable();
  const regionNodes: RegionNodesRow[][] = [];
  const notices: Array<[string, YearlyTables['notices']]> = [];
  let activityLevel: YearlyTables['activityLevel'] = 'division';
  for (const period of periods) {
    const { ecosystems, lq } = forYear(period, lqCells);
    ecosystemEmployment.push(ecosystems.rows);
    regionNodes.push(lq.regionNodes);
    // The activity level is the regional source's, the same every year.
    activityLevel = lq.activityLevel;
    notices.push([period, [...ecosystems.notices, ...lq.notices]]);
  }
  const allRegionNodes = joined(regionNodes);
  return {
    activityLevel,
    ecosystemEmployment: joined(ecosystemEmployment),
    locationQuotients: lqCells,
    regionNodes: allRegionNodes,
    notices: [...mergeYearNotices(notices), ...missingCellsNotice(allRegionNodes, periods.length)],
  };
}

const joined = <T>(lists: readonly T[][]): T[] => ([] as T[]).concat(...lists);

/** One notice for the NACE-level cells without an LQ, with the count per year when there are several. */
function missingCellsNotice(rows: readonly RegionNodesRow[], years: number): YearlyTables['notices'] {
  const byYear = new Map<number, number>();
  for (const r of rows) {
    if (r.level === 'nace' && r.missingCells > 0)
      byYear.set(r.year, (byYear.get(r.year) ?? 0) + r.missingCells);
  }
  if (byYear.size === 0) return [];
  const total = [...byYear.values()].reduce((a, b) => a + b, 0);
  const perYear = years > 1 ? ` (${[...byYear].map(([y, n]) => `${y}: ${n}`).join(', ')})` : '';
  return [
    {
      table: 'location_quotients',
      message: `${total} region × activity cells at NACE level have no LQ (missing or confidential data)${perYear}; counted per region in region_nodes.missing_cells`,
    },
  ];
}
