/**
 * Deterministic generator of SYNTHETIC Eurostat-format inputs for the benchmark (`npm run bench`).
 *
 * Three gzipped TSV files in the current Eurostat layout (`freq,unit,…,geo\TIME_PERIOD`, periods ascending,
 * cells `value flags`), every file name starting with `synthetic_`:
 * - `synthetic_lfst_r_lfe2en2_nace2d.tsv.gz`: every EU27 NUTS2 region (NUTS 2024, Extra-Regio left out) and
 *   EU27_2020 × the 88 NACE divisions and TOTAL × 15 years × sex (T, M, F) × the scale's units and age bands;
 * - `synthetic_lfsa_egan22d.tsv.gz`: the same for the 27 countries, EU27_2020 and EA20 (national rows);
 * - `synthetic_lfst_r_lfe2emp.tsv.gz`: regional totals (countries, NUTS2 regions, EU27_2020, EA20; no NUTS1,
 *   so Belgium's NUTS1 regions are sums of their NUTS2 rows).
 * Scale 1 has one unit (THS_PER) and two age bands (Y15-64, Y_GE15); 10 and 100 add units and age bands as the
 * real datasets have, so every scale's selected slice (THS_PER, T, Y15-64; national Y_GE15) is the same.
 *
 * Every value comes from a mulberry32 stream seeded by a 32-bit hash of SEED and the series' labels: the
 * output depends on nothing but this file and the reference code list (no clock, no Math.random).
 */
