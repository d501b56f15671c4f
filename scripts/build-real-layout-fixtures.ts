/**
 * Builds the test fixtures in Eurostat's real dataset layouts and code sets (tests/fixtures/eurostat-real-layouts/):
 * what `lfsa_egan22d`, `lfst_r_lfe2en2` and `lfst_r_lfe2emp` carry beside the one slice the pipeline reads —
 * `NRP` (no response) and `TOTAL` in the activity dimension, several sexes and age bands, aggregates such as
 * `EA20`. The deployed-workflow suite serves them under the real dataset codes.
 *
 * Code sets are the real files' (data/sample/eurostat/lfst_r_lfe2emp.tsv; the 2017 `lfst_r_lfe2en2` extract in
 * data/examples/be-sections-2015/eurostat/lfst_r_lfe2en2.tsv: A, B-E, F, G-I, J, K, L, M_N, O-Q, R-U, NRP, TOTAL; NACE's 88 divisions). The
 * figures are SYNTHETIC except the `T`/`Y15-64` rows of lfst_r_lfe2emp, which are the real file's rows,
 * unchanged. Deterministic: run twice, same bytes. Run: npx tsx scripts/build-real-layout-fixtures.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

const ROOT = join(import.meta.dirname, '..');
const SAMPLE = join(ROOT, 'data', 'sample', 'eurostat');
const OUT = join(ROOT, 'tests', 'fixtures', 'eurostat-real-layouts');

/** The section groups of the real lfst_r_lfe2en2 (2017 vintage), by the section letters each covers. */
const GROUPS: Array<[string, string]> = [
  ['A', 'A'],
  ['B-E', 'BCDE'],
  ['F', 'F'],
  ['G-I', 'GHI'],
  ['J', 'J'],
  ['K', 'K'],
  ['L', 'L'],
  ['M_N', 'MN'],
  ['O-Q', 'OPQ'],
  ['R-U', 'RSTU'],
];
/** Euro area (20 members, 2023): its aggregate is summed from the national rows. */
const EA20 = 'AT BE CY DE EE EL ES FI FR HR IE IT LT LU LV MT NL PT SI SK'.split(' ');
/** SYNTHETIC factors from the all-persons, one band to the others (the real datasets carry them all). */
const SEXES: Array<[string, number]> = [
  ['T', 1],
  ['M', 0.535],
  ['F', 0.465],
];
const NRP_SHARE = 0.004;

type Row = { key: string[]; cells: string[] };
type Table = { header: string; dims: string[]; years: string[]; rows: Row[] };

function readTsv(file: string): Table {
  const raw = readFileSync(file);
  const text = (raw[0] === 0x1f ? gunzipSync(raw) : raw).toString('utf8').replace(/\r/g, '');
  const [head, ...lines] = text.split('\n').filter((l) => l !== '');
  const [first, ...years] = (head as string).split('\t');
  return {
    header: head as string,
    dims: (first as string).split('\\')[0]?.split(',') ?? [],
    years: years.map((y) => y.trim()),
    rows: lines.map((l) => {
      const [k, ...cells] = l.split('\t');
      return { key: (k as string).split(','), cells };
    }),
  };
}

const numberIn = (cell: string) => {
  const v = cell.trim().split(' ')[0] ?? ':';
  return v === ':' ? null : Number(v);
};
const cellOf = (v: number | null) => (v === null ? ': ' : `${v.toFixed(1)} `);

function writeTsv(name: string, dims: string[], years: string[], rows: Row[]): void {
  rows.sort((a, b) => (a.key.join(',') < b.key.join(',') ? -1 : 1));
  const head = `${dims.join(',')}\\TIME_PERIOD\t${years.map((y) => `${y} `).join('\t')}`;
  const body = rows.map((r) => `${r.key.join(',')}\t${r.cells.join('\t')}`).join('\n');
  writeFileSync(join(OUT, name), gzipSync(Buffer.from(`${head}\n${body}\n`)));
}

/** Sum of several series, year by year; missing when every part is. */
function sum(series: Array<Array<number | null>>, years: number): Array<number | null> {
  return Array.from({ length: years }, (_, i) => {
    const parts = series.map((s) => s[i]).filter((v): v is number => v !== null && v !== undefined);
    return parts.length === 0 ? null : parts.reduce((a, b) => a + b, 0);
  });
}

