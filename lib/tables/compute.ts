import { type Configuration, regionLevelFor } from '../config/configuration.ts';
import { nodeTotals } from '../metrics/nodeTotals.ts';
import type { ComputedTables, ParsedInputs } from '../model/tables.ts';
import { clusterTables } from './clusterOrganisations.ts';
import { cooperationTable } from './cooperation.ts';
import { ecosystemEmploymentTable } from './ecosystemEmployment.ts';
import { locationQuotientTables } from './locationQuotients.ts';
import { maturityTable } from './maturity.ts';
import { referencePeriod } from './referencePeriod.ts';

/** The pure heart of a refresh: parsed inputs in, every table of the snapshot out. No I/O, no clock. */
export function computeTables(inputs: ParsedInputs, config: Configuration): ComputedTables {
  const cubes = [inputs.national, inputs.regional, ...(inputs.regionalTotal ? [inputs.regionalTotal] : [])];
  const period = referencePeriod(cubes, config.year);
  const levelFor = (country: string) => regionLevelFor(config, country);
  const ecosystems = ecosystemEmploymentTable(inputs, period, config.benchmark);
  const lq = locationQuotientTables(inputs, period, config.benchmark, levelFor);
  const clusters = clusterTables(inputs, levelFor);
  const maturity = maturityTable(inputs.policies);
  const cooperation = cooperationTable(inputs);
  return {
    year: Number(period),
    activityLevel: lq.activityLevel,
    ecosystemEmployment: ecosystems.rows,
    locationQuotients: lq.locationQuotients,
    regionNodes: lq.regionNodes,
    clusterOrganisations: clusters.clusterOrganisations,
    memberComposition: clusters.memberComposition,
    maturity: maturity.rows,
    countryNodes: nodeTotals(lq.regionNodes),
    cooperation: cooperation.rows,
    notices: [
      ...ecosystems.notices,
      ...lq.notices,
      ...clusters.notices,
      ...maturity.notices,
      ...cooperation.notices,
    ],
  };
}
