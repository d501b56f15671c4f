import { readFileSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsSnapshotStore } from '../../lib/fs/fsSnapshotStore.ts';
import { VERSION_PLACEHOLDER } from '../../lib/infra/catalogSchema.ts';
import type { BuiltSnapshot } from '../../lib/snapshot/build.ts';
import { miniSnapshot } from '../helpers/builtSnapshot.ts';
import { sampleSnapshot } from '../snapshot/sampleSnapshot.ts';
import { buildStack, logicalId, ROOT } from './support.ts';

/**
 * Athena's view of the bucket, played by DuckDB over a folder laid out as the bucket is: two versions published
 * by the real filesystem store (same layout as S3), each Glue table of the synthesized template read from
 * its `storage.location.template`, with `version` taken from the path as the injected projection does. The
 * example queries are the ones in docs/athena.md, as written there.
 */

const { stack, template } = buildStack();
const bucketRef = logicalId(stack.storage.bucket);
const DUCKDB_TYPE: Record<string, string> = {
  string: 'VARCHAR',
  int: 'INTEGER',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
};

interface GlueTable {
  name: string;
  columns: { Name: string; Type: string }[];
  locationTemplate: unknown;
}
const glueTables: GlueTable[] = Object.values(template.findResources('AWS::Glue::Table')).map((r) => ({
  name: r.Properties.TableInput.Name,
  columns: r.Properties.TableInput.StorageDescriptor.Columns,
  locationTemplate: r.Properties.TableInput.Parameters['storage.location.template'],
}));

