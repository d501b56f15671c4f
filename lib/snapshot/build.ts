import type { ComputedTables } from '../model/computedTables.ts';
import type { FactsheetInput } from '../render/input.ts';
import { sha256Hex } from './hashing.ts';
import {
  type ActivityRow,
  activityRows,
  type Classifications,
  ecosystemRows,
  type RegionRow,
  regionRows,
  tableNutsVersions,
} from './labels.ts';
import {
  DATAPACKAGE_PROFILE,
  describeResource,
  type FileDescriptor,
  type InputRecord,
  type Manifest,
  type SnapshotFile,
  versionId,
} from './manifest.ts';
import {
  packageCitation,
  packageLicenses,
  packageSources,
  tableCitation,
  tableSources,
} from './packageMetadata.ts';
import { parquetPath, type ZstdCompress } from './parquet.ts';
import { PUBLISHED } from './published/index.ts';
import { type LabelRows, rowsOf } from './published/publishedTable.ts';
import { tableFiles } from './tableFiles.ts';

export interface BuiltSnapshot {
  version: string;
  manifest: Manifest;
  /** Data files (paths relative to the version folder), without the manifest. */
  files: SnapshotFile[];
  /** The manifest serialised, written after every data file. */
  manifestFile: SnapshotFile;
  /** The tables behind the files, for stores that also index results (DynamoDB). */
  tables: ComputedTables;
  /** The dimension tables' rows (names of the regions and activities), for the factsheet pages. */
  labels?: { regions: RegionRow[]; activities: ActivityRow[] };
  /** What the factsheet pages show, for a step that renders them later (AWS: staged as factsheet.json). */
  factsheet?: FactsheetInput;
}

export interface BuildOptions {
  tables: ComputedTables;
  inputs: readonly InputRecord[];
  fingerprint: string;
  codeVersion: string;
  benchmark: string;
  /** Publication time, given by the caller (the core reads no clock). */
  created: Date;
  /** NACE, the ecosystem mapping and the NUTS code lists: the labels of the dimension tables. */
  classifications: Classifications;
  /** zstd for the Parquet files (see `zstdCompressor`): injected, so building stays synchronous. */
  compress: ZstdCompress;
}

/**
 * Serialises every table as CSV and Parquet, adds the dimension tables (regions, activities, ecosystems) and
 * writes the manifest that describes them. Pure: same options, same bytes.
 */
export function buildSnapshot(o: BuildOptions): BuiltSnapshot {
  const version = versionId(o.created, o.fingerprint);
  const t = o.tables;
  const span = t.years.length > 1 ? `years ${t.years[0]}–${t.year}` : `year ${t.year}`;
  const title = `EU cluster statistics, reference ${span}`;
  const created = o.created.toISOString();
  const synthetic = o.inputs.some((i) => i.synthetic);
  const citation = packageCitation({
    title,
    version,
    created,
    codeVersion: o.codeVersion,
    synthetic,
    inputs: o.inputs,
  });

  const { nace, mapping, nuts } = o.classifications;
  const regions = regionRows(t, nuts);
  const activities = activityRows(t, nace, mapping);
  const nutsVersions = tableNutsVersions(t, nuts);

  const labels = {
    regions: regions.rows,
    activities: activities.rows,
    ecosystems: ecosystemRows(t, activities.rows),
  };
  const { files, csvResources, parquetResources } = publishTables(t, labels, {
    nutsVersions: nutsVersions.versions,
    inputs: o.inputs,
    citation,
    compress: o.compress,
  });

  const description =
    `Employment in the 14 industrial ecosystems, location quotients and specialisation nodes per region, ` +
    `cluster organisation counts, cross-regional cooperation and cluster policy maturity, recomputed as in the ECCP country factsheets ` +
    `(reference ${span}, benchmark ${o.benchmark}). Every table is in data/<table>.csv and ` +
    `parquet/<table>/<table>.parquet; regions, activities and ecosystems give the codes' names.` +
    (synthetic ? ' SYNTHETIC inputs: these are not official statistics.' : '') +
    `\n\nCite as: ${citation}`;
  const manifest: Manifest = {
    $schema: DATAPACKAGE_PROFILE,
    profile: 'tabular-data-package',
    name: 'eu-cluster-statistics',
    title,
    description,
    citation,
    version,
    created,
    licenses: packageLicenses(o.inputs),
    contributors: [{ title: 'eucluster pipeline', role: 'author', roles: ['author'] }],
    keywords: ['clusters', 'industrial ecosystems', 'location quotient', 'NUTS', 'NACE Rev. 2', 'Eurostat'],
    fingerprint: o.fingerprint,
    latestYear: t.year,
    years: [...t.years],
    benchmark: o.benchmark,
    synthetic,
    code: { version: o.codeVersion },
    resources: [...csvResources, ...parquetResources],
    sources: packageSources(o.inputs),
    'eucluster:inputs': [...o.inputs],
    notices: [...t.notices, ...regions.notices, ...nutsVersions.notices, ...activities.notices],
  };
  return {
    version,
    manifest,
    files,
    manifestFile: { path: 'datapackage.json', content: serialiseManifest(manifest) },
    tables: t,
    labels: { regions: regions.rows, activities: activities.rows },
  };
}

