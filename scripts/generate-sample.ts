/**
 * Deterministic generator for the bundled sample data.
 *
 * Reads only real inputs that are already in the repository:
 *   data/reference/nace_rev2_structure_en.csv
 *   data/reference/industrial_ecosystems_14.csv
 *   data/reference/eccp_cluster_registry_ddbxl.csv
 *   data/sample/eurostat/lfst_r_lfe2emp.tsv            (real Eurostat regional totals)
 *
 * Writes (all SYNTHETIC, see data/sample/PROVENANCE.md):
 *   data/sample/eurostat/synthetic_lfst_r_lfe2en2_nace2d.tsv.gz
 *   data/sample/eurostat/synthetic_lfsa_egan22d.tsv.gz
 *   data/examples/be-sections-2015/eurostat/synthetic_lfsa_egan22d.tsv.gz   (same bytes)
 *   data/sample/eccp/cluster_organisations.csv
 *
 * Every random draw comes from a mulberry32 stream seeded by a hash of SEED and a
 * label (geo code, division, cluster id, ...), so the output does not depend on
 * iteration order, the clock or Math.random. Run: npm run sample:generate
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { CSV_COLUMNS } from '../lib/clusters/contract.ts';
import { hash32, mulberry32 } from './seededRandom.ts';

const SEED = 'eucluster-sample-v1';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REF = join(ROOT, 'data', 'reference');
const SAMPLE = join(ROOT, 'data', 'sample');
const EXAMPLE = join(ROOT, 'data', 'examples', 'be-sections-2015');

const IN_REGIONAL_TOTALS = join(SAMPLE, 'eurostat', 'lfst_r_lfe2emp.tsv');
const OUT_REGIONAL = join(SAMPLE, 'eurostat', 'synthetic_lfst_r_lfe2en2_nace2d.tsv.gz');
const OUT_NATIONAL = join(SAMPLE, 'eurostat', 'synthetic_lfsa_egan22d.tsv.gz');
const OUT_NATIONAL_EXAMPLE = join(EXAMPLE, 'eurostat', 'synthetic_lfsa_egan22d.tsv.gz');
const OUT_CLUSTERS = join(SAMPLE, 'eccp', 'cluster_organisations.csv');

/** Splits a whitespace-separated list. */
function words(text: string): string[] {
  return text.trim().split(/\s+/);
}

const FIRST_YEAR = 2014;
const LAST_YEAR = 2023;
const YEARS = Array.from({ length: LAST_YEAR - FIRST_YEAR + 1 }, (_, i) => FIRST_YEAR + i);
/** Regions count as part of the current (NUTS 2021) set if they have a real value in these years. */
const CURRENT_NUTS_FROM = 2016;

const EU27 = words('AT BE BG CY CZ DE DK EE EL ES FI FR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK');
const EU27_SET = new Set(EU27);
const EU_AGGREGATE = 'EU27_2020';

/** Countries whose 2021 cells carry a break in series (b), and whose 2023 cells are provisional (p). */
const BREAK_2021 = new Set(['BE', 'DE', 'FR']);
const PROVISIONAL_2023 = new Set(['NL', 'PL']);

/** Capital (or seat-of-government) NUTS2 regions that are over-weighted in HQ-type activities. */
const CAPITALS = new Set(
  words(`
    AT13 BE10 BG41 CZ01 DE30 DK01 EL30 ES30 FI1B FR10 HR05 HU11
    IE06 ITI4 LT01 NL32 NL33 PL91 PT17 RO32 SE11 SI04 SK01
  `),
);

// ---------------------------------------------------------------------------
// Seeded randomness

