/**
 * The single DynamoDB table's items. Access patterns (README, "DynamoDB"):
 * - the latest snapshot: GetItem pk=POINTER sk=latest
 * - every version, newest first: Query pk=SNAPSHOT, ScanIndexForward=false
 * - a geography's figures in a version: GetItem pk=GEO#<geo> sk=V#<version>
 * - a geography across versions: Query pk=GEO#<geo>
 * - every geography of a version: Query index byVersion, gsi1pk=V#<version>
 * - a source's last seen state: GetItem pk=SOURCE#<source> sk=STATE
 * - a run's ledger: Query pk=RUN#<runId> (items expire through the `expiresAt` TTL)
 * - the run lease (which execution runs now): GetItem pk=LEASE sk=run
 */
/** The table's global secondary index over (gsi1pk, gsi1sk): snapshots and results by version. */
export const BY_VERSION_INDEX = 'byVersion';

export const POINTER_KEY = { pk: 'POINTER', sk: 'latest' } as const;
export const LEASE_KEY = { pk: 'LEASE', sk: 'run' } as const;

export const snapshotKey = (version: string) => ({ pk: 'SNAPSHOT', sk: version });
export const geoKey = (geo: string, version: string) => ({ pk: `GEO#${geo}`, sk: `V#${version}` });
export const geoIndexKey = (geo: string, version: string) => ({
  gsi1pk: `V#${version}`,
  gsi1sk: `GEO#${geo}`,
});
export const sourceKey = (source: string) => ({ pk: `SOURCE#${source}`, sk: 'STATE' });
export const ledgerKey = (runId: string, event: string) => ({ pk: `RUN#${runId}`, sk: event });

/** Epoch seconds `days` after `now`, for the TTL attribute. */
export function expiresAt(now: Date, days: number): number {
  return Math.floor(now.getTime() / 1000) + days * 86_400;
}
