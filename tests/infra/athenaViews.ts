import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { VERSION_PLACEHOLDER } from '../../lib/infra/catalogSchema.ts';
import { SnapshotCatalog } from '../../lib/infra/snapshotCatalog.ts';
import { constructStack, logicalId, ROOT, sampleConfig } from './support.ts';

/**
 * Athena's view of the bucket, played by DuckDB over a folder laid out as the bucket is: each Glue table of the
 * synthesized template read from its `storage.location.template`, with `version` taken from the path as the
 * injected projection does; and the example queries of docs/athena.md as written there.
 */

export interface GlueTable {
  name: string;
  columns: { Name: string; Type: string }[];
  locationTemplate: unknown;
}

/** The Glue tables the catalog synthesizes over a snapshot bucket, and the logical id of that bucket. */
export function glueCatalog(): { tables: GlueTable[]; bucketRef: string } {
  const { template, bucket } = constructStack((stack) => {
    const bucket = new s3.Bucket(stack, 'Snapshots');
    new SnapshotCatalog(stack, 'Catalog', {
      bucket,
      accessLogs: new s3.Bucket(stack, 'Logs'),
      bytesScannedLimit: sampleConfig().deployment.athenaBytesScannedLimit,
    });
    return { bucket };
  });
  const tables = Object.values(template.findResources('AWS::Glue::Table')).map((r) => ({
    name: r.Properties.TableInput.Name,
    columns: r.Properties.TableInput.StorageDescriptor.Columns,
    locationTemplate: r.Properties.TableInput.Parameters['storage.location.template'],
  }));
  return { tables, bucketRef: logicalId(bucket) };
}

/** A template value with the snapshot bucket's URL `s3://<bucket>` replaced by a local folder. */
function resolveLocation(value: unknown, root: string, bucketRef: string): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (!join) throw new Error(`unexpected location ${JSON.stringify(value)}`);
  const parts = join[1].map((part) => {
    if (typeof part === 'string') return part;
    if ((part as { Ref?: string }).Ref === bucketRef) return '\u0000';
    throw new Error(`unexpected token in a location: ${JSON.stringify(part)}`);
  });
  const text = parts.join(join[0]);
  if (!text.startsWith('s3://\u0000/')) throw new Error(`not in the snapshot bucket: ${text}`);
  return `${root}/${text.slice('s3://\u0000/'.length)}`;
}

export const sqlString = (text: string) => `'${text.replaceAll("'", "''")}'`;
const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One DuckDB view per Glue table over `root` (a folder laid out as the bucket), `version` from the path. */
export async function createAthenaViews(
  connection: DuckDBConnection,
  root: string,
  catalog = glueCatalog(),
): Promise<GlueTable[]> {
  for (const table of catalog.tables) {
    const location = resolveLocation(table.locationTemplate, root, catalog.bucketRef);
    const [before, after] = location.split(VERSION_PLACEHOLDER) as [string, string];
    const versionPattern = `^${escapeRegex(before)}([^/]+)${escapeRegex(after)}[^/]+$`;
    const columns = table.columns.map((c) => `"${c.Name}"`).join(', ');
    await connection.run(
      `CREATE VIEW "${table.name}" AS SELECT ${columns}, ` +
        `regexp_extract(filename, ${sqlString(versionPattern)}, 1) AS version ` +
        `FROM read_parquet(${sqlString(`${before}*${after}*`)}, filename = true)`,
    );
  }
  return catalog.tables;
}

/** The ```sql blocks of docs/athena.md, by their first-line comment. */
export const DOC_QUERIES = new Map(
  [...readFileSync(join(ROOT, 'docs', 'athena.md'), 'utf8').matchAll(/```sql\n(.*?)```/gs)].map((m) => {
    const sql = m[1] as string;
    return [sql.split('\n')[0]?.replace(/^-- /, '') ?? '', sql] as const;
  }),
);
/** The version ids the doc's queries name, standing for the latest and an earlier version. */
export const LATEST_EXAMPLE = '20261201T095833Z-2f5a8f1d582d';
export const EARLIER_EXAMPLE = '20260601T120000Z-0123456789ab';

/** A query of docs/athena.md with its example version ids replaced by real ones. */
export function docQuery(title: string, versions: { latest: string; earlier: string }): string {
  const sql = DOC_QUERIES.get(title);
  if (!sql) throw new Error(`docs/athena.md has no query "${title}" (has: ${[...DOC_QUERIES.keys()]})`);
  return sql.replaceAll(LATEST_EXAMPLE, versions.latest).replaceAll(EARLIER_EXAMPLE, versions.earlier);
}
