import { ECOSYSTEMS } from '../../classifications/ecosystems.ts';
import type { EcosystemRow } from '../labels.ts';
import { field as f, type PublishedTable } from './publishedTable.ts';

/** A dimension table: lib/snapshot/labels.ts lists the ecosystems the tables name. */
export const ECOSYSTEM_LIST: PublishedTable<EcosystemRow> = {
  name: 'ecosystems',
  path: 'data/ecosystems.csv',
  description: 'The industrial ecosystems the tables use, as the ECCP factsheets spell them',
  primaryKey: ['id'],
  fields: [
    f('id', 'string', 'Stable id derived from the name (`aerospace-and-defence`)', {
      constraints: { required: true },
    }),
    f(
      'name',
      'string',
      'Ecosystem name, as in ecosystem_employment.ecosystem and location_quotients.activity',
      {
        constraints: { required: true, enum: ECOSYSTEMS },
      },
    ),
  ],
  toRow: (r) => [r.id, r.name],
  from: 'labels',
  rows: (l) => l.ecosystems,
};
