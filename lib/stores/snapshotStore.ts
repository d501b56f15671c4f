import type { BuiltSnapshot } from '../snapshot/build.ts';
import type { History } from '../snapshot/history.ts';

/** What `snapshots/latest.json` (and the DynamoDB pointer) holds. */
export interface LatestPointer {
  version: string;
  fingerprint: string;
  created: string;
  /** Key of the version's manifest, relative to the store's root. */
  manifest: string;
  /** sha256 of the manifest bytes, `sha256:`-prefixed. */
  manifestHash: string;
}

/** One version in `index.json`; the history fields (reason, source versions, change counts) from its changes.json. */
export interface IndexEntry extends History {
  version: string;
  created: string;
  fingerprint: string;
  /** The latest year of the version's series (entries written before 2026-12-07: `referenceYear`). */
  latestYear: number;
  /** Every year of the series, ascending (absent in entries written before 2026-12-07). */
  years?: number[];
  manifest: string;
}

/**
 * Where snapshots are published. Implementations guarantee: a reader sees the old version or the new one,
 * never a mix; `publish` fails (and leaves `latest` alone) if the pointer moved since `expectedLatest`.
 */
export interface SnapshotStore {
  latest(): Promise<LatestPointer | null>;
  publish(snapshot: BuiltSnapshot, expectedLatest: string | null): Promise<LatestPointer>;
  /** Where a version can be found, for people (a path or a URL). */
  locate(version: string): string;
  /** A file of a published version (path relative to its folder), or null when the store has none. */
  readFile(version: string, path: string): Promise<Buffer | null>;
}
