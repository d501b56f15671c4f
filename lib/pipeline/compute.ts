import type { EcosystemMapping } from '../classifications/ecosystems.ts';
import { classifyNaceCode, type NaceClassification } from '../classifications/nace.ts';
import { parseGeo } from '../classifications/nuts.ts';
import type { CityLookup } from '../clusters/cityLookup.ts';
import type { ClusterOrganisation } from '../clusters/contract.ts';
import { placementNotice, summarisePlacements } from '../clusters/regions.ts';
import { type RejectionReport, rejectionNotices } from '../clusters/rejections.ts';
import { type PipelineConfig, regionLevelFor } from '../config/pipelineConfig.ts';
import { ConfigError } from '../errors.ts';
import {
  type ClusterCountRow,
  clusterCounts,
  type MemberCompositionRow,
  memberComposition,
} from '../metrics/clusterCounts.ts';
import { type EcosystemShareRow, ecosystemShares } from '../metrics/ecosystemShares.ts';
import { toEcosystems } from '../metrics/ecosystemTotals.ts';
import { type ActivityValues, aggregateToRegions, benchmarkValues } from '../metrics/geography.ts';
import { type LqCell, locationQuotients } from '../metrics/locationQuotients.ts';
import type { PolicyFacts } from '../policy/contract.ts';
import { type MaturityScore, maturityScore } from '../policy/maturity.ts';
import type { Notice } from '../snapshot/manifest.ts';
import type { ActivityLevelName, LqRow, RegionNodesRow } from '../snapshot/tables.ts';
import type { Cube } from '../sources/eurostat/cube.ts';

export interface ParsedInputs {
  national: Cube;
  regional: Cube;
  regionalTotal?: Cube;
  nace: NaceClassification;
  mapping: EcosystemMapping;
  /** Undefined when no cluster organisation file was given. */
  organisations?: readonly ClusterOrganisation[];
  /** The rows of the organisation file that were rejected (within eccp.maxRejectedShare), for the notices. */
  organisationRejections?: RejectionReport;
  /** City → NUTS3 lookup for organisations without a NUTS code; without it they are unresolved. */
  cityLookup?: CityLookup;
  policies: readonly PolicyFacts[];
}

export interface ComputedTables {
  year: number;
  activityLevel: 'division' | 'section';
  ecosystemEmployment: Array<EcosystemShareRow & { year: number }>;
  locationQuotients: LqRow[];
  regionNodes: RegionNodesRow[];
  clusterOrganisations: ClusterCountRow[];
  memberComposition: MemberCompositionRow[];
  maturity: MaturityScore[];
  notices: Notice[];
}