/**
 * Every published table (lib/snapshot/published/) as its CSV and Parquet files, each written from one pass
 * over its rows, and their manifest resources, in the list's order.
 */
function publishTables(
  tables: ComputedTables,
  labels: LabelRows,
  o: {
    nutsVersions: ReadonlyMap<string, string[]>;
    inputs: readonly InputRecord[];
    citation: string;
    compress: ZstdCompress;
  },
): { files: SnapshotFile[]; csvResources: Manifest['resources']; parquetResources: Manifest['resources'] } {
  const files: SnapshotFile[] = [];
  const csvResources: Manifest['resources'] = [];
  const parquetResources: Manifest['resources'] = [];
  for (const spec of PUBLISHED) {
    const rows = rowsOf(spec, tables, labels);
    const versions = o.nutsVersions.get(spec.name);
    const about = {
      sources: tableSources(spec.name, o.inputs),
      citation: tableCitation(spec.name, o.citation),
      ...(versions ? { nutsVersions: versions } : {}),
    };
    const written = tableFiles(spec, rows, o.compress);
    const csv = { path: spec.path, format: 'csv' as const, content: written.csv };
    const parquet = { path: parquetPath(spec.name), format: 'parquet' as const, content: written.parquet };
    files.push({ path: csv.path, content: csv.content }, { path: parquet.path, content: parquet.content });
    csvResources.push(describeResource(spec, csv, rows.length, about));
    parquetResources.push(describeResource(spec, parquet, rows.length, about));
  }
  return { files, csvResources, parquetResources };
}

/**
 * The snapshot with more files (the rendered factsheets), listed with their hashes in the manifest's
 * `eucluster:files`. Pure.
 */
export function withFiles(
  snapshot: BuiltSnapshot,
  extra: ReadonlyArray<SnapshotFile & { description: string }>,
): BuiltSnapshot {
  if (extra.length === 0) return snapshot;
  const listed: FileDescriptor[] = extra.map((f) => ({
    path: f.path,
    mediatype: mediatypeOf(f.path),
    description: f.description,
    bytes: f.content.length,
    hash: `sha256:${sha256Hex(f.content)}`,
  }));
  const manifest: Manifest = {
    ...snapshot.manifest,
    'eucluster:files': [...(snapshot.manifest['eucluster:files'] ?? []), ...listed],
  };
  return {
    ...snapshot,
    manifest,
    files: [...snapshot.files, ...extra.map(({ path, content }) => ({ path, content }))],
    manifestFile: { path: 'datapackage.json', content: serialiseManifest(manifest) },
  };
}

function mediatypeOf(path: string): string {
  if (path.endsWith('.html')) return 'text/html';
  if (path.endsWith('.svg')) return 'image/svg+xml';
  if (path.endsWith('.csv')) return 'text/csv';
  if (path.endsWith('.json')) return 'application/json';
  return 'application/octet-stream';
}

function serialiseManifest(manifest: Manifest): Buffer {
  return Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
}
