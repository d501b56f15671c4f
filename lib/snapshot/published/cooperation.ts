import type { CooperationRow } from '../../cooperation/cooperation.ts';
import type { PublishedTable } from './publishedTable.ts';

/** Factsheet section 3: lib/tables/cooperation.ts computes it (lib/cooperation/). */
export const COOPERATION: PublishedTable<CooperationRow> = {
  name: 'cooperation',
  path: 'data/cooperation.csv',
  primaryKey: ['country', 'programme', 'scope', 'key'],
  description:
    'Cross-regional cooperation per country: consortia of the EU cluster programmes, participating organisations and partner countries (factsheet section 3)',
  fields: [
    { name: 'country', type: 'string', description: 'Country code of the participating organisations' },
    {
      name: 'programme',
      type: 'string',
      description:
        '`ESCP-4i`, `ESCP-4x`, `ESCP-S3`, `ESCP` (the three together), `INNOSUP-1`, `Euroclusters` or `all`',
    },
    {
      name: 'scope',
      type: 'string',
      description:
        '`consortia`, `organisations` (distinct, of the country), `partner_countries` (distinct other countries) or `partner_country`',
    },
    {
      name: 'key',
      type: 'string',
      description: 'The partner country for `partner_country`; empty otherwise',
    },
    {
      name: 'count',
      type: 'integer',
      description:
        'Consortia, organisations or countries; for `partner_country`, the consortia shared with it',
    },
  ],
  toRow: (r) => [r.country, r.programme, r.scope, r.key, r.count],
  from: 'tables',
  rows: (t) => t.cooperation,
};
