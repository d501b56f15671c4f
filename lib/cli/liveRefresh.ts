import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Configuration } from '../config/configuration.ts';
import { FsRawStore } from '../fs/fsRawStore.ts';
import { FsSnapshotStore } from '../fs/fsSnapshotStore.ts';
import { loadInputDirectory, REFERENCE_DIR } from '../fs/inputDirectory.ts';
import { withOneYear } from '../refresh/oneYear.ts';
import type { Progress } from '../refresh/progress.ts';
import { type RefreshOutcome, refresh } from '../refresh/refresh.ts';
import { type LiveOptions, type LiveSourceReport, liveEurostat, liveOrganisations } from './liveInputs.ts';
import { factsheetRenderer } from './renderer.ts';

export interface LiveRefreshOptions {
  /** Local files next to the live sources (configuration, ECCP list, policy facts, mapping); optional. */
  input: string | null;
  out: string;
  now: Date;
  codeVersion: string;
  force: boolean;
  acceptStructureChange: boolean;
  /** Renders the pages and figures (default); false publishes the tables only (`--no-pages`). */
  pages?: boolean;
  /** `--year`: this one year only (see withOneYear). */
  year?: number;
  /** Overrides the configuration's `eurostat.baseUrl` (the CLI passes EUROSTAT_BASE_URL). */
  baseUrl?: string;
  http?: LiveOptions['http'];
  progress?: Progress;
  referenceDir?: string;
}

export interface LiveRefreshResult {
  outcome: RefreshOutcome;
  config: Configuration;
  sources: LiveSourceReport[];
  catalogue: boolean;
}

/**
 * A refresh from the live sources: Eurostat datasets fetched when the catalogue says they changed, the
 * cluster organisations from `eccp.url` when configured, the rest from the local input directory. Every run
 * leaves one line in `OUT/runs.jsonl` (the ledger), whatever its outcome.
 */
export async function liveRefresh(o: LiveRefreshOptions): Promise<LiveRefreshResult> {
  const started = o.now.toISOString();
  try {
    const loaded = await loadInputDirectory(o.input, o.referenceDir ?? REFERENCE_DIR, { eurostat: false });
    const inputs = o.year === undefined ? loaded : withOneYear(loaded, o.year);
    const archive = new FsRawStore(o.out);
    const live = await liveEurostat({
      config: inputs.config,
      out: o.out,
      archive,
      baseUrl: o.baseUrl ?? inputs.config.eurostat.baseUrl,
      force: o.force,
      acceptStructureChange: o.acceptStructureChange,
      now: o.now,
      ...(o.http ? { http: o.http } : {}),
    });
    inputs.eurostat = live.eurostat;
    const url = inputs.config.eccp?.url;
    if (url) inputs.organisations = await liveOrganisations(url, archive, o.http);
    const outcome = await refresh({
      inputs,
      store: new FsSnapshotStore(o.out),
      now: o.now,
      codeVersion: o.codeVersion,
      force: o.force,
      archive,
      ...(o.pages === false ? {} : { render: await factsheetRenderer() }),
      ...(o.progress ? { progress: o.progress } : {}),
    });
    await ledger(o.out, { started, status: outcome.status, version: outcome.version, sources: live.report });
    return { outcome, config: inputs.config, sources: live.report, catalogue: live.catalogue };
  } catch (err) {
    await ledger(o.out, { started, status: 'failed', error: (err as Error).message });
    throw err;
  }
}

async function ledger(out: string, entry: Record<string, unknown>): Promise<void> {
  await mkdir(out, { recursive: true });
  await appendFile(join(out, 'runs.jsonl'), `${JSON.stringify(entry)}\n`);
}
