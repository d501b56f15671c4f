import { ECOSYSTEMS } from '../../classifications/ecosystems.ts';
import type { EcosystemEmploymentRow } from '../../model/computedTables.ts';
import { field as f, type PublishedTable, REQUIRED, SHARE, THOUSANDS } from './publishedTable.ts';

/** Factsheet Figure 1, every year: lib/tables/ecosystemEmployment.ts computes it. */
export const ECOSYSTEM_EMPLOYMENT: PublishedTable<EcosystemEmploymentRow> = {
  name: 'ecosystem_employment',
  path: 'data/ecosystem_employment.csv',
  description:
    'Employment in the 14 industrial ecosystems per country and the benchmark (factsheet Figure 1)',
  primaryKey: ['geo', 'year', 'ecosystem'],
  fields: [
    f('geo', 'string', 'Country code or the benchmark aggregate (see regions)', REQUIRED),
    f('year', 'integer', 'Reference year'),
    f('ecosystem', 'string', 'Industrial ecosystem (see ecosystems.name)', {
      constraints: { required: true, enum: ECOSYSTEMS },
    }),
    f(
      'employment',
      'number',
      'Employment in the ecosystem, thousand persons: divisions without data count as zero (see missing_divisions); empty when all are missing, or any under missingCells "strict"',
      THOUSANDS,
    ),
    f(
      'share',
      'number',
      "Share of employment in the 14 ecosystems (0 to 1), over the 14's total built by the same missing-cell rule",
      SHARE,
    ),
    f('benchmark_share', 'number', "The benchmark's share (0 to 1)", SHARE),
    f('specialised', 'boolean', 'share > benchmark_share'),
    f('rank', 'integer', 'Rank by employment within the geography, 1 = largest'),
    f(
      'missing_divisions',
      'integer',
      "How many of the ecosystem's divisions had no value (suppressed or confidential); 0 = complete",
    ),
  ],
  toRow: (r) => [
    r.geo,
    r.year,
    r.ecosystem,
    r.employment,
    r.share,
    r.benchmarkShare,
    r.specialised,
    r.rank,
    r.missingDivisions,
  ],
  from: 'tables',
  rows: (t) => t.ecosystemEmployment,
  item: { attribute: 'ecosystemEmployment', geo: (r) => r.geo, year: (r) => r.year },
};
