import type { LqRow } from '../../model/lqTable.ts';
import {
  field as f,
  LEVELS,
  type PublishedTable,
  RATIO,
  REQUIRED,
  SHARE,
  THOUSANDS,
} from './publishedTable.ts';

/** The row key of each field, in the fields' order (the table is kept as columns: lib/model/lqTable.ts). */
const KEYS = [
  'region',
  'year',
  'level',
  'activity',
  'employment',
  'regionShare',
  'lq',
  'node',
  'missingDivisions',
] as const satisfies readonly (keyof LqRow)[];

/** Factsheet Tables 1 and 2, every cell: lib/tables/locationQuotients.ts computes it. */
export const LOCATION_QUOTIENTS: PublishedTable<LqRow> = {
  name: 'location_quotients',
  path: 'data/location_quotients.csv',
  description:
    'Location quotients for every region and activity with a defined LQ (factsheet Tables 1 and 2)',
  primaryKey: ['region', 'year', 'level', 'activity'],
  fields: [
    f('region', 'string', 'NUTS code at the configured region level (see regions)', REQUIRED),
    f('year', 'integer', 'Reference year'),
    f('level', 'string', '`nace` (divisions or sections) or `ecosystem`', LEVELS),
    f('activity', 'string', 'NACE code (see activities) or ecosystem name (see ecosystems)', REQUIRED),
    f('employment', 'number', 'E(r,i), thousand persons', THOUSANDS),
    f('region_share', 'number', 'E(r,i) / E(r), a share (0 to 1)', SHARE),
    f('lq', 'number', '(E(r,i)/E(r)) / (E(B,i)/E(B)), a ratio', RATIO),
    f('node', 'boolean', 'Regionally relevant specialisation node: lq > 1.5 and region_share >= 0.01'),
    f(
      'missing_divisions',
      'integer',
      "Ecosystem rows: how many of the ecosystem's divisions had no value in the region (counted as zero); empty on NACE rows",
    ),
  ],
  toRow: (r) => KEYS.map((k) => r[k]),
  columnKeys: KEYS,
  from: 'tables',
  rows: (t) => t.locationQuotients,
  item: { attribute: 'locationQuotients', geo: (r) => r.region, year: (r) => r.year },
};
