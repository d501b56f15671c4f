import type { RegionNodesRow } from '../../model/computedTables.ts';
import { field as f, LEVELS, type PublishedTable, REQUIRED } from './publishedTable.ts';

/** The factsheet's nodes per region: lib/tables/locationQuotients.ts computes them beside the LQs. */
export const REGION_NODES: PublishedTable<RegionNodesRow> = {
  name: 'region_nodes',
  path: 'data/region_nodes.csv',
  description: 'Regionally relevant nodes per region: count and top five by LQ',
  primaryKey: ['region', 'year', 'level'],
  fields: [
    f('region', 'string', 'NUTS code (see regions)', REQUIRED),
    f('year', 'integer', 'Reference year'),
    f('level', 'string', '`nace` or `ecosystem`', LEVELS),
    f('node_count', 'integer', 'Number of regionally relevant nodes'),
    f('top5', 'string', 'Up to five node activities by LQ descending, `|`-joined'),
    f('missing_cells', 'integer', 'Activities with no LQ (missing or confidential data)'),
  ],
  toRow: (r) => [r.region, r.year, r.level, r.nodeCount, r.top5.join('|'), r.missingCells],
  from: 'tables',
  rows: (t) => t.regionNodes,
  item: { attribute: 'regionNodes', geo: (r) => r.region, year: (r) => r.year },
};
