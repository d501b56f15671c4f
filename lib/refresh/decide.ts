import type { RefreshInputs } from '../model/rawInput.ts';
import { fingerprint, versionId } from '../snapshot/manifest.ts';
import type { LatestPointer } from '../stores/snapshotStore.ts';
import { inputRecords, type NewVersion } from './compute.ts';

/**
 * What a run does, decided against the latest version: nothing (its inputs and code are the latest's), or a
 * new version, named here (the run's time and the inputs' fingerprint), replacing `previous`.
 */
export type Decision = { status: 'unchanged'; version: string } | ({ status: 'new' } & NewVersion);

export interface DecideOptions {
  /** The store's latest pointer, read once by the caller: what a publication expects to replace. */
  latest: LatestPointer | null;
  /** The run's time (the caller's clock): the version id and the manifest's `created`. */
  now: Date;
  codeVersion: string;
  /** A new version even when the inputs and code are the latest's. */
  force: boolean;
}

/** Is there anything new, and which version would it be? Pure. */
export function decide(inputs: RefreshInputs, o: DecideOptions): Decision {
  const fp = fingerprint(inputRecords(inputs), o.codeVersion);
  if (o.latest && o.latest.fingerprint === fp && !o.force)
    return { status: 'unchanged', version: o.latest.version };
  return {
    status: 'new',
    version: versionId(o.now, fp),
    fingerprint: fp,
    created: o.now,
    previous: o.latest?.version ?? null,
  };
}
