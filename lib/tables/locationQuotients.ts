import type { Ecosystem, EcosystemMapping } from '../classifications/ecosystems.ts';
import { InputError } from '../errors.ts';
import type { Cube } from '../eurostat/parse/cube.ts';
import { type ActivitySet, activitySet } from '../metrics/activitySet.ts';
import { ecosystemValues, toEcosystems } from '../metrics/ecosystemTotals.ts';
import {
  type ActivityValues,
  aggregateToRegions,
  benchmarkValues,
  emptyTally,
  type SumTally,
} from '../metrics/geography.ts';
import { eachLocationQuotient, type LqCellSink } from '../metrics/locationQuotients.ts';
import type { MissingCellRule } from '../metrics/missingCells.ts';
import { regionTotals } from '../metrics/regionTotals.ts';
import type { ParsedInputs, RegionNodesRow } from '../model/computedTables.ts';
import type { ActivityLevelName, LqTable } from '../model/lqTable.ts';
import type { Notice } from '../model/notice.ts';
import { memberNotices, partsList } from './ecosystemEmployment.ts';

export interface LocationQuotientTables {
  activityLevel: 'division' | 'section';
  regionNodes: RegionNodesRow[];
  notices: Notice[];
}

/**
 * Factsheet Tables 1 and 2: every region's location quotients and nodes, at NACE level (divisions, or sections
 * when that is all the regional source has) and, on divisions, at ecosystem level. The year's cells are
 * appended to `cells`, the table of every year (one table grown once, rather than one per year joined).
 */
export function locationQuotientTables(
  inputs: Pick<ParsedInputs, 'regionalTotal' | 'nace' | 'mapping'> & {
    regional: Cube;
    /** The regional cube's activities, when the caller found them once for every year (the same each year). */
    activities?: ActivitySet;
  },
  period: string,
  benchmark: string,
  levelFor: (country: string) => number,
  rule: MissingCellRule,
  cells: LqTable,
): LocationQuotientTables {
  const year = Number(period);
  const activitiesOf = inputs.activities ?? activitySet(inputs.regional, inputs.nace);
  const { level: activityLevel, activities } = activitiesOf;
  const notices: Notice[] = [...activitiesOf.notices];
  const partsTally = emptyTally();
  const regions = aggregateToRegions(inputs.regional.cells, period, activities, levelFor, rule, partsTally);
  regions.delete(benchmark);
  notices.push(...regionPartsNotices(partsTally, rule));
  const bench = benchmarkOf(inputs.regional, benchmark, period, activities, regions, rule, notices);
  const totals = regionTotals({
    ...(inputs.regionalTotal ? { regionalTotal: inputs.regionalTotal } : {}),
    period,
    regions,
    benchmarkValues: bench.values,
    benchmark,
    levelFor,
    rule,
  });
  notices.push(...totals.notices);
  const { regionTotals: byRegion, benchmarkTotal } = totals;

  const nodeRows: RegionNodesRow[] = [];
  const nace = eachLocationQuotient(
    { regions, regionTotals: byRegion, benchmark: bench.values, benchmarkTotal, activities },
    cellsInto(cells, year, 'nace', () => null),
  );
  for (const r of nace) nodeRows.push({ ...r, year, level: 'nace' });

  if (activityLevel === 'division') {
    const eco = ecosystemLevel(
      inputs.mapping,
      regions,
      bench.values,
      byRegion,
      benchmarkTotal,
      rule,
      cells,
      year,
    );
    for (const r of eco) nodeRows.push({ ...r, year, level: 'ecosystem' });
  } else {
    notices.push({
      table: 'location_quotients',
      message: `${inputs.regional.file} carries NACE sections, not divisions: nodes computed on sections; the ecosystem level is skipped`,
    });
  }
  return { activityLevel, regionNodes: nodeRows, notices };
}

/**
 * The benchmark's value of each activity: its own rows, else the sum of its members (said in `notices`). Fails
 * when it has neither: no quotient could be computed.
 */
function benchmarkOf(
  regional: Cube,
  benchmark: string,
  period: string,
  activities: readonly string[],
  regions: ReadonlyMap<string, ActivityValues>,
  rule: MissingCellRule,
  notices: Notice[],
): ReturnType<typeof benchmarkValues> {
  const membersTally = emptyTally();
  const bench = benchmarkValues(regional.cells, benchmark, period, activities, regions, rule, membersTally);
  if (
    [...bench.values.values()].every((v) => v === null) &&
    (membersTally.absent.size === 0 || membersTally.present.size === 0)
  ) {
    throw new InputError(
      { file: regional.file, field: 'geo' },
      `no figures for the benchmark ${benchmark} in ${period}, neither its own rows nor its members'`,
      'Check "benchmark" in the configuration and the filters; nothing was published',
    );
  }
  if (bench.source === 'sum of members') {
    notices.push(
      ...memberNotices(benchmark, regional.file, membersTally, rule).map((n) => ({
        ...n,
        table: 'location_quotients',
      })),
    );
  }
  return bench;
}

/** The ecosystem-level quotients: each region's and the benchmark's ecosystems summed under the rule. */
function ecosystemLevel(
  mapping: EcosystemMapping,
  regions: ReadonlyMap<string, ActivityValues>,
  benchmark: ActivityValues,
  regionTotals: ReadonlyMap<string, number | null>,
  benchmarkTotal: number | null,
  rule: MissingCellRule,
  into: LqTable,
  year: number,
) {
  const sums = new Map([...regions].map(([r, v]) => [r, toEcosystems(v, mapping, rule)]));
  return eachLocationQuotient(
    {
      regions: new Map([...sums].map(([r, s]) => [r, ecosystemValues(s)])),
      regionTotals,
      benchmark: ecosystemValues(toEcosystems(benchmark, mapping, rule)),
      benchmarkTotal,
      activities: [...mapping.byEcosystem.keys()],
    },
    cellsInto(
      into,
      year,
      'ecosystem',
      (region, activity) => sums.get(region)?.get(activity as Ecosystem)?.missingDivisions ?? null,
    ),
  );
}

/** Appends each cell to the table as a row of this year and level. */
function cellsInto(
  table: LqTable,
  year: number,
  level: ActivityLevelName,
  missingDivisions: (region: string, activity: string) => number | null,
): LqCellSink {
  return (region, activity, employment, regionShare, lq, node) =>
    table.pushCell(
      region,
      activity,
      employment,
      regionShare,
      lq,
      node,
      year,
      level,
      missingDivisions(region, activity),
    );
}

/** What summing regions from their NUTS parts met: parts absent that year, parts' suppressed cells. */
function regionPartsNotices(tally: SumTally, rule: MissingCellRule): Notice[] {
  const notices: Notice[] = [];
  if (tally.absent.size > 0) {
    notices.push({
      table: 'location_quotients',
      message: `NUTS parts with no data that year (the regions summed from them are missing): ${[...tally.absent].sort().join(', ')}`,
    });
  }
  if (tally.suppressed.size > 0) {
    const how = rule === 'strict' ? 'each makes its sum missing (missingCells: strict)' : 'counted as zero';
    notices.push({
      table: 'location_quotients',
      message: `regions summed from NUTS parts with cells without data, ${how}: ${partsList(tally.suppressed)}`,
    });
  }
  return notices;
}
