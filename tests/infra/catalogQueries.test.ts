import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsSnapshotStore } from '../../lib/fs/fsSnapshotStore.ts';
import type { BuiltSnapshot } from '../../lib/snapshot/build.ts';
import { miniSnapshot } from '../helpers/builtSnapshot.ts';
import { sampleSnapshot } from '../snapshot/sampleSnapshot.ts';
import { createAthenaViews, DOC_QUERIES, docQuery, glueCatalog, sqlString } from './athenaViews.ts';

/**
 * Athena's view of the bucket, played by DuckDB (tests/infra/athenaViews.ts) over two versions published by
 * the real filesystem store (same layout as S3). The example queries are the ones in docs/athena.md.
 */

const catalog = glueCatalog();
const glueTables = catalog.tables;
const DUCKDB_TYPE: Record<string, string> = {
  string: 'VARCHAR',
  int: 'INTEGER',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
};

let db: DuckDBInstance;
let connection: Awaited<ReturnType<DuckDBInstance['connect']>>;
let root: string;
let earlier: BuiltSnapshot;
let latest: BuiltSnapshot;
let latestVersion: string;

const query = async (sql: string) => (await connection.runAndReadAll(sql)).getRowObjectsJS();
/** A query of the docs with the example version ids replaced by the two published here. */
const runDocQuery = (title: string) => {
  return query(docQuery(title, { latest: latestVersion, earlier: earlier.version }));
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
  await createAthenaViews(connection, root, catalog);
}, 120_000);

afterAll(() => {
  connection?.closeSync();
  db?.closeSync();
});

describe('the Glue tables against the published files', () => {
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
    const rows = await runDocQuery('The regionally relevant ecosystem nodes of a country, strongest first');
    expect(latest.tables.year).toBe(2023); // the year the doc's queries name
    const expected = latest.tables.locationQuotients
      .rows()
      .filter((r) => r.year === 2023 && r.level === 'ecosystem' && r.node && r.region.startsWith('BE'))
      .sort((a, b) => (b.lq ?? 0) - (a.lq ?? 0) || cmp(a.region, b.region) || cmp(a.activity, b.activity))
      .slice(0, 10);
    expect(expected.length).toBeGreaterThan(0);
    expect(rows.map((r) => [r.region, r.activity])).toEqual(expected.map((r) => [r.region, r.activity]));
  });

  it('specialised ecosystems with the country names, joined within one version', async () => {
    const rows = await runDocQuery(
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
    const rows = await runDocQuery('Cluster policy maturity, with the date the scores are as of');
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
    const rows = await runDocQuery('Two versions side by side: location quotients per version');
    expect(rows).toEqual(
      [earlier, latest]
        .sort((a, b) => cmp(a.version, b.version))
        .map((s) => ({
          version: s.version,
          location_quotients: BigInt(s.tables.locationQuotients.length),
          nodes: BigInt(s.tables.locationQuotients.rows().filter((r) => r.node).length),
        })),
    );
    expect(earlier.tables.locationQuotients.length).not.toBe(latest.tables.locationQuotients.length);
  });
});

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
