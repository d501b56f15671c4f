import type { NodeHistoryRow } from '../../metrics/nodeHistory.ts';
import type { PublishedTable } from './publishedTable.ts';

/** Each node's series: lib/metrics/nodeHistory.ts computes it from location_quotients. */
export const NODE_HISTORY: PublishedTable<NodeHistoryRow> = {
  name: 'node_history',
  path: 'data/node_history.csv',
  primaryKey: ['region', 'level', 'activity'],
  description:
    'Every region × activity that was a regionally relevant node in at least one year of location_quotients: since when, for how many years, and its status in the latest year',
  fields: [
    {
      name: 'region',
      type: 'string',
      description: 'NUTS code (see regions)',
      constraints: { required: true },
    },
    {
      name: 'level',
      type: 'string',
      description: '`nace` or `ecosystem`',
      constraints: { required: true, enum: ['nace', 'ecosystem'] },
    },
    {
      name: 'activity',
      type: 'string',
      description: 'NACE code (see activities) or ecosystem name (see ecosystems)',
      constraints: { required: true },
    },
    { name: 'first_node_year', type: 'integer', description: 'First year the cell was a node' },
    { name: 'node_years', type: 'integer', description: 'Number of years the cell was a node' },
    {
      name: 'node_since',
      type: 'integer',
      description:
        'First year of the unbroken run of node years ending in the latest year; empty when not a node then',
    },
    {
      name: 'status',
      type: 'string',
      description:
        'In the latest year: `new` (a node, not in the year before), `persistent` (a node in both), `lost` (not a node, with an LQ); empty with a single year or without an LQ in the latest year',
      constraints: { enum: ['new', 'persistent', 'lost'] },
    },
    { name: 'lq_first', type: 'number', description: 'LQ in the first year of the series', unit: 'ratio' },
    { name: 'lq_latest', type: 'number', description: 'LQ in the latest year of the series', unit: 'ratio' },
  ],
  toRow: (r) => [
    r.region,
    r.level,
    r.activity,
    r.firstNodeYear,
    r.nodeYears,
    r.nodeSince,
    r.status,
    r.lqFirst,
    r.lqLatest,
  ],
  from: 'tables',
  rows: (t) => t.nodeHistory,
  item: { attribute: 'nodeHistory', geo: (r) => r.region },
};
