import { InputError } from '../errors.ts';
import { activitySet } from '../metrics/activitySet.ts';
import { toEcosystems } from '../metrics/ecosystemTotals.ts';
import { type ActivityValues, aggregateToRegions, benchmarkValues } from '../metrics/geography.ts';
import { type LqCell, locationQuotients } from '../metrics/locationQuotients.ts';
import { regionTotals } from '../metrics/regionTotals.ts';
import type { Notice } from '../model/notice.ts';
import type { ActivityLevelName, LqRow, ParsedInputs, RegionNodesRow } from '../model/tables.ts';

export interface LocationQuotientTables {
  activityLevel: 'division' | 'section';
  locationQuotients: LqRow[];
  regionNodes: RegionNodesRow[];
  notices: Notice[];
}

/**
 * Factsheet Tables 1 and 2: every region's location quotients and nodes, at NACE level (divisions, or sections
 * when that is all the regional source has) and, on divisions, at ecosystem level.
 */
export function locationQuotientTables(
  inputs: Pick<ParsedInputs, 'regional' | 'regionalTotal' | 'nace' | 'mapping'>,
  period: string,
  benchmark: string,
  levelFor: (country: string) => number,
): LocationQuotientTables {
  const year = Number(period);
  const activitiesOf = activitySet(inputs.regional, inputs.nace);
  const { level: activityLevel, activities } = activitiesOf;
  const notices: Notice[] = [...activitiesOf.notices];
  const regions = aggregateToRegions(inputs.regional.cells, period, activities, levelFor);
  regions.delete(benchmark);
  const bench = benchmarkValues(inputs.regional.cells, benchmark, period, activities, regions);
  if ([...bench.values.values()].every((v) => v === null)) {
    throw new InputError(
      { file: inputs.regional.file, field: 'geo' },
      `no figures for the benchmark ${benchmark} in ${period}, neither its own rows nor its members'`,
      'Check "benchmark" in the configuration and the filters; nothing was published',
    );
  }
  if (bench.source === 'sum of members') {
    notices.push({
      table: 'location_quotients',
      message: `benchmark ${benchmark} summed from its members' rows in ${inputs.regional.file}`,
    });
  }
  const totals = regionTotals({
    ...(inputs.regionalTotal ? { regionalTotal: inputs.regionalTotal } : {}),
    period,
    regions,
    benchmarkValues: bench.values,
    benchmark,
    levelFor,
  });
  notices.push(...totals.notices);
  const { regionTotals: byRegion, benchmarkTotal } = totals;

  const lqRows: LqRow[] = [];
  const nodeRows: RegionNodesRow[] = [];
  const nace = locationQuotients({
    regions,
    regionTotals: byRegion,
    benchmark: bench.values,
    benchmarkTotal,
    activities,
  });
  for (const c of nace.cells) lqRows.push(lqRow(c, year, 'nace'));
  for (const r of nace.regions) nodeRows.push({ ...r, year, level: 'nace' });

  if (activityLevel === 'division') {
    const ecoRegions = new Map(
      [...regions].map(([r, v]) => [r, toEcosystems(v, inputs.mapping) as ActivityValues]),
    );
    const ecoBench = toEcosystems(bench.values, inputs.mapping) as ActivityValues;
    const eco = locationQuotients({
      regions: ecoRegions,
      regionTotals: byRegion,
      benchmark: ecoBench,
      benchmarkTotal,
      activities: [...inputs.mapping.byEcosystem.keys()],
    });
    for (const c of eco.cells) lqRows.push(lqRow(c, year, 'ecosystem'));
    for (const r of eco.regions) nodeRows.push({ ...r, year, level: 'ecosystem' });
  } else {
    notices.push({
      table: 'location_quotients',
      message: `${inputs.regional.file} carries NACE sections, not divisions: nodes computed on sections; the ecosystem level is skipped`,
    });
  }
  return { activityLevel, locationQuotients: lqRows, regionNodes: nodeRows, notices };
}

/** `{ ...c, year, level }` written out (same keys, same order): spreading every cell cost more than computing it. */
function lqRow(c: LqCell, year: number, level: ActivityLevelName): LqRow {
  return {
    region: c.region,
    activity: c.activity,
    employment: c.employment,
    regionShare: c.regionShare,
    lq: c.lq,
    node: c.node,
    year,
    level,
  };
}
