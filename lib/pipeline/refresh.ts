import { buildSnapshot } from '../snapshot/build.ts';
import { fingerprint, type InputRecord, type Notice } from '../snapshot/manifest.ts';
import type { SnapshotStore } from '../stores/snapshotStore.ts';
import { type ComputedTables, computeTables } from './compute.ts';
import { parseInputs, type RefreshInputs } from './parseInputs.ts';
import { type Progress, silentProgress } from './progress.ts';
import type { RawInput } from './rawInput.ts';

export interface RefreshOptions {
  inputs: RefreshInputs;
  store: SnapshotStore;
  /** The run's time (the caller's clock): version id, `created`, default assessment year. */
  now: Date;
  codeVersion: string;
  /** Publish even when the inputs and code are those of the latest snapshot. */
  force?: boolean;
  progress?: Progress;
}

export type RefreshOutcome =
  | { status: 'unchanged'; version: string; location: string }
  | {
      status: 'published';
      version: string;
      location: string;
      previous: string | null;
      tables: ComputedTables;
      notices: Notice[];
      synthetic: InputRecord[];
    };

/**
 * One refresh: fingerprint the inputs; stop as `unchanged` if the latest snapshot has the same fingerprint;
 * else parse, compute, build and publish. Any error leaves the store as it was (no partial version, no
 * pointer move).
 */
export async function refresh(o: RefreshOptions): Promise<RefreshOutcome> {
  const progress = o.progress ?? silentProgress;
  const { inputs } = o;
  const assessmentYear = inputs.config.assessmentYear ?? o.now.getUTCFullYear();
  const records = inputRecords(inputs);
  const fp = fingerprint(records, o.codeVersion, assessmentYear);

  const latest = await o.store.latest();
  if (latest && latest.fingerprint === fp && !o.force) {
    return { status: 'unchanged', version: latest.version, location: o.store.locate(latest.version) };
  }

  const parsed = await parseInputs(inputs, progress);
  progress.info('computing');
  const tables = computeTables(parsed, inputs.config, assessmentYear);
  const cubes = {
    nationalByDivision: parsed.national,
    regionalByActivity: parsed.regional,
    regionalTotal: parsed.regionalTotal,
  };
  for (const r of records) {
    const version = cubes[r.role as keyof typeof cubes]?.sourceVersion;
    if (version) r.sourceVersion = version;
  }
  if (parsed.organisations?.some((org) => org.syntheticFields.length > 0)) {
    for (const r of records) if (r.role === 'clusterOrganisations') r.synthetic = true;
  }
  const snapshot = buildSnapshot({
    tables,
    inputs: records,
    fingerprint: fp,
    codeVersion: o.codeVersion,
    benchmark: inputs.config.benchmark,
    assessmentYear,
    created: o.now,
  });
  progress.info(`publishing ${snapshot.version}`);
  await o.store.publish(snapshot, latest?.version ?? null);
  return {
    status: 'published',
    version: snapshot.version,
    location: o.store.locate(snapshot.version),
    previous: latest?.version ?? null,
    tables,
    notices: tables.notices,
    synthetic: records.filter((r) => r.synthetic),
  };
}

function inputRecords(inputs: RefreshInputs): InputRecord[] {
  const record = (r: RawInput): InputRecord => ({
    role: r.role,
    name: r.name,
    path: r.path,
    bytes: r.bytes,
    hash: r.hash,
    sourceVersion: r.sourceVersion,
    synthetic: r.synthetic,
  });
  return [
    {
      role: 'config',
      name: 'pipeline.config',
      path: inputs.configInput.path,
      bytes: inputs.configInput.bytes,
      hash: inputs.configInput.hash,
      sourceVersion: null,
      synthetic: false,
    },
    ...Object.values(inputs.eurostat).map(record),
    ...(inputs.organisations ? [record(inputs.organisations)] : []),
    ...inputs.policies.map(record),
    record(inputs.mapping),
    record(inputs.nace),
  ];
}
