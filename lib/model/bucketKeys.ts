/**
 * The key layout of the snapshot bucket, and of an output folder on disk, which has the same layout (README,
 * "Storage layout"). It is part of the snapshot contract: consumers read `snapshots/latest.json` and
 * `snapshots/<version>/datapackage.json` by these keys, and the IAM policies (lib/infra) are written against
 * these prefixes, so a handler that writes elsewhere fails with AccessDenied instead of spreading. Every module
 * takes its keys from here; none builds one by hand.
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

/** A snapshot's manifest, at the root of its version folder (Frictionless Data Package). */
export const MANIFEST_FILE = 'datapackage.json';

/** The keys under those prefixes. */
export const KEY = {
  latest: `${PREFIX.snapshots}latest.json`,
  index: `${PREFIX.snapshots}index.json`,
  version: (version: string) => `${PREFIX.snapshots}${version}/`,
  manifest: (version: string) => `${PREFIX.snapshots}${version}/${MANIFEST_FILE}`,
  staging: (version: string) => `${PREFIX.staging}${version}/`,
  /** Downloads in progress, before they are named by their hash. */
  rawTmp: `${PREFIX.raw}tmp/`,
} as const;

/** An object of the bucket named `bucket` as an `s3://` URL (the form people and the AWS CLI take). */
export function s3Url(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}