/** The pure heart of a refresh: parsed inputs in, every table of the snapshot out. No I/O, no clock. */
export function computeTables(
  inputs: ParsedInputs,
  config: PipelineConfig,
  assessmentYear: number,
): ComputedTables {
  const notices: Notice[] = [];
  const cubes = [inputs.national, inputs.regional, ...(inputs.regionalTotal ? [inputs.regionalTotal] : [])];
  const period = referencePeriod(cubes, config.year);
  const year = Number(period);
  const levelFor = (country: string) => regionLevelFor(config, country);
  const benchmark = config.benchmark;

  // Figure 1: national ecosystem shares.
  const divisions = [...inputs.nace.divisions.keys()];
  const nationalRows = new Map<string, ActivityValues>();
  for (const [geo, byActivity] of inputs.national.cells) {
    const g = parseGeo(geo);
    if (!((g?.kind === 'nuts' && g.level === 0) || geo === benchmark)) continue;
    nationalRows.set(geo, new Map(divisions.map((d) => [d, byActivity.get(d)?.get(period)?.value ?? null])));
  }
  if (!nationalRows.has(benchmark)) {
    const countries = new Map([...nationalRows].filter(([g]) => g !== benchmark));
    const { values } = benchmarkValues(inputs.national.cells, benchmark, period, divisions, countries);
    if ([...values.values()].some((v) => v !== null)) {
      nationalRows.set(benchmark, values);
      notices.push({
        table: 'ecosystem_employment',
        message: `${benchmark} summed from its member countries (no own rows in ${inputs.national.file})`,
      });
    } else {
      notices.push({
        table: 'ecosystem_employment',
        message: `no ${benchmark} figures in ${inputs.national.file}: benchmark_share and specialised are empty`,
      });
    }
  }
  const ecosystemEmployment = ecosystemShares(nationalRows, benchmark, inputs.mapping).map((r) => ({
    ...r,
    year,
  }));
  const incomplete = [...new Set(ecosystemEmployment.filter((r) => r.employment === null).map((r) => r.geo))];
  if (incomplete.length > 0) {
    notices.push({
      table: 'ecosystem_employment',
      message: `${incomplete.length} geographies have ecosystems with a missing division (empty employment): ${incomplete.slice(0, 10).join(', ')}`,
    });
  }

  // Tables 1 and 2: location quotients and nodes.
  const { level: activityLevel, activities } = activityCodes(inputs.regional, inputs.nace, notices);
  const regions = aggregateToRegions(inputs.regional.cells, period, activities, levelFor);
  regions.delete(benchmark);
  const bench = benchmarkValues(inputs.regional.cells, benchmark, period, activities, regions);
  if (bench.source === 'sum of members') {
    notices.push({
      table: 'location_quotients',
      message: `benchmark ${benchmark} summed from its members' rows in ${inputs.regional.file}`,
    });
  }
  const { regionTotals, benchmarkTotal } = totals(
    inputs,
    period,
    regions,
    bench.values,
    benchmark,
    levelFor,
    notices,
  );

  const lqRows: LqRow[] = [];
  const nodeRows: RegionNodesRow[] = [];
  const nace = locationQuotients({
    regions,
    regionTotals,
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
      regionTotals,
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
  const missing = nace.regions.reduce((n, r) => n + r.missingCells, 0);
  if (missing > 0) {
    notices.push({
      table: 'location_quotients',
      message: `${missing} region × activity cells at NACE level have no LQ (missing or confidential data); counted per region in region_nodes.missing_cells`,
    });
  }

  // Cluster organisations and policy maturity.
  let clusterRows: ClusterCountRow[] = [];
  let memberRows: MemberCompositionRow[] = [];
  if (inputs.organisations === undefined) {
    notices.push({
      table: 'cluster_organisations',
      message:
        'no eccp/cluster_organisations.(csv|json) in the input: cluster_organisations and member_composition are empty',
    });
  } else {
    clusterRows = clusterCounts(inputs.organisations, levelFor, inputs.cityLookup);
    memberRows = memberComposition(inputs.organisations);
    if (inputs.organisationRejections) notices.push(...rejectionNotices(inputs.organisationRejections));
    notices.push(
      placementNotice(
        summarisePlacements(inputs.organisations, levelFor, inputs.cityLookup),
        inputs.cityLookup,
      ),
    );
    const synthetic = inputs.organisations.filter((o) => o.syntheticFields.length > 0).length;
    if (synthetic > 0) {
      const fields = [...new Set(inputs.organisations.flatMap((o) => o.syntheticFields))].join(', ');
      notices.push({
        table: 'cluster_organisations',
        message: `${synthetic} of ${inputs.organisations.length} organisations have synthetic fields (${fields}): those counts are not the ECCP's`,
      });
    }
  }
  const maturity = [...inputs.policies]
    .map((p) => maturityScore(p))
    .sort((a, b) => (a.country < b.country ? -1 : 1));
  if (maturity.length === 0)
    notices.push({ table: 'maturity', message: 'no policy/<country>.json in the input: maturity is empty' });

  return {
    year,
    activityLevel,
    ecosystemEmployment,
    locationQuotients: lqRows,
    regionNodes: nodeRows,
    clusterOrganisations: clusterRows,
    memberComposition: memberRows,
    maturity,
    notices,
  };
}

/**
 * An LQ cell as a table row: `{ ...c, year, level }` (same keys, same order), written out because spreading
 * every cell cost more than computing it.
 */
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

/** The configured year, or the latest year with data in every Eurostat source. */
export function referencePeriod(cubes: readonly Cube[], configured: number | undefined): string {
  if (configured !== undefined) {
    const p = String(configured);
    for (const c of cubes) {
      if (!c.periodsWithData.has(p)) {
        throw new ConfigError(
          `year ${p} has no data in ${c.file} (years with data: ${[...c.periodsWithData].sort().join(', ') || 'none'}). ` +
            'Change "year" in the configuration or leave it out to use the latest common year.',
        );
      }
    }
    return p;
  }
  const common = [...(cubes[0]?.periodsWithData ?? [])].filter(
    (p) => /^\d{4}$/.test(p) && cubes.every((c) => c.periodsWithData.has(p)),
  );
  if (common.length === 0) {
    throw new ConfigError(
      `the Eurostat sources share no year with data (${cubes.map((c) => c.file).join(', ')}); check the filters in the configuration`,
    );
  }
  return common.sort().at(-1) as string;
}

function activityCodes(
  regional: Cube,
  nace: NaceClassification,
  notices: Notice[],
): { level: 'division' | 'section'; activities: string[] } {
  const codes = new Set<string>();
  for (const byActivity of regional.cells.values()) for (const a of byActivity.keys()) codes.add(a);
  const kinds = new Map([...codes].map((c) => [c, classifyNaceCode(c, nace)]));
  const divisions = [...codes].filter((c) => kinds.get(c) === 'division').sort();
  if (divisions.length > 0) {
    const dropped = [...codes].filter((c) => kinds.get(c) !== 'division' && kinds.get(c) !== 'total');
    if (dropped.length > 0)
      notices.push({
        table: 'location_quotients',
        message: `non-division codes left out of the NACE level: ${dropped.sort().join(', ')}`,
      });
    return { level: 'division', activities: divisions };
  }
  const sections = [...codes]
    .filter((c) => kinds.get(c) === 'section' || kinds.get(c) === 'sectionGroup')
    .sort();
  if (sections.length === 0)
    throw new ConfigError(
      `${regional.file} has no NACE activity codes after filtering; check activityDimension and the filters`,
    );
  return { level: 'section', activities: sections };
}

function totals(
  inputs: ParsedInputs,
  period: string,
  regions: ReadonlyMap<string, ActivityValues>,
  benchValues: ActivityValues,
  benchmark: string,
  levelFor: (c: string) => number,
  notices: Notice[],
): { regionTotals: Map<string, number | null>; benchmarkTotal: number | null } {
  const regionTotals = new Map<string, number | null>();
  if (inputs.regionalTotal) {
    const t = inputs.regionalTotal;
    const byRegion = aggregateToRegions(t.cells, period, [''], levelFor);
    const lacking: string[] = [];
    for (const r of regions.keys()) {
      const v = byRegion.get(r)?.get('') ?? null;
      if (v === null) lacking.push(r);
      regionTotals.set(r, v);
    }
    if (lacking.length > 0) {
      notices.push({
        table: 'location_quotients',
        message: `no total employment in ${t.file} for ${lacking.length} regions (no LQ for them): ${lacking.slice(0, 10).join(', ')}`,
      });
    }
    const bench = benchmarkValues(t.cells, benchmark, period, [''], byRegion).values.get('') ?? null;
    if (bench === null)
      notices.push({
        table: 'location_quotients',
        message: `no total employment for ${benchmark} in ${t.file}: no LQ can be computed`,
      });
    return { regionTotals, benchmarkTotal: bench };
  }
  // No regional-total source: E(r) is the sum of the region's activities (missing cells left out, and said).
  let partial = 0;
  const sum = (values: ActivityValues) => {
    let s = 0;
    let gap = false;
    for (const v of values.values()) {
      if (v === null) gap = true;
      else s += v;
    }
    if (gap) partial++;
    return s;
  };
  for (const [r, v] of regions) regionTotals.set(r, sum(v));
  const benchmarkTotal = sum(benchValues);
  notices.push({
    table: 'location_quotients',
    message: `no regionalTotal source configured: E(r) is the sum of each region's activities${partial > 0 ? ` (${partial} geographies have missing cells left out of that sum)` : ''}`,
  });
  return { regionTotals, benchmarkTotal };
}
