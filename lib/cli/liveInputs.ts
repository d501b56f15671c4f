import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod/mini';
import '../zodLocale.ts';
import { type Configuration, EUROSTAT_ROLES, type SourceRole } from '../config/configuration.ts';
import { ArchiveIntegrityError } from '../errors.ts';
import { type FetchOptions, readCatalogueIfAvailable } from '../eurostat/fetch/index.ts';
import { downloadOrganisations, downloadSource, firstLineOf } from '../eurostat/fetch/sourceDownload.ts';
import { fileInput } from '../fs/fileInput.ts';
import type { FsRawStore } from '../fs/fsRawStore.ts';
import { replaceFile } from '../fs/replaceFile.ts';
import type { EurostatInput, RawInput, RefreshInputs } from '../model/rawInput.ts';
import { type SourceState, sourceStateSchema, sourceVersionOf } from '../model/sourceState.ts';
import { planSource } from '../refresh/sourcePlan.ts';
import { sha256Hex } from '../snapshot/hashing.ts';
import { hashOfKey } from '../stores/rawStore.ts';

const stateFileSchema = z.object({ sources: z.record(z.string(), sourceStateSchema) });

export interface LiveOptions {
  config: Configuration;
  /** The output directory: `raw/` (downloads) and `state/sources.json` (what was seen) live there. */
  out: string;
  archive: FsRawStore;
  baseUrl: string;
  force: boolean;
  acceptStructureChange: boolean;
  now: Date;
  /** Timeouts, limits and retry settings of the HTTP requests (tests make them short). */
  http?: Omit<FetchOptions, 'baseUrl'>;
}

export interface LiveSourceReport {
  role: string;
  dataset: string;
  action: 'fetched' | 'reused' | 'not modified';
  reason: string;
}

export interface LiveEurostat {
  eurostat: RefreshInputs['eurostat'];
  report: LiveSourceReport[];
  /** Whether the catalogue could be read (else every source was asked with its validators). */
  catalogue: boolean;
}

/**
 * Brings the Eurostat sources up to date: one catalogue request, then a download only for the datasets whose
 * data or structure changed since the last run (or that were never fetched). Downloads stream into the raw
 * archive (`raw/eurostat/<dataset>/<sha256>.<ext>`); a new or missing dimension stops the source.
 * The state file is written only when something changed.
 */
export async function liveEurostat(o: LiveOptions): Promise<LiveEurostat> {
  const statePath = join(o.out, 'state', 'sources.json');
  const state = await readState(statePath);
  // Without the catalogue every source is asked with its validators (a 304 costs nothing).
  const catalogue = await readCatalogueIfAvailable({ baseUrl: o.baseUrl, ...pick(o.http) });
  const report: LiveSourceReport[] = [];
  const next: Record<string, SourceState> = { ...state };
  for (const role of EUROSTAT_ROLES) {
    const source = o.config.sources[role];
    if (!source) continue;
    const entry = catalogue?.get(source.dataset.toLowerCase());
    const previous = state[role]?.dataset === source.dataset ? state[role] : undefined;
    const plan = planSource(source.dataset, entry, previous, o.force);
    if (plan.action === 'reuse' && previous) {
      report.push({ role, dataset: source.dataset, action: 'reused', reason: plan.reason });
      continue;
    }
    const { state: fetched, notModified } = await downloadSource({
      source,
      previous,
      conditional: plan.action === 'fetch' && plan.validators !== undefined,
      lastDataUpdate: entry?.lastDataUpdate ?? null,
      lastStructureChange: entry?.lastStructureChange ?? null,
      acceptStructureChange: o.acceptStructureChange,
      sink: o.archive,
      firstLine: async (key, shown) =>
        firstLineOf((await fileInput(join(o.out, key), shown, 'probe', 'probe')).open()),
      options: { baseUrl: o.baseUrl, ...o.http },
      now: o.now,
    });
    next[role] = fetched;
    if (notModified) {
      report.push({ role, dataset: source.dataset, action: 'not modified', reason: plan.reason });
      continue;
    }
    report.push({ role, dataset: source.dataset, action: 'fetched', reason: plan.reason });
  }
  if (JSON.stringify(next) !== JSON.stringify(state)) {
    await replaceFile(statePath, `${JSON.stringify({ sources: next }, null, 2)}\n`);
  }

  const eurostat: Partial<Record<SourceRole, EurostatInput>> = {};
  for (const role of EUROSTAT_ROLES) {
    let s = next[role];
    const source = o.config.sources[role];
    if (!s || !source) continue;
    let input: RawInput;
    try {
      input = await archivedInput(o.out, s, role);
    } catch (err) {
      if (!(err instanceof ArchiveIntegrityError)) throw err;
      // The archived copy is damaged: forget it and download the dataset again (whole, unconditionally).
      await rm(join(o.out, s.key), { force: true });
      const { state: fetched } = await downloadSource({
        source,
        previous: undefined,
        conditional: false,
        lastDataUpdate: s.lastDataUpdate ?? null,
        lastStructureChange: s.lastStructureChange ?? null,
        acceptStructureChange: o.acceptStructureChange,
        sink: o.archive,
        firstLine: async (key, shown) =>
          firstLineOf((await fileInput(join(o.out, key), shown, 'probe', 'probe')).open()),
        options: { baseUrl: o.baseUrl, ...o.http },
        now: o.now,
      });
      s = fetched;
      next[role] = fetched;
      await replaceFile(statePath, `${JSON.stringify({ sources: next }, null, 2)}\n`);
      const r = report.find((x) => x.role === role);
      if (r) {
        r.action = 'fetched';
        r.reason = `the archived copy was damaged (${err.found}, named ${err.expected}): fetched again`;
      }
      input = await archivedInput(o.out, s, role);
    }
    eurostat[role] = { ...input, sourceVersion: sourceVersionOf(s), format: s.format };
  }
  return { eurostat: eurostat as RefreshInputs['eurostat'], report, catalogue: catalogue !== undefined };
}

/** An archived download as an input, its bytes checked against the hash its key names. */
function archivedInput(out: string, s: SourceState, role: string): Promise<RawInput> {
  return fileInput(join(out, s.key), s.path, role, s.dataset, false, out, hashOfKey(s.key));
}

/** `eccp.url`'s file, kept in the raw archive, as an input. */
export async function liveOrganisations(
  url: string,
  archive: FsRawStore,
  http: LiveOptions['http'] = {},
): Promise<RawInput & { format: 'csv' | 'json' }> {
  const { body, path, format } = await downloadOrganisations(url, http);
  const key = await archive.keep(`sha256:${sha256Hex(body)}`, path, async function* () {
    yield body;
  });
  return {
    ...(await fileInput(archive.absolute(key), path, 'clusterOrganisations', 'cluster_organisations')),
    format,
  };
}

async function readState(path: string): Promise<Record<string, SourceState>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return {};
  }
  const parsed = stateFileSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new Error(
      `${path} is not a valid source state (${parsed.error.issues[0]?.message}); delete it to fetch everything again`,
    );
  }
  return parsed.data.sources;
}

function pick(http: LiveOptions['http']): Omit<FetchOptions, 'baseUrl' | 'asyncPollMs' | 'asyncMaxWaitMs'> {
  if (!http) return {};
  const { asyncPollMs: _a, asyncMaxWaitMs: _b, ...rest } = http;
  return rest;
}
