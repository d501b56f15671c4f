/**
 * Where a consumer reads published snapshots from (`eucluster pull SOURCE`): a bucket and prefix, a web
 * server or a local output directory. Paths are relative to the source's root (`snapshots/latest.json`).
 */
export interface SnapshotSource {
  /** The source as the user named it, for messages. */
  readonly name: string;
  /** The bytes at `path`, or null when the source has no such file. */
  read(path: string): Promise<Buffer | null>;
}

/** The source could not be read (network, permissions) or holds something else than a snapshot. */
export class SourceError extends Error {
  override readonly name = 'SourceError';
}
