import * as z from 'zod/mini';
import '../zodLocale.ts';
import type { Notice } from '../model/notice.ts';
import { canonicalJson, sha256Hex } from './hashing.ts';
import type { Field } from './tableSpec.ts';

/** One input as recorded in the manifest: enough to know exactly what a snapshot was computed from. */
export interface InputRecord {
  /** `nationalByDivision`, `regionalByActivity`, `regionalTotal`, `clusterOrganisations`, `policy`, `mapping`, `config`. */
  role: string;
  /** Dataset code (Eurostat) or a short name. */
  name: string;
  path: string;
  bytes: number;
  hash: string;
  /** The source's own version (Eurostat's last update), when known. */
  sourceVersion: string | null;
  /** True when the input is synthetic sample data (file name or content says so). */
  synthetic: boolean;
  /** Who published the figures, when the configuration names them (a Eurostat-layout source not Eurostat's). */
  credit?: {
    publisher: string;
    title?: string;
    url?: string;
    licence?: { name: string; url: string };
  };
}

export interface SnapshotFile {
  path: string;
  content: Buffer;
}

/** Frictionless Table Schema (v2, read by v1 readers too). */
export interface TableSchemaDescriptor {
  $schema: typeof TABLESCHEMA_PROFILE;
  fields: readonly Field[];
  primaryKey: readonly string[];
  missingValues: readonly string[];
}

/** A `sources[]` entry (Frictionless): where the data came from, with the source's own version. */
export interface SourceDescriptor {
  title: string;
  path?: string;
  version?: string;
}

export interface LicenseDescriptor {
  name: string;
  path: string;
  title: string;
}

/** One file of the snapshot, a tabular Data Resource (v2 `type: table`, v1 `profile: tabular-data-resource`). */
export interface ResourceDescriptor {
  name: string;
  type: 'table';
  profile: 'tabular-data-resource';
  path: string;
  title: string;
  format: 'csv' | 'parquet';
  mediatype: 'text/csv' | 'application/vnd.apache.parquet';
  /** CSV only. */
  encoding?: 'utf-8';
  description: string;
  bytes: number;
  hash: string;
  rows: number;
  schema: TableSchemaDescriptor;
  sources?: SourceDescriptor[];
  /** How to cite this table. */
  citation: string;
  /**
   * The NUTS versions, among the bundled code lists, that have every NUTS code of this table (see the
   * `regions` table for each code's own versions); `[]` when no one version has them all (a notice says
   * which codes). Absent for tables without geography codes.
   */
  nutsVersions?: string[];
}

export const DATAPACKAGE_PROFILE = 'https://datapackage.org/profiles/2.0/datapackage.json';
export const TABLESCHEMA_PROFILE = 'https://datapackage.org/profiles/2.0/tableschema.json';

/** `datapackage.json`: the snapshot's manifest, a Frictionless Data Package v2 (and a v1 tabular one). */
export interface Manifest {
  $schema: typeof DATAPACKAGE_PROFILE;
  /** For Frictionless v1 readers, which ignore `$schema`. */
  profile: 'tabular-data-package';
  name: 'eu-cluster-statistics';
  title: string;
  description: string;
  /** How to cite the snapshot (also the last paragraph of `description`). */
  citation: string;
  version: string;
  created: string;
  licenses: LicenseDescriptor[];
  contributors: Array<{ title: string; role: 'author'; roles: ['author'] }>;
  keywords: string[];
  fingerprint: string;
  /** The latest year of the series: the year the pages show (older manifests: `referenceYear`). */
  latestYear: number;
  /** Every year the yearly tables carry, ascending (absent in manifests written before the field). */
  years: number[];
  benchmark: string;
  synthetic: boolean;
  code: { version: string };
  resources: ResourceDescriptor[];
  /** The upstream datasets (Eurostat's, with their URL and last update) and other origins of the data. */
  sources: SourceDescriptor[];
  /** Every input file exactly (path, bytes, hash): what the fingerprint and `eucluster rebuild` read. */
  'eucluster:inputs': InputRecord[];
  /** The snapshot's other files (factsheet pages and figures), with their hashes; absent when it has none. */
  'eucluster:files'?: FileDescriptor[];
  notices: Notice[];
}

/** A file of the snapshot that is not a table: a page, a figure, `changes.json`. */
export interface FileDescriptor {
  path: string;
  mediatype: string;
  description: string;
  bytes: number;
  hash: string;
}

const hash = z.string().check(z.regex(/^sha256:[0-9a-f]{64}$/));
const listedFile = { path: z.string(), bytes: z.number(), hash };

/**
 * The manifest as every reader takes it (pull, verify, diff, rebuild, the store's folder check, the render and
 * publish steps): one schema beside the writer's types, so that what the writer writes the readers read (a
 * test builds a snapshot with every kind of file and parses it here). Objects are loose: a reader accepts
 * fields a newer writer adds; and what an older writer left out is optional here (published versions never
 * change, so every reader must read every version ever written): `eucluster:inputs` (from 2026-12-01), the
 * files' `description` (pages and figures got theirs later), `years` (from 2026-12-07); and `latestYear` was
 * `referenceYear` before then (`parseManifest` gives it as `latestYear`).
 */
