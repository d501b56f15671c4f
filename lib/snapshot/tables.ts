import { ECOSYSTEMS } from '../classifications/ecosystems.ts';
import type { ClusterCountRow, MemberCompositionRow } from '../metrics/clusterCounts.ts';
import type { EcosystemEmploymentRow, LqRow, RegionNodesRow } from '../model/tables.ts';
import type { MaturityScore } from '../policy/maturity.ts';

/** Frictionless table schema field (v1 and v2), plus a `unit` of our own (Table Schema defines none). */
export interface Field {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  description: string;
  unit?: string;
  constraints?: {
    required?: boolean;
    enum?: ReadonlyArray<string | number>;
    minimum?: number;
    maximum?: number;
  };
  /** Field-level missing values (Table Schema v2): `[]` makes an empty cell an empty string, not null. */
  missingValues?: readonly string[];
  /**
   * CSV only, not in the manifest: integral values are written with `.0`, so that type sniffers (DuckDB,
   * pandas) read a column whose values all happen to be whole (maturity scores) as numbers.
   */
  decimalPoint?: true;
}

export type Scalar = string | number | boolean | null;

export interface TableSpec<R> {
  name: string;
  path: string;
  description: string;
  fields: readonly Field[];
  /** Fields whose values identify a row (checked unique by the tests). */
  primaryKey: readonly string[];
  toRow(row: R): Scalar[];
}

const f = (name: string, type: Field['type'], description: string, extra: Partial<Field> = {}): Field => ({
  name,
  type,
  description,
  ...extra,
});
const THOUSANDS = { unit: 'thousand persons' } as const;
const SHARE = { unit: 'share', constraints: { minimum: 0, maximum: 1 } } as const;
const RATIO = { unit: 'ratio' } as const;
const LEVELS = { constraints: { required: true, enum: ['nace', 'ecosystem'] } } as const;
const SCORE = { constraints: { enum: [0, 0.5, 1, 2] }, decimalPoint: true, unit: 'score' } as const;

export const ECOSYSTEM_EMPLOYMENT: TableSpec<EcosystemEmploymentRow> = {
  name: 'ecosystem_employment',
  path: 'data/ecosystem_employment.csv',
  description:
    'Employment in the 14 industrial ecosystems per country and the benchmark (factsheet Figure 1)',
  primaryKey: ['geo', 'year', 'ecosystem'],
  fields: [
    f('geo', 'string', 'Country code or the benchmark aggregate (see regions)', {
      constraints: { required: true },
    }),
    f('year', 'integer', 'Reference year'),
    f('ecosystem', 'string', 'Industrial ecosystem (see ecosystems.name)', {
      constraints: { required: true, enum: ECOSYSTEMS },
    }),
    f(
      'employment',
      'number',
      'Employment in the ecosystem, thousand persons: divisions without data count as zero (see missing_divisions); empty when all are missing, or any under missingCells "strict"',
      THOUSANDS,
    ),
    f(
      'share',
      'number',
      "Share of employment in the 14 ecosystems (0 to 1), over the 14's total built by the same missing-cell rule",
      SHARE,
    ),
    f('benchmark_share', 'number', "The benchmark's share (0 to 1)", SHARE),
    f('specialised', 'boolean', 'share > benchmark_share'),
    f('rank', 'integer', 'Rank by employment within the geography, 1 = largest'),
    f(
      'missing_divisions',
      'integer',
      "How many of the ecosystem's divisions had no value (suppressed or confidential); 0 = complete",
    ),
  ],
  toRow: (r) => [
    r.geo,
    r.year,
    r.ecosystem,
    r.employment,
    r.share,
    r.benchmarkShare,
    r.specialised,
    r.rank,
    r.missingDivisions,
  ],
};

