import { type Configuration, regionLevelFor, yearSelection } from '../config/configuration.ts';
import { nodeHistory } from '../metrics/nodeHistory.ts';
import { nodeTotals } from '../metrics/nodeTotals.ts';
import type { ComputedTables, ParsedInputs } from '../model/tables.ts';
import { clusterTables } from './clusterOrganisations.ts';
import { cooperationTable } from './cooperation.ts';
import { ecosystemEmploymentTable } from './ecosystemEmployment.ts';
import { locationQuotientTables } from './locationQuotients.ts';
import { maturityTable } from './maturity.ts';
import { referencePeriods } from './referencePeriod.ts';
import { vintageCheck } from './vintage.ts';
import { yearlyTables } from './yearly.ts';

/** The pure heart of a refresh: parsed inputs in, every table of the snapshot out. No I/O, no clock. */
export function computeTables(inputs: ParsedInputs, config: Configuration): ComputedTables {
  const cubes = [inputs.national, inputs.regional, ...(inputs.regionalTotal ? [inputs.regionalTotal] : [])];
  const { periods, notices: periodNotices } = referencePeriods(cubes, yearSelection(config));
  const levelFor = (country: string) => regionLevelFor(config, country);
  const yearly = yearlyTables(periods, (period) => ({
    ecosystems: ecosystemEmploymentTable(inputs, period, config.benchmark, config.missingCells),
    lq: locationQuotientTables(inputs, period, config.benchmark, levelFor, config.missingCells),
  }));
  const years = periods.map(Number);
  // Both regional sources: a code change in either (the totals' HR04 until 2015, say) breaks a region's series.
  const vintages = [inputs.regional, ...(inputs.regionalTotal ? [inputs.regionalTotal] : [])].map((c) =>
    vintageCheck(c, periods),
  );
  const unstable = new Set(vintages.flatMap((v) => [...v.unstable]));
  const clusters = clusterTables(inputs, levelFor);
  const maturity = maturityTable(inputs.policies);
  const cooperation = cooperationTable(inputs);
  return {
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
      ...periodNotices,
      ...yearly.notices,
      ...vintages.flatMap((v) => v.notices),
      ...clusters.notices,
      ...maturity.notices,
      ...cooperation.notices,
    ],
  };
}
