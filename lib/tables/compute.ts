import { type Configuration, regionLevelFor, yearSelection } from '../config/configuration.ts';
import { type Cube, droppedNotices } from '../eurostat/parse/cube.ts';
import { type ActivitySet, activitySet } from '../metrics/activitySet.ts';
import { nodeHistory } from '../metrics/nodeHistory.ts';
import { nodeTotals } from '../metrics/nodeTotals.ts';
import type { ComputedTables, ParsedInputs } from '../model/computedTables.ts';
import type { Notice } from '../model/notice.ts';
import { clusterTables } from './clusterOrganisations.ts';
import { cooperationTable } from './cooperation.ts';
import { ecosystemEmploymentTable } from './ecosystemEmployment.ts';
import { locationQuotientTables } from './locationQuotients.ts';
import { maturityTable } from './maturity.ts';
import { referencePeriods } from './referencePeriod.ts';
import { roundTables } from './rounding.ts';
import { vintageCheck } from './vintage.ts';
import { yearlyTables } from './yearly.ts';

/**
 * The pure heart of a refresh: parsed inputs in, every table of the snapshot out, its numbers rounded by the
 * published rule (`rounding.ts`). No I/O, no clock.
 */
export function computeTables(inputs: ParsedInputs, config: Configuration): ComputedTables {
  const { national, regional } = inputs;
  const regionalCubes = regional ? [regional, ...(inputs.regionalTotal ? [inputs.regionalTotal] : [])] : [];
  const cubes = [...(national ? [national] : []), ...regionalCubes];
  const { periods, notices: periodNotices } = referencePeriods(cubes, yearSelection(config));
  const levelFor = (country: string) => regionLevelFor(config, country);
  // The regional source's activities are the same every year: found in the first, not once per year.
  let activities: ActivitySet | undefined;
  const regionalActivities = (cube: Cube) => {
    activities ??= activitySet(cube, inputs.nace);
    return activities;
  };
  const yearly = yearlyTables(periods, (period, lqCells) => ({
    ecosystems: national
      ? ecosystemEmploymentTable({ ...inputs, national }, period, config.benchmark, config.missingCells)
      : { rows: [], notices: [] },
    lq: regional
      ? locationQuotientTables(
          { ...inputs, regional, activities: regionalActivities(regional) },
          period,
          config.benchmark,
          levelFor,
          config.missingCells,
          lqCells,
        )
      : noLocationQuotients(),
  }));
  const years = periods.map(Number);
  // Both regional sources: a code change in either (the totals' HR04 until 2015, say) breaks a region's series.
  const vintages = regionalCubes.map((c) => vintageCheck(c, periods));
  const unstable = new Set(vintages.flatMap((v) => [...v.unstable]));
  const clusters = clusterTables(inputs, levelFor);
  const maturity = maturityTable(inputs.policies);
  const cooperation = cooperationTable(inputs);
  return roundTables({
    year: years.at(-1) as number,
    years,
    activityLevel: yearly.activityLevel,
    ecosystemEmployment: yearly.ecosystemEmployment,
    locationQuotients: yearly.locationQuotients,
    regionNodes: yearly.regionNodes,
    nodeHistory: nodeHistory(yearly.locationQuotients, years, unstable),
    clusterOrganisations: clusters.clusterOrganisations,
    memberComposition: clusters.memberComposition,
    maturity: maturity.rows,
    countryNodes: nodeTotals(yearly.regionNodes),
    cooperation: cooperation.rows,
    notices: [
      // Codes the parse left out (NRP, EA20): said once per file, before what was computed from the rest.
      ...(inputs.national ? droppedNotices(inputs.national, 'ecosystem_employment') : []),
      ...(inputs.regional ? droppedNotices(inputs.regional, 'location_quotients') : []),
      ...(inputs.regionalTotal ? droppedNotices(inputs.regionalTotal, 'location_quotients') : []),
      ...periodNotices,
      ...uncomputedNotices(inputs),
      ...yearly.notices,
      ...vintages.flatMap((v) => v.notices),
      ...clusters.notices,
      ...maturity.notices,
      ...cooperation.notices,
    ],
  });
}

const noLocationQuotients = (): ReturnType<typeof locationQuotientTables> => ({
  activityLevel: 'division',
  regionNodes: [],
  notices: [],
});

/** Which tables a run without one of the Eurostat sources could not compute, and why. */
function uncomputedNotices(inputs: ParsedInputs): Notice[] {
  const notices: Notice[] = [];
  if (!inputs.national) {
    notices.push({
      table: 'ecosystem_employment',
      message:
        'not computed: the configuration has no nationalByDivision source (national employment by NACE division); ecosystem_employment is empty and the pages have no Figure 1',
    });
  }
  if (!inputs.regional) {
    notices.push({
      table: 'location_quotients',
      message:
        'not computed: the configuration has no regionalByActivity source (regional employment by NACE activity); location_quotients, region_nodes, node_history and country_nodes are empty and the pages have no node tables',
    });
  }
  return notices;
}