export const LOCATION_QUOTIENTS: TableSpec<LqRow> = {
  name: 'location_quotients',
  path: 'data/location_quotients.csv',
  description:
    'Location quotients for every region and activity with a defined LQ (factsheet Tables 1 and 2)',
  primaryKey: ['region', 'year', 'level', 'activity'],
  fields: [
    f('region', 'string', 'NUTS code at the configured region level (see regions)', {
      constraints: { required: true },
    }),
    f('year', 'integer', 'Reference year'),
    f('level', 'string', '`nace` (divisions or sections) or `ecosystem`', LEVELS),
    f('activity', 'string', 'NACE code (see activities) or ecosystem name (see ecosystems)', {
      constraints: { required: true },
    }),
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
  toRow: (r) => [
    r.region,
    r.year,
    r.level,
    r.activity,
    r.employment,
    r.regionShare,
    r.lq,
    r.node,
    r.missingDivisions,
  ],
};

export const REGION_NODES: TableSpec<RegionNodesRow> = {
  name: 'region_nodes',
  path: 'data/region_nodes.csv',
  description: 'Regionally relevant nodes per region: count and top five by LQ',
  primaryKey: ['region', 'year', 'level'],
  fields: [
    f('region', 'string', 'NUTS code (see regions)', { constraints: { required: true } }),
    f('year', 'integer', 'Reference year'),
    f('level', 'string', '`nace` or `ecosystem`', LEVELS),
    f('node_count', 'integer', 'Number of regionally relevant nodes'),
    f('top5', 'string', 'Up to five node activities by LQ descending, `|`-joined'),
    f('missing_cells', 'integer', 'Activities with no LQ (missing or confidential data)'),
  ],
  toRow: (r) => [r.region, r.year, r.level, r.nodeCount, r.top5.join('|'), r.missingCells],
};

export const CLUSTER_ORGANISATIONS: TableSpec<ClusterCountRow> = {
  name: 'cluster_organisations',
  path: 'data/cluster_organisations.csv',
  description:
    'Cluster organisation counts per country (and EU27_2020): total, per region, ecosystem, partnership',
  primaryKey: ['country', 'scope', 'key'],
  fields: [
    f('country', 'string', 'Country code or EU27_2020', { constraints: { required: true } }),
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
};

export const MEMBER_COMPOSITION: TableSpec<MemberCompositionRow> = {
  name: 'member_composition',
  path: 'data/member_composition.csv',
  description: 'Members of cluster organisations by type, pooled per country and for the EU27',
  primaryKey: ['geo'],
  fields: [
    f('geo', 'string', 'Country code or EU27_2020', { constraints: { required: true } }),
    f('organisations', 'integer', 'Cluster organisations'),
    f('organisations_with_members', 'integer', 'Of which reporting a member split'),
    f('members', 'integer', 'Members summed over those organisations'),
    f('sme_share', 'number', 'SMEs / members, a share', SHARE),
    f('large_share', 'number', 'Large enterprises / members, a share', SHARE),
    f('research_share', 'number', 'Research organisations / members, a share', SHARE),
    f('other_share', 'number', 'Other members / members, a share', SHARE),
  ],
  toRow: (r) => [
    r.geo,
    r.organisations,
    r.organisationsWithMembers,
    r.members,
    r.smeShare,
    r.largeShare,
    r.researchShare,
    r.otherShare,
  ],
};

export const MATURITY: TableSpec<MaturityScore> = {
  name: 'maturity',
  path: 'data/maturity.csv',
  description:
    'Cluster policy maturity by the factsheet Annex: four criteria scored 0/0.5/1/2, total out of 8, as of assessed_on',
  primaryKey: ['country'],
  fields: [
    f('country', 'string', 'Country code', { constraints: { required: true } }),
    f(
      'policy_scope',
      'number',
      'Policy scope score: 2 targeted cluster, 1 sectoral, 0.5 broader policy, 0 none',
      SCORE,
    ),
    f(
      'continuity',
      'number',
      'Continuity score: years since the earliest cluster policy in force started',
      SCORE,
    ),
    f('evidence', 'number', 'Evidence of performance score (monitoring and evaluations)', SCORE),
    f('instruments', 'number', 'Cluster support instruments score (financial and technical support)', SCORE),
    f('total', 'number', 'Sum of the four, out of 8', {
      unit: 'score',
      constraints: { minimum: 0, maximum: 8 },
      decimalPoint: true,
    }),
    f('assessed_on', 'date', 'Date the policy facts describe; the score is as of this date (YYYY-MM-DD)', {
      constraints: { required: true },
    }),
  ],
  toRow: (r) => [r.country, r.policyScope, r.continuity, r.evidence, r.instruments, r.total, r.assessedOn],
};

/**
 * Serialises rows as UTF-8 CSV with a header; empty cells for null; numbers as their shortest round-trip text
 * (`formatScalar`).
 * The bytes are csv-stringify's with these options (`header`, `columns`, `record_delimiter: '\n'`): a field
 * is quoted when it holds a comma, a double quote or a line feed, its quotes doubled; every record, the
 * header included, ends in `\n`. Written by hand: the generic library cost more than the rest of publishing.
 */
export function toCsv<R>(spec: TableSpec<R>, rows: readonly R[]): Buffer {
  const columns = spec.fields.length;
  const decimalPoint = spec.fields.map((x) => x.decimalPoint === true);
  const parts: string[] = [`${spec.fields.map((x) => csvField(x.name)).join(',')}\n`];
  let text = '';
  for (const r of rows) {
    const values = spec.toRow(r);
    const n = Math.min(values.length, columns);
    for (let i = 0; i < n; i++) {
      if (i > 0) text += ',';
      const v = values[i] as Scalar;
      // Only text can hold a comma, quote or line feed; numbers, booleans and empty cells never need quotes.
      text +=
        typeof v === 'string'
          ? csvField(v)
          : decimalPoint[i] && typeof v === 'number' && Number.isInteger(v)
            ? `${v}.0`
            : formatScalar(v);
    }
    text += '\n';
    if (text.length > 1 << 16) {
      parts.push(text);
      text = '';
    }
  }
  parts.push(text);
  return Buffer.from(parts.join(''), 'utf8');
}

const NEEDS_QUOTES = /[",\n]/;

function csvField(value: string): string {
  if (value === '' || !NEEDS_QUOTES.test(value)) return value;
  return `"${value.replaceAll('"', '""')}"`;
}

/**
 * A value as the CSV writes it (without quoting). A number is its shortest round-trip text, so the CSV reads
 * back as exactly the double the Parquet file holds; the tables' numbers are already rounded to 15 significant
 * digits (lib/tables/rounding.ts), which this text then shows.
 */
export function formatScalar(v: Scalar): string {
  if (v === null) return '';
  return String(v);
}
