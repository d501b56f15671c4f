import { parseCountryNames } from '../classifications/countryNames.ts';
import { parseNutsCodeList } from '../classifications/nutsCodeLists.ts';
import { EUROSTAT_ROLES, type SourceRole } from '../config/configuration.ts';
import { type RawInput, type RefreshInputs, readText } from '../model/rawInput.ts';
import { factsheetInput } from '../render/fromSnapshot.ts';
import type { FactsheetInput, RenderedFile } from '../render/input.ts';
import { type BuiltSnapshot, buildSnapshot, withFiles } from '../snapshot/build.ts';
import { fingerprint, type InputRecord } from '../snapshot/manifest.ts';
import { zstdCompressor } from '../snapshot/zstd.ts';
import type { SnapshotStore } from '../stores/snapshotStore.ts';
import { computeTables } from '../tables/compute.ts';
import { withChangeHistory } from './changeHistory.ts';
import { parseInputs } from './parseInputs.ts';
import { type Progress, silentProgress } from './progress.ts';

/** Tables in, pages and figures out (lib/render): injected, so a caller without it carries no chart library. */
export type FactsheetRenderer = (input: FactsheetInput) => RenderedFile[];

/** A version `decide` named: what it replaces and when it is created. */
export interface NewVersion {
  version: string;
  fingerprint: string;
  created: Date;
  previous: string | null;
}

export interface SnapshotFilesOptions {
  codeVersion: string;
  /** The published versions' files: the previous version's, for `changes.json`. */
  published: Pick<SnapshotStore, 'readFile'>;
  /** Renders the pages now; null where a later step renders them (AWS: the render step). */
  render: FactsheetRenderer | null;
  progress?: Progress;
}

/**
 * A new version's files, as `decide` named it: tables, pages (with a renderer), `changes.json` against the
 * version it replaces, and the manifest listing them all. Nothing is written: the caller stages or publishes.
 */
export async function snapshotFiles(
  inputs: RefreshInputs,
  decision: NewVersion,
  o: SnapshotFilesOptions,
): Promise<BuiltSnapshot> {
  const built = await computeSnapshot(inputs, {
    created: decision.created,
    codeVersion: o.codeVersion,
    ...(o.progress ? { progress: o.progress } : {}),
    ...(o.render ? { render: o.render } : {}),
  });
  // The decision named the version from the same time and fingerprint: a difference is a bug, never published.
  if (built.version !== decision.version)
    throw new Error(`computed ${built.version}, but the run decided on ${decision.version}`);
  // changes.json against the version this one replaces: one of the snapshot's files, in its manifest.
  return withChangeHistory(built, o.published, decision.previous);
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
  // The parsed cubes are not kept beyond the computation: they would double the memory the tables are written in.
  const { tables, parsed } = await parseAndCompute(inputs, records, progress);
  const nuts = [];
  for (const r of inputs.nutsCodes ?? []) nuts.push(parseNutsCodeList(await readText(r), r.path));
  const { compress } = await zstdCompressor();
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

/**
 * The inputs parsed and the tables computed; the records given the source versions and synthetic flags found
 * on the way. Returns what the snapshot still needs of the parsed inputs, not the Eurostat cubes.
 */
async function parseAndCompute(inputs: RefreshInputs, records: InputRecord[], progress: Progress) {
  const parsed = await parseInputs(inputs, progress);
  progress.info('computing');
  const tables = computeTables(parsed, inputs.config);
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
  return { tables, parsed: { nace: parsed.nace, mapping: parsed.mapping, policies: parsed.policies } };
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
