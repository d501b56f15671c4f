import type { NodeTotalRow } from '../../metrics/nodeTotals.ts';
import type { PublishedTable } from './publishedTable.ts';

/** Tables 1 and 2's country totals: lib/metrics/nodeTotals.ts sums region_nodes. */
export const COUNTRY_NODES: PublishedTable<NodeTotalRow> = {
  name: 'country_nodes',
  path: 'data/country_nodes.csv',
  primaryKey: ['country', 'year', 'level'],
  description:
    'Regionally relevant nodes per country: the sum over its regions in region_nodes (factsheet Tables 1 and 2, "totalling … in the country")',
  fields: [
    { name: 'country', type: 'string', description: 'Country code (the NUTS prefix of its regions)' },
    { name: 'year', type: 'integer', description: 'Reference year' },
    { name: 'level', type: 'string', description: '`nace` or `ecosystem`' },
    { name: 'regions', type: 'integer', description: 'Regions summed, those without nodes included' },
    { name: 'node_count', type: 'integer', description: 'Sum of the regions’ node_count' },
  ],
  toRow: (r) => [r.country, r.year, r.level, r.regions, r.nodeCount],
  from: 'tables',
  rows: (t) => t.countryNodes,
};
