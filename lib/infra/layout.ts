/**
 * The key prefixes of the snapshot bucket (see "Storage layout" in ARCHITECTURE.md). The IAM policies are
 * written against these, so a handler that writes elsewhere fails with AccessDenied instead of spreading.
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

/** The table's global secondary index over (gsi1pk, gsi1sk): snapshots and results by version. */
export const BY_VERSION_INDEX = 'byVersion';

/** Name of the error the handlers throw for failures worth retrying (throttling, timeouts upstream). */
export const TRANSIENT_ERROR = 'TransientError';
