import type { RegionRow } from '../labels.ts';
import { field as f, joined, type PublishedTable } from './publishedTable.ts';

/** A dimension table: lib/snapshot/labels.ts makes its rows from the codes the fact tables use. */
export const REGIONS: PublishedTable<RegionRow> = {
  name: 'regions',
  path: 'data/regions.csv',
  description:
    'Every geography code the fact tables use (NUTS regions, countries, aggregates), with its NUTS level, ' +
    'country, name and the NUTS versions of the bundled code lists that have it',
  primaryKey: ['code'],
  fields: [
    f('code', 'string', 'NUTS code, country code or aggregate (EU27_2020)', {
      constraints: { required: true },
    }),
    f('level', 'integer', 'NUTS level (0 = country); empty for an aggregate', {
      constraints: { enum: [0, 1, 2, 3] },
    }),
    f('country', 'string', 'Country code (the first two letters of a NUTS code); empty for an aggregate'),
    f(
      'name',
      'string',
      'Name in the newest bundled NUTS version that has the code (national language, as Eurostat writes it); ' +
        "Eurostat's label for an aggregate; empty when unknown",
    ),
    f(
      'nuts_versions',
      'string',
      'The NUTS versions, among the code lists bundled with the pipeline, that have the code, ascending and ' +
        '`|`-joined (e.g. `2016|2024`); empty when none has it. A code missing from a version does not join ' +
        "to that version's tables",
    ),
  ],
  toRow: (r) => [r.code, r.level, r.country, r.name, joined(r.nutsVersions)],
  from: 'labels',
  rows: (l) => l.regions,
};
