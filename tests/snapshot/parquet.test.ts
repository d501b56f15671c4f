import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResourceDescriptor } from '../../lib/snapshot/manifest.ts';
import { formatScalar } from '../../lib/snapshot/tableFiles.ts';
import { sha256 } from '../helpers/snapshots.ts';
import { sampleSnapshot } from './sampleSnapshot.ts';

const DUCKDB_TYPE = {
  string: 'VARCHAR',
  integer: 'INTEGER',
  number: 'DOUBLE',
  boolean: 'BOOLEAN',
  date: 'VARCHAR',
} as const;

let db: DuckDBInstance;
let connection: Awaited<ReturnType<DuckDBInstance['connect']>>;
beforeAll(async () => {
  db = await DuckDBInstance.create(':memory:');
  connection = await db.connect();
});
afterAll(() => {
  connection.closeSync();
  db.closeSync();
});

const query = async (sql: string) => (await connection.runAndReadAll(sql)).getRowObjectsJS();
const quoted = (path: string) => `'${path.replaceAll("'", "''")}'`;

describe('the Parquet files of the sample snapshot, read back with DuckDB', async () => {
  const { snapshot, dir } = await sampleSnapshot();
  const resources = snapshot.manifest.resources;
  const pairs = resources
    .filter((r) => r.format === 'csv')
    .map((csv) => {
      const pq = resources.find((r) => r.format === 'parquet' && r.name === `${csv.name}-parquet`);
      return [csv.name, csv, pq as ResourceDescriptor] as const;
    });

  it('has a Parquet file beside every CSV, in a folder of its own, listed with its hash', () => {
    for (const [name, , pq] of pairs) {
      expect(pq.path).toBe(`parquet/${name}/${name}.parquet`);
      const file = snapshot.files.find((f) => f.path === pq.path);
      expect(pq.hash).toBe(`sha256:${sha256(file?.content as Buffer)}`);
    }
  });

  it.each(pairs)('%s: zstd-compressed, columns typed as declared', async (_name, csv, pq) => {
    const path = quoted(join(dir, pq.path));
    const codecs = await query(`SELECT DISTINCT compression FROM parquet_metadata(${path})`);
    expect(codecs.map((c) => c.compression)).toEqual(['ZSTD']);
    const columns = await query(`DESCRIBE SELECT * FROM read_parquet(${path})`);
    expect(columns.map((c) => [c.column_name, c.column_type])).toEqual(
      csv.schema.fields.map((f) => [f.name, DUCKDB_TYPE[f.type]]),
    );
  });

  it.each(pairs)('%s: equal to the CSV cell by cell', async (_name, csv, pq) => {
    const rows = await query(`SELECT * FROM read_parquet(${quoted(join(dir, pq.path))})`);
    const content = snapshot.files.find((f) => f.path === csv.path)?.content as Buffer;
    const [, ...cells] = parse(content) as string[][];
    expect(rows.length).toBe(cells.length);
    const differences: string[] = [];
    rows.forEach((row, i) => {
      csv.schema.fields.forEach((field, j) => {
        const cell = cells[i]?.[j] as string;
        const missing = (field.missingValues ?? csv.schema.missingValues).includes(cell);
        const value = row[field.name] as string | number | boolean | null;
        // A number must be the very double the CSV text reads as (maturity's `2.0` is the number 2).
        const expected = missing ? null : field.type === 'number' ? Number(cell) : cell;
        const actual = value === null ? null : field.type === 'number' ? value : formatScalar(value);
        if (!Object.is(actual, expected))
          differences.push(`row ${i + 1} ${field.name}: csv ${cell}, parquet ${actual}`);
      });
    });
    expect(differences.slice(0, 5)).toEqual([]);
  });

  it.each(pairs)(
    '%s: no row differs between the CSV and the Parquet file (DuckDB EXCEPT, both ways)',
    async (_name, csv, pq) => {
      // As a consumer reads it: DuckDB's own type detection, no options.
      const fromCsv = `SELECT * FROM read_csv_auto(${quoted(join(dir, csv.path))})`;
      const fromParquet = `SELECT * FROM read_parquet(${quoted(join(dir, pq.path))})`;
      const differ = async (a: string, b: string) =>
        Number((await query(`SELECT count(*) AS n FROM (${a} EXCEPT ALL ${b})`))[0]?.n);
      expect(await differ(fromCsv, fromParquet)).toBe(0);
      expect(await differ(fromParquet, fromCsv)).toBe(0);
    },
  );

  it('lets DuckDB read the maturity CSV scores as numbers, not integers', async () => {
    const columns = await query(`DESCRIBE SELECT * FROM read_csv(${quoted(join(dir, 'data/maturity.csv'))})`);
    const types = Object.fromEntries(columns.map((c) => [c.column_name, c.column_type]));
    expect([types.policy_scope, types.continuity, types.evidence, types.instruments, types.total]).toEqual([
      'DOUBLE',
      'DOUBLE',
      'DOUBLE',
      'DOUBLE',
      'DOUBLE',
    ]);
  });
});