import { createWriteStream, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { hash32, mulberry32 } from '../scripts/seededRandom.ts';

export const SEED = 'eucluster-bench-v1';
export const SCALES = [1, 10, 100] as const;
export type Scale = (typeof SCALES)[number];

export const YEARS = Array.from({ length: 15 }, (_, i) => 2009 + i);
export const REFERENCE_YEAR = 2023;
export const FILES = {
  regional: 'synthetic_lfst_r_lfe2en2_nace2d.tsv.gz',
  national: 'synthetic_lfsa_egan22d.tsv.gz',
  totals: 'synthetic_lfst_r_lfe2emp.tsv.gz',
} as const;

const EU27 = 'AT BE BG CY CZ DE DK EE EL ES FI FR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK'.split(' ');
const DIVISIONS = (
  'A01 A02 A03 B05 B06 B07 B08 B09 C10 C11 C12 C13 C14 C15 C16 C17 C18 C19 C20 C21 C22 C23 C24 C25 C26 C27 ' +
  'C28 C29 C30 C31 C32 C33 D35 E36 E37 E38 E39 F41 F42 F43 G45 G46 G47 H49 H50 H51 H52 H53 I55 I56 J58 J59 ' +
  'J60 J61 J62 J63 K64 K65 K66 L68 M69 M70 M71 M72 M73 M74 M75 N77 N78 N79 N80 N81 N82 O84 P85 Q86 Q87 Q88 ' +
  'R90 R91 R92 R93 S94 S95 S96 T97 T98 U99'
).split(' ');
const SEXES = ['F', 'M', 'T'];
/** Flags of time: a break in series in 2021 for these countries, provisional 2023 figures for those. */
const BREAK_2021 = new Set(['BE', 'DE', 'FR']);
const PROVISIONAL_2023 = new Set(['NL', 'PL']);

/** Units and age bands per scale: 1 × 2, 2 × 10, 4 × 50 (unit, age) pairs, sorted as Eurostat sorts codes. */
export function unitsAndAges(scale: Scale): { units: string[]; ages: string[] } {
  const units = ['THS_PER', 'PC_EMP', 'PC_POP', 'PC_ACT'].slice(0, scale === 1 ? 1 : scale === 10 ? 2 : 4);
  const ages = allAges().slice(0, scale === 1 ? 2 : scale === 10 ? 10 : 50);
  return { units: units.sort(), ages: ages.sort() };
}

function allAges(): string[] {
  const head = ['Y15-64', 'Y_GE15', 'Y15-24', 'Y25-54', 'Y55-64', 'Y15-74', 'Y20-64', 'Y25-64', 'Y_GE25'];
  const out = [...head];
  for (const lo of [55, 65, 75, 20, 50]) out.push(`Y_GE${lo}`);
  for (let lo = 15; lo <= 70; lo += 5) for (let hi = lo + 4; hi <= 74; hi += 5) out.push(`Y${lo}-${hi}`);
  return [...new Set(out)];
}

/** NUTS2 codes of the EU27 (NUTS 2024), Extra-Regio (`…ZZ`) left out. */
export function nuts2Regions(referenceDir: string): string[] {
  const text = readFileSync(join(referenceDir, 'nuts2024_codes_labels.csv'), 'utf8').replace(/^\uFEFF/, '');
  const eu = new Set(EU27);
  const out: string[] = [];
  for (const line of text.split(/\r?\n/).slice(1)) {
    const [country, code, , level] = line.split(';');
    if (level === '2' && country && code && eu.has(country) && !code.endsWith('Z')) out.push(code);
  }
  return out.sort();
}

// ---------------------------------------------------------------------------------------------------------
// Seeded randomness

class Rng {
  readonly next: () => number;
  constructor(label: string) {
    this.next = mulberry32(hash32(`${SEED}|${label}`));
  }
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  logNormal(sigma: number): number {
    return Math.exp(sigma * this.normal());
  }
}

// ---------------------------------------------------------------------------------------------------------
// The model: region size × division share × trend, in thousands; other slices are scaled copies with noise.

interface Model {
  regions: string[];
  countries: string[];
  /** `${geo}|${activity}` → value per year (thousands, unrounded) of the THS_PER/T/Y15-64 slice. */
  core: Map<string, Float64Array>;
  /** geo → male share per activity. */
  maleShare: Map<string, number>;
}

function buildModel(referenceDir: string): Model {
  const regions = nuts2Regions(referenceDir);
  const divisionWeight = new Map(DIVISIONS.map((d) => [d, new Rng(`weight|${d}`).logNormal(1)]));
  const core = new Map<string, Float64Array>();
  const maleShare = new Map<string, number>();
  const add = (key: string, values: Float64Array) => {
    const sum = core.get(key);
    if (!sum) core.set(key, Float64Array.from(values));
    else for (let y = 0; y < values.length; y++) (sum[y] as number) += values[y] as number;
  };
  for (const geo of regions) {
    const r = new Rng(`region|${geo}`);
    const size = 60 + 900 * r.logNormal(0.8) * r.next();
    const growth = 0.01 + 0.012 * r.normal();
    const tilts = DIVISIONS.map(
      (d) => (divisionWeight.get(d) as number) * new Rng(`tilt|${geo}|${d}`).logNormal(0.7),
    );
    const tiltSum = tilts.reduce((s, w) => s + w, 0);
    for (let i = 0; i < DIVISIONS.length; i++) {
      const d = DIVISIONS[i] as string;
      const c = new Rng(`cell|${geo}|${d}`);
      const level = (size * (tilts[i] as number)) / tiltSum;
      const values = new Float64Array(YEARS.length);
      for (let y = 0; y < YEARS.length; y++) {
        values[y] = level * (1 + growth) ** (y - 5) * (1 + 0.03 * c.normal());
      }
      core.set(`${geo}|${d}`, values);
      maleShare.set(`${geo}|${d}`, 0.3 + 0.4 * c.next());
      for (const parent of [geo.slice(0, 2), 'EU27_2020']) add(`${parent}|${d}`, values);
      if (geo !== 'EU27_2020' && EA20.has(geo.slice(0, 2))) add(`EA20|${d}`, values);
    }
  }
  for (const key of [...core.keys()]) {
    if (!maleShare.has(key)) maleShare.set(key, 0.3 + 0.4 * new Rng(`male|${key}`).next());
  }
  return { regions, countries: [...EU27].sort(), core, maleShare };
}

const EA20 = new Set('AT BE CY DE EE EL ES FI FR HR IE IT LT LU LV MT NL PT SI SK'.split(' '));

/** Age band → share of Y15-64 (Y15-64 itself exactly 1, Y_GE15 a little more). */
function ageFactor(age: string): number {
  if (age === 'Y15-64') return 1;
  if (age === 'Y_GE15') return 1.035;
  return 0.05 + 0.9 * new Rng(`age|${age}`).next();
}

// ---------------------------------------------------------------------------------------------------------
// Cells and lines

/** One cell: `value flags`, missing (`:`) or confidential (`: c`) for small values, `u` for unreliable ones. */
function cell(value: number, country: string, yearIndex: number, draw: number): string {
  const tenths = Math.round(value * 10);
  const year = YEARS[yearIndex] as number;
  let flags = '';
  if (year === 2021 && BREAK_2021.has(country)) flags += 'b';
  if (year === 2023 && PROVISIONAL_2023.has(country)) flags += 'p';
  if (tenths < 8) return draw < 0.5 ? ': c' : `: ${flags}`;
  if (tenths < 30) flags += 'u';
  return `${Math.floor(tenths / 10)}.${tenths % 10} ${flags}`;
}

function line(key: string, values: Float64Array, country: string, rng: Rng): string | null {
  let out = key;
  let present = 0;
  for (let y = 0; y < values.length; y++) {
    const text = cell(values[y] as number, country, y, rng.next());
    if (text[0] !== ':') present++;
    out += `\t${text}`;
  }
  return present > 0 ? out : null;
}

/** The values of one series: the core slice itself, or a noisy scaled copy of it. */
function series(
  model: Model,
  unit: string,
  sex: string,
  age: string,
  geo: string,
  activity: string,
  core: Float64Array,
  rng: Rng,
): Float64Array {
  if (unit === 'THS_PER' && sex === 'T' && age === 'Y15-64') return core;
  const male = model.maleShare.get(`${geo}|${activity}`) ?? 0.5;
  let factor = (sex === 'T' ? 1 : sex === 'M' ? male : 1 - male) * ageFactor(age);
  if (unit !== 'THS_PER') factor *= 100 / Math.max(1, core[core.length - 1] as number) / 8;
  const out = new Float64Array(core.length);
  const exact = unit === 'THS_PER' && sex === 'T' && age === 'Y_GE15';
  for (let y = 0; y < core.length; y++)
    out[y] = (core[y] as number) * factor * (exact ? 1 : 1 + 0.02 * rng.normal());
  return out;
}

/** Streams lines into a gzip file, in ~1 MiB strings. */
async function writeGzip(path: string, lines: () => Generator<string>): Promise<number> {
  let raw = 0;
  async function* text() {
    let buf = '';
    for (const l of lines()) {
      buf += `${l}\n`;
      if (buf.length >= 1 << 20) {
        raw += Buffer.byteLength(buf);
        yield buf;
        buf = '';
      }
    }
    raw += Buffer.byteLength(buf);
    if (buf.length > 0) yield buf;
  }
  await pipeline(Readable.from(text()), createGzip({ level: 6 }), createWriteStream(path));
  return raw;
}

function header(dims: string): string {
  return `freq,${dims}\\TIME_PERIOD\t${YEARS.map((y) => `${y} `).join('\t')}`;
}

export interface Generated {
  dir: string;
  /** file → uncompressed bytes */
  rawBytes: Record<string, number>;
}

/** Writes the scale's input directory (eurostat/, pipeline.config.json, README.md) into `dir`. */
export async function generate(scale: Scale, dir: string, referenceDir: string): Promise<Generated> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'eurostat'), { recursive: true });
  const model = buildModel(referenceDir);
  const { units, ages } = unitsAndAges(scale);
  const activities = [...DIVISIONS, 'TOTAL'].sort();
  const rawBytes: Record<string, number> = {};

  const byActivity = (geos: string[]) =>
    function* () {
      yield header('unit,sex,age,nace_r2,geo');
      for (const unit of units)
        for (const sex of SEXES)
          for (const age of ages)
            for (const activity of activities)
              for (const geo of geos) {
                const core =
                  activity === 'TOTAL'
                    ? totalOf(model, geo)
                    : (model.core.get(`${geo}|${activity}`) as Float64Array);
                const key = `A,${unit},${sex},${age},${activity},${geo}`;
                const rng = new Rng(key);
                const l = line(
                  key,
                  series(model, unit, sex, age, geo, activity, core, rng),
                  geo.slice(0, 2),
                  rng,
                );
                if (l !== null) yield l;
              }
    };
  const regionalGeos = [...model.regions, 'EU27_2020'].sort();
  const nationalGeos = [...model.countries, 'EU27_2020', 'EA20'].sort();
  rawBytes[FILES.regional] = await writeGzip(join(dir, 'eurostat', FILES.regional), byActivity(regionalGeos));
  rawBytes[FILES.national] = await writeGzip(join(dir, 'eurostat', FILES.national), byActivity(nationalGeos));

  const totalGeos = [...model.regions, ...model.countries, 'EU27_2020', 'EA20'].sort();
  rawBytes[FILES.totals] = await writeGzip(join(dir, 'eurostat', FILES.totals), function* () {
    yield header('unit,sex,age,geo');
    for (const unit of units)
      for (const sex of SEXES)
        for (const age of ages)
          for (const geo of totalGeos) {
            const key = `A,${unit},${sex},${age},${geo}`;
            const rng = new Rng(key);
            // E(r) is a little more than the sum of the divisions (people with no NACE answer).
            const core = totalOf(model, geo).map((v) => v * 1.004);
            const l = line(key, series(model, unit, sex, age, geo, 'TOTAL', core, rng), geo.slice(0, 2), rng);
            if (l !== null) yield l;
          }
  });

  writeFileSync(join(dir, 'pipeline.config.json'), `${JSON.stringify(benchConfig(), null, 2)}\n`);
  writeFileSync(join(dir, 'README.md'), readme(scale, units, ages, model, rawBytes));
  return { dir, rawBytes };
}

