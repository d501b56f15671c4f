import type { ComputedTables } from '../model/tables.ts';
import {
  describeResource,
  type InputRecord,
  type Manifest,
  type SnapshotFile,
  versionId,
} from './manifest.ts';
import {
  CLUSTER_ORGANISATIONS,
  ECOSYSTEM_EMPLOYMENT,
  LOCATION_QUOTIENTS,
  MATURITY,
  MEMBER_COMPOSITION,
  REGION_NODES,
  type TableSpec,
  toCsv,
} from './tables.ts';

export interface BuiltSnapshot {
  version: string;
  manifest: Manifest;
  /** Data files (paths relative to the version folder), without the manifest. */
  files: SnapshotFile[];
  /** The manifest serialised, written after every data file. */
  manifestFile: SnapshotFile;
  /** The tables behind the files, for stores that also index results (DynamoDB). */
  tables: ComputedTables;
}

export interface BuildOptions {
  tables: ComputedTables;
  inputs: readonly InputRecord[];
  fingerprint: string;
  codeVersion: string;
  benchmark: string;
  /** Publication time, given by the caller (the core reads no clock). */
  created: Date;
}

/** Serialises every table and writes the manifest that describes them. Pure: same options, same bytes. */
export function buildSnapshot(o: BuildOptions): BuiltSnapshot {
  const version = versionId(o.created, o.fingerprint);
  const files: SnapshotFile[] = [];
  const resources: Manifest['resources'] = [];
  const add = <R>(spec: TableSpec<R>, rows: readonly R[]) => {
    const content = toCsv(spec, rows);
    files.push({ path: spec.path, content });
    resources.push(describeResource(spec, content, rows.length));
  };
  const t = o.tables;
  add(ECOSYSTEM_EMPLOYMENT, t.ecosystemEmployment);
  add(LOCATION_QUOTIENTS, t.locationQuotients);
  add(REGION_NODES, t.regionNodes);
  add(CLUSTER_ORGANISATIONS, t.clusterOrganisations);
  add(MEMBER_COMPOSITION, t.memberComposition);
  add(MATURITY, t.maturity);

  const manifest: Manifest = {
    profile: 'data-package',
    name: 'eu-cluster-statistics',
    title: `EU cluster statistics, reference year ${t.year}`,
    version,
    created: o.created.toISOString(),
    fingerprint: o.fingerprint,
    referenceYear: t.year,
    benchmark: o.benchmark,
    synthetic: o.inputs.some((i) => i.synthetic),
    code: { version: o.codeVersion },
    resources,
    sources: [...o.inputs],
    notices: t.notices,
  };
  return {
    version,
    manifest,
    files,
    manifestFile: {
      path: 'datapackage.json',
      content: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8'),
    },
    tables: t,
  };
}