class Rng {
  private readonly next: () => number;
  constructor(...labels: (string | number)[]) {
    this.next = mulberry32(hash32([SEED, ...labels].join('|')));
  }
  uniform(lo = 0, hi = 1): number {
    return lo + (hi - lo) * this.next();
  }
  /** Standard normal via Box-Muller (one value per call, deterministic). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  logNormal(sigma: number, mu = 0): number {
    return Math.exp(mu + sigma * this.normal());
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** Index drawn with probability proportional to weights. */
  weightedIndex(weights: readonly number[]): number {
    const total = weights.reduce((s, w) => s + w, 0);
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i] ?? 0;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }
  /** k distinct indices drawn proportionally to weights, returned in ascending order. */
  weightedSample(weights: readonly number[], k: number): number[] {
    const w = [...weights];
    const picked: number[] = [];
    for (let n = 0; n < k && n < w.length; n++) {
      const i = this.weightedIndex(w);
      picked.push(i);
      w[i] = 0;
    }
    return picked.sort((x, y) => x - y);
  }
}

// ---------------------------------------------------------------------------
// Inputs

function readText(path: string): string {
  return readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
}

function readCsv(path: string): Record<string, string>[] {
  return parse(readText(path), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
}

interface Division {
  code: string; // Eurostat code, e.g. C20
  section: string; // e.g. C
}

function loadDivisions(): Division[] {
  const rows = readCsv(join(REF, 'nace_rev2_structure_en.csv'));
  const divisions = rows
    .filter((r) => r.level === '2')
    .map((r) => ({ code: `${r.parent}${r.code}`, section: r.parent ?? '' }));
  if (divisions.length !== 88) throw new Error(`expected 88 NACE divisions, found ${divisions.length}`);
  return divisions.sort((a, b) => cmp(a.code, b.code));
}

/** Real regional totals: geo -> year -> value (thousand persons), only cells with a value. */
function loadRegionalTotals(): Map<string, Map<number, number>> {
  const lines = readText(IN_REGIONAL_TOTALS).replace(/\r/g, '').split('\n').filter(Boolean);
  const header = (lines[0] ?? '').split('\t');
  const years = header.slice(1).map((y) => Number.parseInt(y.trim(), 10));
  const out = new Map<string, Map<number, number>>();
  for (const line of lines.slice(1)) {
    const [key = '', ...cells] = line.split('\t');
    const dims = key.split(',');
    if (dims[0] !== 'A' || dims[1] !== 'THS_PER' || dims[2] !== 'T' || dims[3] !== 'Y15-64') continue;
    const geo = dims[4] ?? '';
    const series = new Map<number, number>();
    cells.forEach((cell, i) => {
      const raw = cell.trim().split(' ')[0] ?? ':';
      const year = years[i];
      if (raw !== ':' && year !== undefined) series.set(year, Number.parseFloat(raw));
    });
    out.set(geo, series);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Division profile

/** Parses a compact `KEY=number KEY=number ...` table. */
function table(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of text.trim().split(/\s+/)) {
    const [key = '', value = ''] = item.split('=');
    const v = Number(value);
    if (!key || value === '' || !Number.isFinite(v)) throw new Error(`bad table entry "${item}"`);
    out[key] = v;
  }
  return out;
}

/** Base EU-wide employment share per division, in per mille (plausible orders of magnitude). */
const BASE_PROFILE: Record<string, number> = table(`
  A01=40 A02=2.5 A03=0.8 B05=0.8 B06=0.3 B07=0.3 B08=1.5 B09=0.4 C10=20 C11=2
  C12=0.2 C13=2.5 C14=3.5 C15=1.5 C16=4.5 C17=3 C18=3 C19=0.6 C20=6 C21=3.5
  C22=7 C23=6 C24=4 C25=15 C26=5 C27=6.5 C28=15 C29=12 C30=4 C31=4.5
  C32=3.5 C33=6 D35=6 E36=2 E37=1 E38=4.5 E39=0.2 F41=17 F42=7 F43=42
  G45=15 G46=33 G47=76 H49=30 H50=1.5 H51=2 H52=12 H53=6 I55=11 I56=36
  J58=3 J59=2 J60=1.5 J61=4.5 J62=14 J63=3 K64=13 K65=4.5 K66=6 L68=8
  M69=13 M70=8 M71=12 M72=3.5 M73=3 M74=4 M75=1.5 N77=2 N78=4 N79=2
  N80=4 N81=14 N82=7 O84=68 P85=73 Q86=65 Q87=24 Q88=24 R90=3.5 R91=1.5
  R92=1.2 R93=5.5 S94=5.5 S95=1.2 S96=11 T97=9 T98=0.1 U99=0.2
`);

/**
 * Structural country tilts applied on top of the base profile: divisions (codes, or `C*` for a whole
 * section) and per-country multipliers.
 */
const COUNTRY_TILTS: [string, Record<string, number>][] = [
  ['A01 A02 A03', table('RO=4.5 EL=2.6 PL=2.2 BG=2 PT=1.5 HR=1.5 LT=1.4 LV=1.4 HU=1.2 IE=1.2')],
  ['A01 A02 A03', table('BE=0.4 LU=0.3 MT=0.3 DE=0.35 NL=0.6 SE=0.5 CZ=0.7 SK=0.6')],
  ['C*', table('CZ=1.6 SK=1.5 SI=1.5 HU=1.35 DE=1.35 PL=1.25 RO=1.2 IT=1.2 BG=1.1')],
  ['C*', table('CY=0.45 LU=0.4 MT=0.7 EL=0.6 NL=0.75 BE=0.85 FR=0.85 DK=0.8 ES=0.8')],
  ['C29', table('SK=2.8 CZ=2.5 DE=2 HU=2 RO=1.8 SI=1.5')],
  ['C21', table('IE=3.5 DK=2.5 SI=2.5 BE=2 MT=1.5')],
  ['C20', table('BE=1.8 DE=1.6 NL=1.4')],
  ['B05', table('PL=8 CZ=3 BG=3 RO=2.5 EL=1.5 DE=0.6')],
  ['I55 I56 N79', table('EL=1.8 CY=1.8 HR=1.7 MT=1.6 ES=1.5 PT=1.4 AT=1.3')],
  ['K64 K65 K66', table('LU=6 MT=1.8 CY=1.8 IE=1.6')],
  ['J62 J63', table('IE=2 MT=1.8 EE=1.6 LU=1.6 SE=1.4 FI=1.3 NL=1.3 DK=1.2')],
  ['T97', table('CY=3.5 ES=3 IT=2.5 PT=2 EL=1.5 DE=0.3 NL=0.3 SE=0.2 FI=0.2 DK=0.2')],
  ['Q87 Q88', table('SE=1.8 DK=1.8 FI=1.7 NL=1.6 FR=1.4 BE=1.4 EL=0.3 BG=0.4 RO=0.5 CY=0.5 PL=0.6')],
  ['U99', table('BE=6 LU=12')],
];

function tiltApplies(spec: string, d: Division): boolean {
  return spec.split(' ').some((s) => s === d.code || s === `${d.section}*`);
}

/** Over-weighting of HQ-type activities in capital regions (and under-weighting of primary/industry). */
function capitalFactor(d: Division, geo: string): number {
  const boost = table(`
    K64=2.6 K65=2.8 K66=2.6 M69=2 M70=2.4 M71=1.4 M73=1.6 J58=1.8 J59=2 J60=2
    J61=2.2 J62=2.2 J63=2.4 O84=1.7 U99=15 N78=1.8 N82=1.5 H51=1.5 S94=1.6
  `);
  let f = boost[d.code] ?? 1;
  if (d.section === 'A') f = 0.05;
  else if (d.section === 'B') f = 0.2;
  else if (d.section === 'C') f = d.code === 'C18' || d.code === 'C21' ? 0.9 : 0.5;
  if (geo === 'BE10' && d.code === 'U99') f *= 4; // EU institutions and international organisations
  return f;
}

/** Annual growth rate per division (slow trends), before the country/division jitter. */
const TRENDS: Record<string, number> = table(`
  A01=-0.025 A02=-0.01 B05=-0.06 B08=-0.01 C13=-0.025 C14=-0.03 C15=-0.025 C19=-0.01 C21=0.015 H53=-0.02
  J61=-0.005 J62=0.05 J63=0.04 K64=-0.01 M70=0.025 M71=0.015 M72=0.02 N78=0.01 Q86=0.015 Q87=0.02
  Q88=0.015 G47=-0.005 T97=-0.02
`);

/** A temporary dip in 2020-2021 for contact-intensive activities. */
const COVID_DIP: Record<string, [number, number]> = {
  I55: [0.78, 0.85],
  I56: [0.8, 0.86],
  N79: [0.7, 0.8],
  R90: [0.85, 0.9],
  R93: [0.85, 0.9],
  H51: [0.8, 0.85],
};

class ProfileModel {
  private readonly countryFactor = new Map<string, number>();
  private readonly countryTrend = new Map<string, number>();

  constructor(private readonly divisions: Division[]) {
    for (const c of EU27) {
      for (const d of divisions) {
        const rng = new Rng('country-profile', c, d.code);
        let f = rng.logNormal(0.2);
        for (const [spec, factors] of COUNTRY_TILTS) {
          if (tiltApplies(spec, d)) f *= factors[c] ?? 1;
        }
        this.countryFactor.set(`${c}|${d.code}`, f);
        this.countryTrend.set(`${c}|${d.code}`, (TRENDS[d.code] ?? 0) + 0.008 * rng.normal());
      }
    }
  }

  /** Unnormalised weights of the 88 divisions for one region and year. */
  weights(geo: string, year: number): number[] {
    const country = geo.slice(0, 2);
    return this.divisions.map((d) => {
      const key = `${country}|${d.code}`;
      const regional = new Rng('region-profile', geo, d.code).logNormal(0.3);
      const sectoral = new Rng('region-section', geo, d.section).logNormal(0.2);
      const capital = CAPITALS.has(geo) ? capitalFactor(d, geo) : 1;
      const trend = Math.exp((this.countryTrend.get(key) ?? 0) * (year - FIRST_YEAR));
      const dip = COVID_DIP[d.code];
      const covid = dip && year === 2020 ? dip[0] : dip && year === 2021 ? dip[1] : 1;
      const noise = new Rng('year-noise', geo, d.code, year).logNormal(0.04);
      return (
        (BASE_PROFILE[d.code] ?? 1) *
        (this.countryFactor.get(key) ?? 1) *
        regional *
        sectoral *
        capital *
        trend *
        covid *
        noise
      );
    });
  }
}

// ---------------------------------------------------------------------------
// Eurostat TSV writing (current layout)

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Flag letters are written in alphabetical order, as Eurostat does (e.g. "bu", "bc"). */
function cell(value: number | null, flags: Iterable<string>): string {
  const f = [...new Set(flags)].sort().join('');
  return value === null ? `: ${f}` : `${value.toFixed(1)} ${f}`;
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

function timeFlags(country: string, year: number): string[] {
  const flags: string[] = [];
  if (year === 2021 && (BREAK_2021.has(country) || country === EU_AGGREGATE)) flags.push('b');
  if (year === 2023 && PROVISIONAL_2023.has(country)) flags.push('p');
  return flags;
}

function renderTsv(dimensions: string, rows: Map<string, string[]>): string {
  const header = `${dimensions}\\TIME_PERIOD\t${YEARS.map((y) => `${y} `).join('\t')}`;
  const keys = [...rows.keys()].sort(cmp);
  return `${[header, ...keys.map((k) => `${k}\t${(rows.get(k) ?? []).join('\t')}`)].join('\n')}\n`;
}

/** gzip with mtime 0 (zlib.gzipSync never writes one) and the OS byte pinned to 3 (Unix). */
function gzip(text: string): Buffer {
  const buf = gzipSync(Buffer.from(text, 'utf8'), { level: 9 });
  buf[9] = 3;
  return buf;
}

// ---------------------------------------------------------------------------
// 3a/3b: synthetic employment by NACE division

interface RegionSizes {
  /** NUTS2 geo -> year -> total employment (thousands), real or estimated. */
  totals: Map<string, Map<number, number>>;
  /** Cells that were estimated because the real file has no value. */
  estimated: Set<string>;
}

function regionSizes(real: Map<string, Map<number, number>>): RegionSizes {
  const totals = new Map<string, Map<number, number>>();
  const estimated = new Set<string>();
  const regions = [...real.keys()]
    .filter((g) => g.length === 4 && EU27_SET.has(g.slice(0, 2)))
    .filter((g) => [...(real.get(g)?.keys() ?? [])].some((y) => y >= CURRENT_NUTS_FROM))
    .sort(cmp);
  for (const geo of regions) {
    const series = real.get(geo) ?? new Map<number, number>();
    const national = real.get(geo.slice(0, 2)) ?? new Map<number, number>();
    const out = new Map<number, number>();
    for (const year of YEARS) {
      const v = series.get(year);
      if (v !== undefined) {
        out.set(year, v);
        continue;
      }
      // Fallback: the region's share of the national total in the nearest year with both values,
      // applied to the national total of the missing year.
      const candidates = [...series.keys()]
        .filter((y) => national.has(y))
        .sort((a, b) => Math.abs(a - year) - Math.abs(b - year) || a - b);
      const ref = candidates[0];
      const nat = national.get(year);
      if (ref === undefined || nat === undefined) throw new Error(`no fallback for ${geo} ${year}`);
      out.set(year, round1((nat * (series.get(ref) ?? 0)) / (national.get(ref) ?? 1)));
      estimated.add(`${geo}|${year}`);
    }
    totals.set(geo, out);
  }
  return { totals, estimated };
}

interface NationalSums {
  /** country or EU27_2020 -> year -> division values (unrounded), in division order */
  byDivision: Map<string, Map<number, number[]>>;
}

function buildRegional(
  divisions: Division[],
  sizes: RegionSizes,
): { tsv: string; national: NationalSums; stats: Record<string, number> } {
  const model = new ProfileModel(divisions);
  const rows = new Map<string, string[]>();
  const keyOf = (nace: string, geo: string) => `A,THS_PER,T,Y15-64,${nace},${geo}`;
  const sums = new Map<string, Map<number, number[]>>();
  const addTo = (geo: string, year: number, values: number[]) => {
    const byYear = sums.get(geo) ?? new Map<number, number[]>();
    const acc = byYear.get(year) ?? divisions.map(() => 0);
    values.forEach((v, i) => {
      acc[i] = (acc[i] ?? 0) + v;
    });
    byYear.set(year, acc);
    sums.set(geo, byYear);
  };
  const stats = { confidential: 0, unreliable: 0, missing: 0, cells: 0 };

  for (const [geo, series] of sizes.totals) {
    const country = geo.slice(0, 2);
    const totalCells: string[] = [];
    const divisionCells: string[][] = divisions.map(() => []);
    for (const year of YEARS) {
      const total = series.get(year) ?? 0;
      const w = model.weights(geo, year);
      const wSum = w.reduce((s, x) => s + x, 0);
      const values = w.map((x) => (total * x) / wSum);
      addTo(country, year, values);
      addTo(EU_AGGREGATE, year, values);
      const tf = timeFlags(country, year);
      totalCells.push(cell(round1(total), sizes.estimated.has(`${geo}|${year}`) ? [...tf, 'e'] : tf));
      values.forEach((v, i) => {
        const d = divisions[i];
        if (!d) return;
        const shown = round1(v);
        stats.cells++;
        let text: string;
        if (shown < 1) {
          text = cell(null, [...tf, 'c']);
          stats.confidential++;
        } else if (new Rng('missing', geo, d.code, year).chance(0.01)) {
          text = cell(null, tf);
          stats.missing++;
        } else if (shown < 3) {
          text = cell(shown, [...tf, 'u']);
          stats.unreliable++;
        } else {
          text = cell(shown, tf);
        }
        divisionCells[i]?.push(text);
      });
    }
    rows.set(keyOf('TOTAL', geo), totalCells);
    divisions.forEach((d, i) => {
      rows.set(keyOf(d.code, geo), divisionCells[i] ?? []);
    });
  }

  // National rows and EU27_2020: sums of the unrounded NUTS2 values, complete.
  for (const [geo, byYear] of sums) {
    const totalCells = YEARS.map((year) => {
      const values = byYear.get(year) ?? [];
      return cell(round1(values.reduce((s, v) => s + v, 0)), timeFlags(geo, year));
    });
    rows.set(keyOf('TOTAL', geo), totalCells);
    divisions.forEach((d, i) => {
      rows.set(
        keyOf(d.code, geo),
        YEARS.map((year) => {
          const v = round1(byYear.get(year)?.[i] ?? 0);
          const tf = timeFlags(geo, year);
          return cell(v, v < 3 ? [...tf, 'u'] : tf);
        }),
      );
    });
  }

  return {
    tsv: renderTsv('freq,unit,sex,age,nace_r2,geo', rows),
    national: { byDivision: sums },
    stats,
  };
}

function buildNational(divisions: Division[], national: NationalSums): string {
  const rows = new Map<string, string[]>();
  const keyOf = (sex: string, nace: string, geo: string) => `A,THS_PER,${sex},Y_GE15,${nace},${geo}`;
  const maleShare = (country: string, i: number): number => {
    const d = divisions[i];
    const base = new Rng('male-share', d?.code ?? 'TOTAL').uniform(0.52, 0.6);
    return base + 0.01 * new Rng('male-share', country, d?.code ?? 'TOTAL').normal();
  };
  // Unrounded T and M by geo, year, division; EU27_2020 = sum of the countries.
  const tAll = new Map<string, Map<number, number[]>>();
  const mAll = new Map<string, Map<number, number[]>>();
  const eu = { t: new Map<number, number[]>(), m: new Map<number, number[]>() };
  for (const country of EU27) {
    const byYear = national.byDivision.get(country);
    if (!byYear) throw new Error(`no regional data for ${country}`);
    const tByYear = new Map<number, number[]>();
    const mByYear = new Map<number, number[]>();
    for (const year of YEARS) {
      const t = (byYear.get(year) ?? []).map((v) => v * 1.03);
      const m = t.map((v, i) => v * maleShare(country, i));
      tByYear.set(year, t);
      mByYear.set(year, m);
      const euT = eu.t.get(year) ?? divisions.map(() => 0);
      const euM = eu.m.get(year) ?? divisions.map(() => 0);
      t.forEach((v, i) => {
        euT[i] = (euT[i] ?? 0) + v;
      });
      m.forEach((v, i) => {
        euM[i] = (euM[i] ?? 0) + v;
      });
      eu.t.set(year, euT);
      eu.m.set(year, euM);
    }
    tAll.set(country, tByYear);
    mAll.set(country, mByYear);
  }
  tAll.set(EU_AGGREGATE, eu.t);
  mAll.set(EU_AGGREGATE, eu.m);

  for (const [geo, tByYear] of tAll) {
    const mByYear = mAll.get(geo) ?? new Map<number, number[]>();
    const codes = [...divisions.map((d) => d.code), 'TOTAL'];
    codes.forEach((code, i) => {
      const cellsBySex: Record<'T' | 'M' | 'F', string[]> = { T: [], M: [], F: [] };
      for (const year of YEARS) {
        const tv = tByYear.get(year) ?? [];
        const mv = mByYear.get(year) ?? [];
        const t = code === 'TOTAL' ? tv.reduce((s, v) => s + v, 0) : (tv[i] ?? 0);
        const m = code === 'TOTAL' ? mv.reduce((s, v) => s + v, 0) : (mv[i] ?? 0);
        // Work in tenths so that the published F + M equals the published T exactly.
        const t10 = Math.round(t * 10);
        const m10 = Math.round(m * 10);
        const f10 = t10 - m10;
        const tf = timeFlags(geo, year);
        for (const [sex, v10] of [
          ['T', t10],
          ['M', m10],
          ['F', f10],
        ] as const) {
          cellsBySex[sex].push(cell(v10 / 10, v10 < 30 ? [...tf, 'u'] : tf));
        }
      }
      for (const sex of ['T', 'M', 'F'] as const) rows.set(keyOf(sex, code, geo), cellsBySex[sex]);
    });
  }
  return renderTsv('freq,unit,sex,age,nace_r2,geo', rows);
}

// ---------------------------------------------------------------------------
// 4: ECCP cluster organisations

/** Transliteration for characters that NFKD does not reduce to ASCII (`_` = drop the letter). */
const TRANSLIT_FROM = 'абвгґдђеєжзиіјклљмнњопрстћуфхцчџшщъыьэюяłıßøæœđþð';
const TRANSLIT_TO = words(`
  a b v g g d dj e ie zh z i i j k l lj m n nj o p r s t c u f h c ch dz sh shch _ y _ e iu ia
  l i ss o ae oe d th d
`);
const TRANSLIT = new Map([...TRANSLIT_FROM].map((ch, i) => [ch, (TRANSLIT_TO[i] ?? '').replace('_', '')]));
if (TRANSLIT.size !== TRANSLIT_TO.length) throw new Error('transliteration table is misaligned');

function slugify(name: string): string {
  const folded = [...name.normalize('NFKD').toLowerCase()]
    .map((ch) => TRANSLIT.get(ch) ?? ch)
    .join('')
    .replace(/[\u0300-\u036f]/g, '');
  return folded.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/** Relative popularity of the 14 ecosystems among cluster organisations (by official_name). */
const ECOSYSTEM_POPULARITY: Record<string, number> = {
  'Aerospace & Defence': 4,
  'Agri-food': 12,
  Construction: 6,
  'Creative & Cultural Industries': 6,
  Digital: 14,
  Electronics: 5,
  'Energy Intensive Industries': 6,
  Health: 11,
  'Mobility-Transport-Automotive': 8,
  'Proximity & Social Economy': 3,
  'Renewable Energy': 8,
  Retail: 2,
  Textile: 3,
  Tourism: 5,
};

const PARTNERSHIPS = ['ESCP-4i', 'ESCP-4x', 'ESCP-S3', 'INNOSUP-1', 'Euroclusters'];
const PARTNERSHIP_WEIGHTS = [2, 2, 1.5, 1, 3];

/** Overall median member mix (SME / corporate / research) from the ECCP registry calibration. */
const MEMBER_MIX = { sme: 0.815, large: 0.093, research: 0.092 };

function buildClusters(sizes: RegionSizes): { csv: string; stats: Record<string, number> } {
  const registry = readCsv(join(REF, 'eccp_cluster_registry_ddbxl.csv'));
  const ecosystems = readCsv(join(REF, 'industrial_ecosystems_14.csv')).map((r) => r.official_name ?? '');
  if (ecosystems.length !== 14) throw new Error(`expected 14 ecosystems, found ${ecosystems.length}`);
  const ecoWeights = ecosystems.map((e) => {
    const w = ECOSYSTEM_POPULARITY[e];
    if (w === undefined) throw new Error(`no popularity weight for ecosystem "${e}"`);
    return w;
  });

  const regionsByCountry = new Map<string, { geo: string; weight: number }[]>();
  for (const [geo, series] of sizes.totals) {
    const list = regionsByCountry.get(geo.slice(0, 2)) ?? [];
    list.push({ geo, weight: series.get(LAST_YEAR) ?? 0 });
    regionsByCountry.set(geo.slice(0, 2), list);
  }

  const used = new Set<string>();
  const records: string[][] = [];
  const stats = { rows: 0, withMembers: 0, membersTotal: 0, withPartnership: 0 };
  const memberTotals: number[] = [];
  for (const r of registry) {
    const name = r.name ?? '';
    const base = slugify(name) || 'cluster';
    let slug = base;
    for (let n = 2; used.has(slug); n++) slug = `${base}-${n}`;
    used.add(slug);
    const id = `eccp-${slug}`;
    const country = r.country_iso2 === 'GR' ? 'EL' : (r.country_iso2 ?? '');

    const regions = regionsByCountry.get(country) ?? [];
    const region =
      regions.length > 0
        ? (regions[new Rng('region', id).weightedIndex(regions.map((x) => x.weight))]?.geo ?? '')
        : '';

    const ecoRng = new Rng('ecosystems', id);
    const nEco = 1 + ecoRng.weightedIndex([45, 35, 20]);
    const eco = ecoRng
      .weightedSample(ecoWeights, nEco)
      .map((i) => ecosystems[i])
      .join('|');

    const memRng = new Rng('members', id);
    let members = ['', '', '', ''];
    if (!memRng.chance(0.05)) {
      const total = Math.max(5, Math.min(4000, Math.round(memRng.logNormal(1.44, Math.log(60)))));
      const large = MEMBER_MIX.large * memRng.logNormal(0.5);
      const research = MEMBER_MIX.research * memRng.logNormal(0.5);
      const sme = MEMBER_MIX.sme * memRng.logNormal(0.08);
      const other = memRng.chance(0.5) ? 0 : memRng.uniform(0, 0.05);
      const scale = (1 - other) / (sme + large + research);
      const nLarge = Math.round(total * large * scale);
      const nResearch = Math.round(total * research * scale);
      const nOther = Math.round(total * other);
      const nSme = Math.max(0, total - nLarge - nResearch - nOther);
      members = [nSme, nLarge, nResearch, nOther].map(String);
      memberTotals.push(nSme + nLarge + nResearch + nOther);
      stats.withMembers++;
    }

    const pRng = new Rng('partnerships', id);
    let partnerships = '';
    if (pRng.chance(EU27_SET.has(country) ? 0.21 : 0.12)) {
      const k = pRng.chance(0.75) ? 1 : 2;
      partnerships = pRng
        .weightedSample(PARTNERSHIP_WEIGHTS, k)
        .map((i) => PARTNERSHIPS[i])
        .join('|');
      stats.withPartnership++;
    }

    records.push([
      id,
      name,
      country,
      region,
      r.city ?? '',
      eco,
      ...members,
      partnerships,
      'region|ecosystems|members|partnerships',
    ]);
    stats.rows++;
  }
  memberTotals.sort((a, b) => a - b);
  stats.membersTotal = memberTotals.reduce((s, v) => s + v, 0);
  const csv = stringify(records, {
    header: true,
    columns: [...CSV_COLUMNS, 'synthetic_fields'],
    record_delimiter: '\n',
  });
  return {
    csv,
    stats: {
      ...stats,
      membersMedian: memberTotals[Math.floor(memberTotals.length / 2)] ?? 0,
      membersMean: Math.round(stats.membersTotal / Math.max(1, memberTotals.length)),
    },
  };
}

// ---------------------------------------------------------------------------

function write(path: string, content: string | Buffer): void {
  const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
  const sha = createHash('sha256').update(data).digest('hex');
  console.log(`${sha.slice(0, 16)}  ${String(data.length).padStart(9)}  ${relative(ROOT, path)}`);
}

function main(): void {
  const divisions = loadDivisions();
  const sizes = regionSizes(loadRegionalTotals());
  const regional = buildRegional(divisions, sizes);
  const nationalTsv = buildNational(divisions, regional.national);
  const clusters = buildClusters(sizes);

  write(OUT_REGIONAL, gzip(regional.tsv));
  const nationalGz = gzip(nationalTsv);
  write(OUT_NATIONAL, nationalGz);
  write(OUT_NATIONAL_EXAMPLE, nationalGz);
  write(OUT_CLUSTERS, clusters.csv);

  console.log(
    `regions: ${sizes.totals.size} NUTS2, estimated totals: ${[...sizes.estimated].sort(cmp).join(' ') || 'none'}`,
  );
  console.log(`regional cells: ${JSON.stringify(regional.stats)}`);
  console.log(`clusters: ${JSON.stringify(clusters.stats)}`);
}

main();