const totals = new WeakMap<Model, Map<string, Float64Array>>();
function totalOf(model: Model, geo: string): Float64Array {
  let cache = totals.get(model);
  if (!cache) {
    cache = new Map();
    totals.set(model, cache);
  }
  let t = cache.get(geo);
  if (!t) {
    t = new Float64Array(YEARS.length);
    for (const d of DIVISIONS) {
      const v = model.core.get(`${geo}|${d}`) as Float64Array;
      for (let y = 0; y < YEARS.length; y++) (t[y] as number) += v[y] as number;
    }
    cache.set(geo, t);
  }
  return t;
}

/**
 * One unit, sex and age band per source: the slice every scale shares; the reference year only (`single`, the
 * written configuration) or every year (`all`, the default of a configuration without `years`).
 */
export function benchConfig(years: 'single' | 'all' = 'single') {
  const filters = (age: string) => ({ unit: 'THS_PER', sex: 'T', age });
  return {
    benchmark: 'EU27_2020',
    ...(years === 'single' ? { year: REFERENCE_YEAR } : {}),
    regionLevel: { default: 2, BE: 1 },
    sources: {
      nationalByDivision: { dataset: 'lfsa_egan22d', file: FILES.national, filters: filters('Y_GE15') },
      regionalByActivity: { dataset: 'lfst_r_lfe2en2', file: FILES.regional, filters: filters('Y15-64') },
      regionalTotal: { dataset: 'lfst_r_lfe2emp', file: FILES.totals, filters: filters('Y15-64') },
    },
    summaryCountries: ['BE'],
  };
}

