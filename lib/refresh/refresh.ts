import type { ComputedTables } from '../model/computedTables.ts';
import type { Notice } from '../model/notice.ts';
import type { RefreshInputs } from '../model/rawInput.ts';
import type { InputRecord } from '../snapshot/manifest.ts';
import type { RawStore } from '../stores/rawStore.ts';
import type { SnapshotStore } from '../stores/snapshotStore.ts';
import { type FactsheetRenderer, rawInputs, snapshotFiles } from './compute.ts';
import { decide } from './decide.ts';
import { type Progress, silentProgress } from './progress.ts';

export interface RefreshOptions {
  inputs: RefreshInputs;
  /** Where the version is published (the local output directory's store). */
  store: SnapshotStore;
  /** The run's time (the caller's clock): the version id and the manifest's `created`. */
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
 * One refresh published into a store (the CLI's): decide against the latest version, compute the new
 * version's files while the inputs are archived, publish. The AWS workflow composes the same pieces across its steps
 * (lib/steps: compute stages, publish publishes). Any error leaves the store as it was (no partial version,
 * no pointer move): the store's `publish` is the only write to it.
 */
export async function refresh(o: RefreshOptions): Promise<RefreshOutcome> {
  const progress = o.progress ?? silentProgress;
  const decision = decide(o.inputs, {
    latest: await o.store.latest(),
    now: o.now,
    codeVersion: o.codeVersion,
    force: o.force ?? false,
  });
  if (decision.status === 'unchanged')
    return { status: 'unchanged', version: decision.version, location: o.store.locate(decision.version) };

  // The inputs are copied into the archive while the snapshot is computed: the copy mostly waits on the disk,
  // the computation on the processor (at 100× the copy was 0.3 s of a 4.4 s run when it came after). The
  // archive is content-addressed, so what a run that then fails has kept is only an input kept early, as a live
  // refresh keeps its downloads there before computing. A failure is caught at once, reported after the computation's.
  const archiving = o.archive
    ? archiveInputs(o.archive, o.inputs).then(
        () => null,
        (error: unknown) => ({ error }),
      )
    : Promise.resolve(null);
  let snapshot: Awaited<ReturnType<typeof snapshotFiles>>;
  try {
    snapshot = await snapshotFiles(o.inputs, decision, {
      codeVersion: o.codeVersion,
      published: o.store,
      render: o.render ?? null,
      progress,
    });
  } catch (err) {
    // Nothing is left writing into the archive when the run throws; the computation's error is the one reported.
    await archiving;
    throw err;
  }
  const archived = await archiving;
  if (archived) throw archived.error;
  progress.info(`publishing ${snapshot.version}`);
  await o.store.publish(snapshot, decision.previous);
  return {
    status: 'published',
    version: snapshot.version,
    location: o.store.locate(snapshot.version),
    previous: decision.previous,
    tables: snapshot.tables,
    notices: snapshot.tables.notices,
    synthetic: snapshot.manifest['eucluster:inputs'].filter((r) => r.synthetic),
  };
}

/** Every input's bytes into the raw archive, content-addressed (what `eucluster rebuild` reads back). */
export async function archiveInputs(archive: RawStore, inputs: RefreshInputs): Promise<void> {
  const content = inputs.configInput.content;
  await archive.keep(inputs.configInput.hash, 'config/pipeline.config.json', async function* () {
    yield content;
  });
  for (const r of rawInputs(inputs)) await archive.keep(r.hash, r.path, () => r.openRaw());
}