/** One series in every sex and the given age bands, with NRP and TOTAL beside the activities. */
function expand(
  base: Map<string, Map<string, Array<number | null>>>,
  ages: Array<[string, number]>,
  years: number,
): Row[] {
  const rows: Row[] = [];
  for (const [geo, byActivity] of base) {
    const activities = [...byActivity].filter(([a]) => a !== 'TOTAL');
    const total =
      byActivity.get('TOTAL') ??
      sum(
        activities.map(([, v]) => v),
        years,
      );
    const all = [...activities, ['NRP', total.map((t) => (t === null ? null : t * NRP_SHARE))] as const];
    const withTotal = [
      ...all,
      [
        'TOTAL',
        sum(
          all.map(([, v]) => v),
          years,
        ),
      ] as const,
    ];
    for (const [sex, fs] of SEXES)
      for (const [age, fa] of ages)
        for (const [activity, values] of withTotal)
          rows.push({
            key: ['A', 'THS_PER', sex, age, activity, geo],
            cells: values.map((v) => cellOf(v === null ? null : v * fs * fa)),
          });
  }
  return rows;
}

/** geo → activity → values, the `T` rows of a synthetic sample file (its other sexes are left aside). */
function byGeo(
  t: Table,
  group: (activity: string) => string,
): Map<string, Map<string, Array<number | null>>> {
  const at = (d: string) => t.dims.indexOf(d);
  const parts = new Map<string, Map<string, Array<Array<number | null>>>>();
  for (const r of t.rows) {
    if (r.key[at('sex')] !== 'T') continue;
    const geo = r.key[at('geo')] as string;
    const activity = group(r.key[at('nace_r2')] as string);
    const g = parts.get(geo) ?? new Map();
    parts.set(geo, g);
    g.set(activity, [...(g.get(activity) ?? []), r.cells.map(numberIn)]);
  }
  const out = new Map<string, Map<string, Array<number | null>>>();
  for (const [geo, g] of parts)
    out.set(geo, new Map([...g].map(([a, series]) => [a, sum(series, t.years.length)])));
  return out;
}

function national(): void {
  const t = readTsv(join(SAMPLE, 'synthetic_lfsa_egan22d.tsv.gz'));
  const base = byGeo(t, (a) => a);
  const members = EA20.map((g) => base.get(g)).filter((g) => g !== undefined);
  const activities = [...(base.get('BE')?.keys() ?? [])];
  base.set(
    'EA20',
    new Map(
      activities.map((a) => [
        a,
        sum(
          members.map((m) => m.get(a) ?? []),
          t.years.length,
        ),
      ]),
    ),
  );
  const ages: Array<[string, number]> = [
    ['Y_GE15', 1],
    ['Y15-64', 0.962],
    ['Y15-74', 0.995],
  ];
  writeTsv('synthetic_lfsa_egan22d.tsv.gz', t.dims, t.years, expand(base, ages, t.years.length));
}

function regional(): void {
  const t = readTsv(join(SAMPLE, 'synthetic_lfst_r_lfe2en2_nace2d.tsv.gz'));
  const groupOf = (division: string) =>
    division === 'TOTAL'
      ? 'TOTAL'
      : (GROUPS.find(([, letters]) => letters.includes(division[0] ?? ''))?.[0] ?? '?');
  const base = byGeo(t, groupOf);
  const ages: Array<[string, number]> = [
    ['Y15-64', 1],
    ['Y_GE15', 1.04],
  ];
  writeTsv('synthetic_lfst_r_lfe2en2.tsv.gz', t.dims, t.years, expand(base, ages, t.years.length));
}

/** The real rows (T, Y15-64) unchanged, and SYNTHETIC rows for the other sexes and 15+ beside them. */
function totals(): void {
  const t = readTsv(join(SAMPLE, 'lfst_r_lfe2emp.tsv'));
  const rows: Row[] = [];
  for (const r of t.rows) {
    rows.push({ key: r.key, cells: r.cells.map((c) => c.trim().replace(/^([^ ]*)$/, '$1 ')) });
    const scaled = (f: number) =>
      r.cells.map((c) => cellOf(numberIn(c) === null ? null : (numberIn(c) as number) * f));
    for (const [sex, fs] of SEXES.slice(1))
      rows.push({
        key: [r.key[0] ?? 'A', r.key[1] ?? '', sex, r.key[3] ?? '', r.key[4] ?? ''],
        cells: scaled(fs),
      });
    for (const [sex, fs] of SEXES)
      rows.push({
        key: [r.key[0] ?? 'A', r.key[1] ?? '', sex, 'Y_GE15', r.key[4] ?? ''],
        cells: scaled(fs * 1.04),
      });
  }
  writeTsv('synthetic_lfst_r_lfe2emp.tsv.gz', t.dims, t.years, rows);
}

national();
regional();
totals();
