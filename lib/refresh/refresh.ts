import { parseCountryNames } from '../classifications/countryNames.ts';
import { parseNutsCodeList } from '../classifications/nutsCodeLists.ts';
import { EUROSTAT_ROLES, type SourceRole } from '../config/configuration.ts';
import type { Notice } from '../model/notice.ts';
import { type RawInput, type RefreshInputs, readText } from '../model/rawInput.ts';
import type { ComputedTables } from '../model/tables.ts';
import { factsheetInput } from '../render/fromSnapshot.ts';
import type { FactsheetInput, RenderedFile } from '../render/input.ts';
import { type BuiltSnapshot, buildSnapshot, withFiles } from '../snapshot/build.ts';
import { fingerprint, type InputRecord } from '../snapshot/manifest.ts';
import { zstdCompressor } from '../snapshot/zstd.ts';
import type { RawStore } from '../stores/rawStore.ts';
import type { SnapshotStore } from '../stores/snapshotStore.ts';
import { computeTables } from '../tables/compute.ts';
import { withChangeHistory } from './changeHistory.ts';
import { parseInputs } from './parseInputs.ts';
import { type Progress, silentProgress } from './progress.ts';

export interface RefreshOptions {
  inputs: RefreshInputs;
  store: SnapshotStore;
  /** The run's time (the caller's clock): version id, `created`, default assessment year. */
  now: Date;
  codeVersion: string;
  /** Publish even when the inputs and code are those of the latest snapshot. */
  force?: boolean;
  progress?: Progress;
  /** Keeps every input's bytes, content-addressed, so the snapshot can be rebuilt (`eucluster rebuild`). */
  archive?: RawStore;
  /** Renders the factsheet pages and figures into the snapshot (left out where no renderer is bundled). */
  render?: FactsheetRenderer;
}

/** Tables in, pages and figures out (lib/render): injected, so a caller without it carries no chart library. */
export type FactsheetRenderer = (input: FactsheetInput) => RenderedFile[];

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
 * else parse, compute, build, archive the inputs and publish. Any error leaves the store as it was (no
 * partial version, no pointer move).
 */
export async function refresh(o: RefreshOptions): Promise<RefreshOutcome> {
  const { inputs } = o;
  const fp = fingerprint(inputRecords(inputs), o.codeVersion);

  const latest = await o.store.latest();
  if (latest && latest.fingerprint === fp && !o.force) {
    return { status: 'unchanged', version: latest.version, location: o.store.locate(latest.version) };
  }

  const built = await computeSnapshot(inputs, {
    created: o.now,
    codeVersion: o.codeVersion,
    ...(o.progress ? { progress: o.progress } : {}),
    ...(o.render ? { render: o.render } : {}),
  });
  // changes.json against the version this one replaces: one of the snapshot's files, in its manifest.
  const snapshot = await withChangeHistory(built, o.store, latest?.version ?? null);
  if (o.archive) await archiveInputs(o.archive, inputs);
  o.progress?.info(`publishing ${snapshot.version}`);
  await o.store.publish(snapshot, latest?.version ?? null);
  return {
    status: 'published',
    version: snapshot.version,
    location: o.store.locate(snapshot.version),
    previous: latest?.version ?? null,
    tables: snapshot.tables,
    notices: snapshot.tables.notices,
    synthetic: snapshot.manifest['eucluster:inputs'].filter((r) => r.synthetic),
  };
}

export interface ComputeSnapshotOptions {
  created: Date;
  codeVersion: string;
  progress?: Progress;
  render?: FactsheetRenderer;
}

/** Parses, computes and builds a snapshot from inputs: the part a refresh and a rebuild share. */
export async function computeSnapshot(
  inputs: RefreshInputs,
  o: ComputeSnapshotOptions,
): Promise<BuiltSnapshot> {
  const progress = o.progress ?? silentProgress;
  const records = inputRecords(inputs);
  const parsed = await parseInputs(inputs, progress);
  progress.info('computing');
  const tables = computeTables(parsed, inputs.config);
  const nuts = [];
  for (const r of inputs.nutsCodes ?? []) nuts.push(parseNutsCodeList(await readText(r), r.path));
  const { compress } = await zstdCompressor();
  const cubes = {
    nationalByDivision: parsed.national,
    regionalByActivity: parsed.regional,
    regionalTotal: parsed.regionalTotal,
  };
  for (const r of records) {
    // A version the fetch recorded (Eurostat's catalogue, HTTP validators) wins over one in the file.
    const version = cubes[r.role as keyof typeof cubes]?.sourceVersion;
    if (version && !r.sourceVersion) r.sourceVersion = version;
  }
  if (parsed.organisations?.some((org) => org.syntheticFields.length > 0)) {
    for (const r of records) if (r.role === 'clusterOrganisations') r.synthetic = true;
  }
  const snapshot = buildSnapshot({
    tables,
    inputs: records,
    fingerprint: fingerprint(records, o.codeVersion),
    codeVersion: o.codeVersion,
    benchmark: inputs.config.benchmark,
    created: o.created,
    classifications: { nace: parsed.nace, mapping: parsed.mapping, nuts },
    compress,
  });
  const countries = inputs.countryNames
    ? parseCountryNames(await readText(inputs.countryNames), inputs.countryNames.path)
    : new Map<string, string>();
  // Attached even without a renderer: the AWS render step renders from it, without parsing the inputs again.
  const factsheet = factsheetInput(snapshot, { policies: parsed.policies, countries });
  if (!o.render) return { ...snapshot, factsheet };
  progress.info('rendering the factsheets');
  return { ...withFiles(snapshot, o.render(factsheet)), factsheet };
}

/** Every input of a refresh, as the manifest records it (the configuration first). */
export function inputRecords(inputs: RefreshInputs): InputRecord[] {
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
    ...rawInputs(inputs).map((r) => {
      // A source the configuration credits to another publisher than Eurostat carries its credit.
      const credit = EUROSTAT_ROLES.includes(r.role as SourceRole)
        ? inputs.config.sources[r.role as SourceRole]?.credit
        : undefined;
      return credit ? { ...record(r), credit } : record(r);
    }),
  ];
}

/** Every input of a refresh but the configuration, in the manifest's order. */
export function rawInputs(inputs: RefreshInputs): RawInput[] {
  return [
    ...EUROSTAT_ROLES.flatMap((role) => {
      const input = inputs.eurostat[role];
      return input ? [input] : [];
    }),
    ...(inputs.organisations ? [inputs.organisations] : []),
    ...(inputs.consortia ? [inputs.consortia] : []),
    ...inputs.policies,
    inputs.mapping,
    inputs.nace,
    ...(inputs.cityLookup ? [inputs.cityLookup] : []),
    ...(inputs.countryNames ? [inputs.countryNames] : []),
    ...(inputs.nutsCodes ?? []),
  ];
}

async function archiveInputs(archive: RawStore, inputs: RefreshInputs): Promise<void> {
  const content = inputs.configInput.content;
  await archive.keep(inputs.configInput.hash, 'config/pipeline.config.json', async function* () {
    yield content;
  });
  for (const r of rawInputs(inputs)) await archive.keep(r.hash, r.path, () => r.openRaw());
}
