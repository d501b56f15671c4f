import type { ClusterCountRow } from '../../metrics/clusterCounts.ts';
import { field as f, type PublishedTable, REQUIRED } from './publishedTable.ts';

/** Cluster organisation counts: lib/tables/clusterOrganisations.ts computes them. */
export const CLUSTER_ORGANISATIONS: PublishedTable<ClusterCountRow> = {
  name: 'cluster_organisations',
  path: 'data/cluster_organisations.csv',
  description:
    'Cluster organisation counts per country (and EU27_2020): total, per region, ecosystem, partnership',
  primaryKey: ['country', 'scope', 'key'],
  fields: [
    f('country', 'string', 'Country code or EU27_2020', REQUIRED),
    f('scope', 'string', '`total`, `region`, `region_unresolved`, `ecosystem` or `partnership`', {
      constraints: {
        required: true,
        enum: ['total', 'region', 'region_unresolved', 'ecosystem', 'partnership'],
      },
    }),
    // Empty, not a value, for total and region_unresolved: every CSV reader takes it as null, so the Parquet
    // file holds null too (an empty string there would make the two files disagree).
    f('key', 'string', 'Region code, ecosystem or partnership; empty for total and region_unresolved'),
    f('count', 'integer', 'Number of cluster organisations', { unit: 'organisations' }),
  ],
  toRow: (r) => [r.country, r.scope, r.key, r.count],
  from: 'tables',
  rows: (t) => t.clusterOrganisations,
  item: { attribute: 'clusterOrganisations', geo: (r) => r.country },
};