/** A template value with the snapshot bucket's URL `s3://<bucket>` replaced by a local folder. */
function resolveLocation(value: unknown, root: string): string {
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

const sqlString = (text: string) => `'${text.replaceAll("'", "''")}'`;
const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The ```sql blocks of docs/athena.md, by their first-line comment. */
const DOC_QUERIES = new Map(
  [...readFileSync(join(ROOT, 'docs', 'athena.md'), 'utf8').matchAll(/```sql\n(.*?)```/gs)].map((m) => {
    const sql = m[1] as string;
    return [sql.split('\n')[0]?.replace(/^-- /, '') ?? '', sql] as const;
  }),
);
const LATEST_EXAMPLE = '20261201T095833Z-2f5a8f1d582d';
const EARLIER_EXAMPLE = '20260601T120000Z-0123456789ab';

let db: DuckDBInstance;
let connection: Awaited<ReturnType<DuckDBInstance['connect']>>;
let root: string;
let earlier: BuiltSnapshot;
let latest: BuiltSnapshot;
let latestVersion: string;

const query = async (sql: string) => (await connection.runAndReadAll(sql)).getRowObjectsJS();
/** A query of the docs with the example version ids replaced by the two published here. */
const docQuery = (title: string) => {
  const sql = DOC_QUERIES.get(title);
  if (!sql) throw new Error(`docs/athena.md has no query "${title}" (has: ${[...DOC_QUERIES.keys()]})`);
  return query(sql.replaceAll(LATEST_EXAMPLE, latestVersion).replaceAll(EARLIER_EXAMPLE, earlier.version));
};

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'eucluster-athena-bucket-'));
  const store = new FsSnapshotStore(root);
  earlier = await miniSnapshot(new Date('2026-01-15T08:00:00Z'), 'b'.repeat(64));
  latest = (await sampleSnapshot()).snapshot;
  await store.publish(earlier, null);
  await store.publish(latest, earlier.version);
  // The consumer's first step, as documented: the version named by latest.json.
  latestVersion = JSON.parse(await readFile(join(root, 'snapshots', 'latest.json'), 'utf8')).version;

  db = await DuckDBInstance.create(':memory:');
  connection = await db.connect();
  for (const table of glueTables) {
    const location = resolveLocation(table.locationTemplate, root);
    const [before, after] = location.split(VERSION_PLACEHOLDER) as [string, string];
    const versionPattern = `^${escapeRegex(before)}([^/]+)${escapeRegex(after)}[^/]+$`;
    const columns = table.columns.map((c) => `"${c.Name}"`).join(', ');
    await connection.run(
      `CREATE VIEW "${table.name}" AS SELECT ${columns}, ` +
        `regexp_extract(filename, ${sqlString(versionPattern)}, 1) AS version ` +
        `FROM read_parquet(${sqlString(`${before}*${after}*`)}, filename = true)`,
    );
  }
}, 120_000);

afterAll(() => {
  connection?.closeSync();
  db?.closeSync();
});

describe('the Glue tables against the published files', () => {
  it('catalogue exactly the Parquet tables a snapshot publishes', () => {
    const published = latest.files
      .map((f) => /^parquet\/([^/]+)\/[^/]+\.parquet$/.exec(f.path)?.[1])
      .filter((name) => name !== undefined);
    expect(glueTables.map((t) => t.name).sort()).toEqual(published.sort());
  });

  it('locate one file per table in each version, the one the publisher wrote', async () => {
    for (const table of glueTables) {
      const rows = await query(
        `SELECT version, count(*) AS n FROM "${table.name}" GROUP BY version ORDER BY version`,
      );
      const rowsIn = (s: BuiltSnapshot) =>
        s.manifest.resources.find((r) => r.name === `${table.name}-parquet`)?.rows;
      const expected = [earlier, latest]
        .filter((s) => (rowsIn(s) ?? 0) > 0)
        .map((s) => ({ version: s.version, n: BigInt(rowsIn(s) ?? 0) }));
      expect(rows, table.name).toEqual(expected);
    }
  });

  it.each(glueTables.map((t) => [t.name, t] as const))(
    '%s: Glue column names and types equal the Parquet schema DuckDB reads',
    async (name, table) => {
      const file = join(root, 'snapshots', latestVersion, 'parquet', name, `${name}.parquet`);
      const schema = await query(`DESCRIBE SELECT * FROM read_parquet(${sqlString(file)})`);
      expect(schema.map((c) => [c.column_name, c.column_type])).toEqual(
        table.columns.map((c) => [c.Name, DUCKDB_TYPE[c.Type] ?? `no DuckDB type for ${c.Type}`]),
      );
    },
  );
});

describe('the example queries of docs/athena.md', () => {
  it('are all here, each naming a version for every table it reads (injected projection)', () => {
    expect(DOC_QUERIES.size).toBeGreaterThanOrEqual(4);
    for (const [title, sql] of DOC_QUERIES) {
      const tables = [...sql.matchAll(/\b(?:FROM|JOIN)\s+(\w+)/gi)].length;
      const versions = [...sql.matchAll(/\bversion\s*(?:=|IN\s*\()\s*'/gi)].length;
      expect(versions, title).toBeGreaterThanOrEqual(tables);
    }
  });

  it('the ecosystem nodes of a country: the strongest ten of the latest version', async () => {
    const rows = await docQuery('The regionally relevant ecosystem nodes of a country, strongest first');
    expect(latest.tables.year).toBe(2023); // the year the doc's queries name
    const expected = latest.tables.locationQuotients
      .filter((r) => r.year === 2023 && r.level === 'ecosystem' && r.node && r.region.startsWith('BE'))
      .sort((a, b) => (b.lq ?? 0) - (a.lq ?? 0) || cmp(a.region, b.region) || cmp(a.activity, b.activity))
      .slice(0, 10);
    expect(expected.length).toBeGreaterThan(0);
    expect(rows.map((r) => [r.region, r.activity])).toEqual(expected.map((r) => [r.region, r.activity]));
  });

  it('specialised ecosystems with the country names, joined within one version', async () => {
    const rows = await docQuery(
      "Ecosystems in which a country is specialised, with the country's name (both tables name the version)",
    );
    const names = await query(`SELECT code, name FROM regions WHERE version = ${sqlString(latestVersion)}`);
    const nameOf = new Map(names.map((n) => [n.code, n.name]));
    const expected = latest.tables.ecosystemEmployment.filter((r) => r.year === 2023 && r.specialised);
    expect(expected.length).toBeGreaterThan(0);
    expect(rows.map((r) => [r.geo, r.ecosystem, r.name])).toEqual(
      expected
        .sort((a, b) => cmp(a.geo, b.geo) || (a.rank ?? 0) - (b.rank ?? 0))
        .map((r) => [r.geo, r.ecosystem, nameOf.get(r.geo)]),
    );
    expect(rows.every((r) => typeof r.name === 'string' && r.name !== '')).toBe(true);
  });

  it('maturity with assessed_on read as a date', async () => {
    const rows = await docQuery('Cluster policy maturity, with the date the scores are as of');
    expect(rows.length).toBe(latest.tables.maturity.length);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      const score = latest.tables.maturity.find((m) => m.country === r.country);
      expect(r.total).toBe(score?.total);
      expect(r.assessed_on).toBeInstanceOf(Date);
      expect((r.assessed_on as Date).toISOString().slice(0, 10)).toBe(score?.assessedOn);
    }
  });

  it('two versions side by side: each counted from its own files only', async () => {
    const rows = await docQuery('Two versions side by side: location quotients per version');
    expect(rows).toEqual(
      [earlier, latest]
        .sort((a, b) => cmp(a.version, b.version))
        .map((s) => ({
          version: s.version,
          location_quotients: BigInt(s.tables.locationQuotients.length),
          nodes: BigInt(s.tables.locationQuotients.filter((r) => r.node).length),
        })),
    );
    expect(earlier.tables.locationQuotients.length).not.toBe(latest.tables.locationQuotients.length);
  });
});

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
