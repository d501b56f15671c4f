// The benchmark's DuckDB peer: `node bench/peers/duckdb.mjs <input dir> <out dir> <mapping csv>`.
// Reads the input directory's pipeline.config.json (files, filters, year or every year, benchmark, region levels), fills in
// lq.duckdb.sql and runs it with @duckdb/node-api (an in-memory database, DuckDB's default threads). Writes
// ecosystem_employment.csv, location_quotients.csv and region_nodes.csv into <out dir>.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { tsvHeader } from './header.mjs';

const [inputDir, outDir, mapping] = process.argv.slice(2).map((p) => resolve(p));
const config = JSON.parse(readFileSync(join(inputDir, 'pipeline.config.json'), 'utf8'));
// One year (`year` configured) or every year the three files share (as `years: "all"`, the default).
const years = await selectedYears();
const benchmark = config.benchmark ?? 'EU27_2020';
const quote = (s) => `'${String(s).replaceAll("'", "''")}'`;

async function source(role, withActivity) {
  const s = config.sources[role];
  const path = join(inputDir, 'eurostat', s.file ?? `${s.dataset}.tsv.gz`);
  const { dims, periods } = await tsvHeader(path);
  const at = (dim) => {
    const i = dims.indexOf(dim);
    if (i === -1) throw new Error(`${path}: no dimension ${dim}`);
    return i + 1;
  };
  const column = (year) => {
    const i = periods.indexOf(year);
    if (i === -1) throw new Error(`${path}: no period ${year}`);
    return `p${i}`;
  };
  const columns = ['k', ...periods.map((_, i) => `p${i}`)].map((c) => `${quote(c)}: 'VARCHAR'`).join(', ');
  const read =
    `read_csv(${quote(path)}, delim = '\t', header = false, skip = 1, quote = '', escape = '', ` +
    `auto_detect = false, columns = {${columns}})`;
  const filters = Object.entries(s.filters ?? {}).map(
    ([d, v]) => `split_part(k, ',', ${at(d)}) = ${quote(v)}`,
  );
  const where = filters.length ? filters.join(' AND ') : 'true';
  // One row per key and year: the selected periods' columns only (projection pushdown reads no other).
  const source =
    years.length === 1
      ? `(SELECT k, ${years[0]} AS year, ${column(years[0])} AS v FROM ${read} WHERE ${where})`
      : `(SELECT k, unnest([${years.join(', ')}]) AS year, unnest([${years.map(column).join(', ')}]) AS v ` +
        `FROM ${read} WHERE ${where})`;
  return {
    source,
    filter: 'true',
    geo: at(s.geoDimension ?? 'geo'),
    ...(withActivity ? { activity: at(s.activityDimension ?? 'nace_r2') } : {}),
  };
}

async function selectedYears() {
  if (config.year !== undefined) return [String(config.year)];
  const roles = ['regionalByActivity', 'nationalByDivision', 'regionalTotal'];
  const lists = [];
  for (const role of roles) {
    const s = config.sources[role];
    lists.push((await tsvHeader(join(inputDir, 'eurostat', s.file ?? `${s.dataset}.tsv.gz`))).periods);
  }
  return lists[0].filter((p) => /^\d{4}$/.test(p) && lists.every((l) => l.includes(p))).sort();
}

const levels = config.regionLevel ?? { default: 2, BE: 1 };
const overrides = Object.entries(levels).filter(([c]) => c !== 'default');
const params = {
  levelExpr: overrides.length
    ? `CASE country ${overrides.map(([c, l]) => `WHEN ${quote(c)} THEN ${Number(l)}`).join(' ')} ELSE ${Number(levels.default ?? 2)} END`
    : String(Number(levels.default ?? 2)),
  mapping,
  benchmark,
  out: outDir,
  regional: await source('regionalByActivity', true),
  national: await source('nationalByDivision', true),
  totals: await source('regionalTotal', false),
};
const sql = readFileSync(new URL('./lq.duckdb.sql', import.meta.url), 'utf8').replace(
  /\{\{([\w.]+)\}\}/g,
  (_, name) => {
    const value = name.split('.').reduce((o, k) => o?.[k], params);
    if (value === undefined) throw new Error(`lq.duckdb.sql: no value for ${name}`);
    return String(value);
  },
);

const db = await DuckDBInstance.create(':memory:');
const connection = await db.connect();
await connection.run(sql);
connection.closeSync();
