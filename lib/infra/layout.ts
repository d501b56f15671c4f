/**
 * The key prefixes of the snapshot bucket, and of an output folder on disk, which has the same layout (README,
 * "Storage layout"). The IAM policies are written against these, so a handler that writes elsewhere fails with
 * AccessDenied instead of spreading. Every other module takes its keys from here.
 */
export const PREFIX = {
  /** Files a person drops into the bucket (ECCP list, policy facts, mapping); a new one starts a refresh. */
  inputs: 'inbox/',
  /** Raw source bytes, content-addressed; kept. */
  raw: 'raw/',
  /** A run's staged snapshot before publishing; expires after a week (a crashed run's leftovers). */
  staging: 'staging/',
  /** Published, immutable snapshots plus `latest.json` and `index.json`; kept. */
  snapshots: 'snapshots/',
} as const;

/** The keys under those prefixes. */
export const KEY = {
  latest: `${PREFIX.snapshots}latest.json`,
  index: `${PREFIX.snapshots}index.json`,
  version: (version: string) => `${PREFIX.snapshots}${version}/`,
  manifest: (version: string) => `${PREFIX.snapshots}${version}/datapackage.json`,
  staging: (version: string) => `${PREFIX.staging}${version}/`,
  /** Downloads in progress, before they are named by their hash. */
  rawTmp: `${PREFIX.raw}tmp/`,
} as const;

/** The table's global secondary index over (gsi1pk, gsi1sk): snapshots and results by version. */
export const BY_VERSION_INDEX = 'byVersion';

/** Name of the error the handlers throw for failures worth retrying (throttling, timeouts upstream). */
export const TRANSIENT_ERROR = 'TransientError';