function readme(
  scale: Scale,
  units: string[],
  ages: string[],
  model: Model,
  rawBytes: Record<string, number>,
): string {
  return `# SYNTHETIC benchmark input, scale ${scale}×

**Every figure in this folder is SYNTHETIC.** It was generated by \`bench/generate.ts\` (seed
\`${SEED}\`, mulberry32 streams seeded by a hash of the seed and each series' labels) for the performance
benchmark (\`npm run bench\`). It is not Eurostat data: never present it, or anything computed from it, as
official statistics. Only the layout (Eurostat's current TSV), the dimension codes and the NUTS 2024 region
codes are real.

- regions: ${model.regions.length} EU27 NUTS2 regions (NUTS 2024, no Extra-Regio) and EU27_2020
- activities: 88 NACE Rev. 2 divisions and TOTAL; years ${YEARS[0]}–${YEARS.at(-1)}; sex T, M, F
- units: ${units.join(', ')}; age bands: ${ages.join(', ')}
- files (uncompressed bytes): ${Object.entries(rawBytes)
    .map(([f, b]) => `eurostat/${f} (${b})`)
    .join(', ')}
- \`pipeline.config.json\` selects THS_PER, T, Y15-64 (national: Y_GE15) and year ${REFERENCE_YEAR}: the same
  slice at every scale, so every scale gives the same tables.
`;
}
