import { ECOSYSTEMS } from '../classifications/ecosystems.ts';
import type { ActivityRow, EcosystemRow, RegionRow } from './labels.ts';
import type { Field, TableSpec } from './tables.ts';

const f = (name: string, type: Field['type'], description: string, extra: Partial<Field> = {}): Field => ({
  name,
  type,
  description,
  ...extra,
});

/** `|`-joined lists, as `top5` of region_nodes: split with `string_split(x, '|')` (DuckDB) or `str.split('|')`. */
const joined = (values: readonly (string | number)[]) => (values.length === 0 ? null : values.join('|'));

export const REGIONS: TableSpec<RegionRow> = {
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
};

export const ACTIVITIES: TableSpec<ActivityRow> = {
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
};

export const ECOSYSTEM_LIST: TableSpec<EcosystemRow> = {
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
};
