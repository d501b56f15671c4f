import type { ActivityRow } from '../labels.ts';
import { field as f, joined, type PublishedTable } from './publishedTable.ts';

/** A dimension table: lib/snapshot/labels.ts makes its rows from the NACE codes and the mapping. */
export const ACTIVITIES: PublishedTable<ActivityRow> = {
  name: 'activities',
  path: 'data/activities.csv',
  description:
    'Every NACE Rev. 2 code the NACE-level rows use, with its label, section and the ecosystem mapping of the ' +
    'snapshot (the mapping is an input: the default v0 mapping is a project assumption, not an official table)',
  primaryKey: ['code'],
  fields: [
    f('code', 'string', 'NACE code as the tables write it (Eurostat coding: `C33`, `C`, `B-E`)', {
      constraints: { required: true },
    }),
    f('kind', 'string', '`division`, `section` or `sectionGroup`', {
      constraints: { required: true, enum: ['division', 'section', 'sectionGroup'] },
    }),
    f(
      'nace_code',
      'string',
      'The code in the NACE Rev. 2 structure (`33` for `C33`, `C` for a section); empty for a section group',
    ),
    f('section', 'string', 'Section letter; empty for a section group'),
    f('label', 'string', 'English label (a section group: its sections\u2019 labels, `; `-joined)'),
    f('ecosystems', 'string', 'Ecosystems the mapping counts the division in, `|`-joined; empty for none'),
    f(
      'ecosystem_weights',
      'string',
      "Share of the division's employment counted in each of those ecosystems, `|`-joined in the same order",
      { unit: 'share' },
    ),
  ],
  toRow: (r) => [r.code, r.kind, r.naceCode, r.section, r.label, joined(r.ecosystems), joined(r.weights)],
  from: 'labels',
  rows: (l) => l.activities,
};