export const manifestSchema = z
  .looseObject({
    version: z.string(),
    created: z.string(),
    fingerprint: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
    latestYear: z.optional(z.number()),
    /** What `latestYear` was called before the series was named (2026-12-07); read as `latestYear`. */
    referenceYear: z.optional(z.number()),
    years: z.optional(z.array(z.number())),
    benchmark: z.string(),
    synthetic: z.boolean(),
    code: z.looseObject({ version: z.string() }),
    resources: z.array(
      z.looseObject({
        ...listedFile,
        name: z.string(),
        format: z.enum(['csv', 'parquet']),
        rows: z.number(),
      }),
    ),
    'eucluster:inputs': z.optional(
      z.array(
        z.looseObject({
          role: z.string(),
          name: z.string(),
          path: z.string(),
          bytes: z.number(),
          hash: z.string(),
          sourceVersion: z.nullable(z.string()),
          synthetic: z.boolean(),
        }),
      ),
    ),
    'eucluster:files': z.optional(
      z.array(z.looseObject({ ...listedFile, mediatype: z.string(), description: z.optional(z.string()) })),
    ),
    notices: z.array(z.looseObject({ table: z.optional(z.string()), message: z.string() })),
  })
  .check(
    z.refine((m) => m.latestYear !== undefined || m.referenceYear !== undefined, {
      message: 'has neither latestYear nor referenceYear',
      path: ['latestYear'],
    }),
  );

/** A manifest that does not parse: names the file and the first field that is wrong. */
export class ManifestError extends Error {
  override readonly name = 'ManifestError';
}

/** Parses a manifest's bytes; throws a ManifestError naming `where` and the first wrong field. */
export function parseManifest(content: Buffer | string, where: string): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(content.toString());
  } catch {
    throw new ManifestError(`${where} is not JSON`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ManifestError(
      `${where} is not a snapshot manifest: ${issue?.path.join('.')}: ${issue?.message}`,
    );
  }
  // The document as written, not zod's copy: the schema checks what readers rely on, and a step that rewrites
  // the manifest (the render step adds its pages) must keep the writer's key order, so its bytes stay those a
  // local refresh writes.
  return withLatestYear(json as Manifest & { referenceYear?: number });
}

/** An older manifest's `referenceYear` given as `latestYear`, in its place (a current one as it is). */
function withLatestYear(m: Manifest & { referenceYear?: number }): Manifest {
  if (m.latestYear !== undefined || m.referenceYear === undefined) return m;
  const renamed = Object.entries(m).map(([k, v]) => (k === 'referenceYear' ? ['latestYear', v] : [k, v]));
  return Object.fromEntries(renamed) as Manifest;
}

/**
 * What decides a snapshot's content: the inputs' hashes (the configuration is one of them) and the code. The
 * maturity scores are as of each policy file's own `assessedOn`, so the run's clock is not part of it. Same
 * fingerprint, same snapshot: a re-run publishes nothing new.
 */
export function fingerprint(inputs: readonly InputRecord[], codeVersion: string): string {
  const key = {
    inputs: [...inputs].map((i) => [i.role, i.path, i.hash]).sort(),
    code: codeVersion,
  };
  return sha256Hex(canonicalJson(key));
}

/**
 * Version ids sort by time and carry the fingerprint: `20261128T104455123Z-3f9a1c2b7d10` (UTC, to the
 * millisecond, so that two forced runs in the same second get two versions).
 */
export function versionId(created: Date, fp: string): string {
  const stamp = created.toISOString().replace(/[-:.]/g, '');
  return `${stamp}-${fp.slice(0, 12)}`;
}

/** A resource's schema as the manifest writes it: Frictionless properties only (no CSV formatting hints). */
export function tableSchema(spec: {
  fields: readonly Field[];
  primaryKey: readonly string[];
}): TableSchemaDescriptor {
  return {
    $schema: TABLESCHEMA_PROFILE,
    fields: spec.fields.map(({ decimalPoint: _csvOnly, ...field }) => field),
    primaryKey: spec.primaryKey,
    missingValues: [''],
  };
}

export function describeResource(
  spec: {
    name: string;
    path: string;
    description: string;
    fields: readonly Field[];
    primaryKey: readonly string[];
  },
  file: { path: string; format: 'csv' | 'parquet'; content: Buffer },
  rows: number,
  about: { sources: SourceDescriptor[]; citation: string; nutsVersions?: string[] },
): ResourceDescriptor {
  const csv = file.format === 'csv';
  return {
    name: csv ? spec.name : `${spec.name}-parquet`,
    type: 'table',
    profile: 'tabular-data-resource',
    path: file.path,
    title: csv ? spec.name : `${spec.name} (Parquet)`,
    format: file.format,
    mediatype: csv ? 'text/csv' : 'application/vnd.apache.parquet',
    ...(csv ? { encoding: 'utf-8' as const } : {}),
    description: spec.description,
    bytes: file.content.length,
    hash: `sha256:${sha256Hex(file.content)}`,
    rows,
    schema: tableSchema(spec),
    ...(about.sources.length > 0 ? { sources: about.sources } : {}),
    citation: about.citation,
    ...(about.nutsVersions ? { nutsVersions: about.nutsVersions } : {}),
  };
}
