import { normalizeCityName } from '../../lib/clusters/cityLookup.ts';
import type { ExcludedName, HandEntry } from './handEntries.ts';
import type { NutsUnit } from './nutsCodeList.ts';

/**
 * How `data/reference/city_to_nuts.csv` is derived from Eurostat's NUTS 2024 code list: documented, conservative
 * rules that read city names out of NUTS3 labels, plus the short hand-written list
 * `data/reference/city_lookup_hand_entries.csv`. Pure (units and hand list in, rows out), so the rules are
 * tested on the real labels and the build script only reads and writes files.
 *
 * Each NUTS3 label yields names with a rule of one of three strengths:
 * 1. `city`: the label says the unit IS a city (`München, Kreisfreie Stadt`, `Miasto Kraków`, `Grad Zagreb`).
 * 2. `seat`: the unit is named after the city at its core, which lies inside it (`Arr. Antwerpen`,
 *    `Salzburg und Umgebung`, `Groot-Amsterdam`, `Grande Lisboa`, `Stockholms län`).
 * 3. `plain`: an unqualified label, taken whole, only in the countries listed in PLAIN_LABEL_COUNTRIES (whose
 *    single-name NUTS3 units are named after their seat town or are landscape names no town carries).
 * A stronger rule wins over a weaker one for the same country and name (`Leipzig, Kreisfreie Stadt` DED51
 * over the district `Leipzig` DED52). A name that one strength gives to two different units is dropped as
 * ambiguous (never guessed) unless the hand list settles it.
 * Labels are first split at `/` (bilingual names such as `Valencia/València`); the names are then split at the
 * country's list separators (LIST_SEPARATORS). A name the rules give that is not a city (`Mittelburgenland`,
 * `Rems-Murr-Kreis`) is kept: it can only match a row that names the unit itself, and then the unit is right.
 */

export type RuleStrength = 'city' | 'seat' | 'plain';

export interface LabelName {
  name: string;
  strength: RuleStrength;
  /** Rule id, written into the `source` column as `nuts2024:<rule>`. */
  rule: string;
}

interface Pattern {
  rule: string;
  strength: RuleStrength;
  /** Countries the pattern applies to; undefined = any. */
  countries?: readonly string[];
  regex: RegExp;
  /** Optional clean-up of the captured name. */
  tidy?: (name: string) => string;
}

const PATTERNS: readonly Pattern[] = [
  // 1. The label says the unit is a city.
  { rule: 'kreisfreie-stadt', strength: 'city', regex: /^(.+), Kreisfreie Stadt$/ }, // DE: "urban district"
  { rule: 'kreisfreie-stadt', strength: 'city', regex: /^Kreisfreie Stadt (.+)$/ },
  { rule: 'stadtkreis', strength: 'city', regex: /^(.+), Stadtkreis$/ }, // DE (Baden-Württemberg): "urban district"
  { rule: 'stadtkreis', strength: 'city', regex: /^Stadtkreis (.+)$/ },
  { rule: 'city', strength: 'city', regex: /^(.+) \(city\)$/ }, // "X (city)", as in the UK's NUTS labels
  { rule: 'miasto', strength: 'city', countries: ['PL'], regex: /^Miasto (.+)$/ }, // "City of X"
  { rule: 'grad', strength: 'city', countries: ['HR'], regex: /^Grad (.+)$/ }, // "City of X"
  { rule: 'byen', strength: 'city', countries: ['DK'], regex: /^Byen (.+)$/ }, // "The city of X"
  { rule: 'hlavni-mesto', strength: 'city', countries: ['CZ'], regex: /^Hlavní město (.+)$/ }, // "Capital city X"
  { rule: 'stolitsa', strength: 'city', countries: ['BG'], regex: /^(.+) \(столица\)$/ }, // "X (capital)"
  // 2. The unit is named after the city at its core.
  {
    // Belgian arrondissements carry the name of their chief town; "— …" qualifies a split arrondissement;
    // "-Capitale"/"-Hoofdstad" (capital) marks the Brussels-Capital arrondissement.
    rule: 'arrondissement',
    strength: 'seat',
    countries: ['BE'],
    regex: /^(?:Arr\.|Bezirk) (?:de )?(.+?)(?: — .+)?$/,
    tidy: (name) => name.replace(/-(?:Capitale|Hoofdstad)$/, ''),
  },
  { rule: 'und-umgebung', strength: 'seat', countries: ['AT'], regex: /^(.+) und Umgebung$/ }, // "X and surroundings"
  { rule: 'en-omgeving', strength: 'seat', countries: ['NL'], regex: /^(.+) en omgeving$/ }, // "X and surroundings"
  { rule: 'agglomeratie', strength: 'seat', countries: ['NL'], regex: /^Agglomeratie (.+)$/ }, // "agglomeration of X"
  { rule: 'groot', strength: 'seat', countries: ['NL'], regex: /^Groot-(.+)$/ }, // "Greater X"
  {
    // Districts formed around a city that is not an urban district itself (Hannover, Aachen, Saarbrücken).
    rule: 'de-region',
    strength: 'seat',
    countries: ['DE'],
    regex: /^(?:Region|Städteregion|Regionalverband) (.+)$/,
  },
  { rule: 'pt-grande', strength: 'seat', countries: ['PT'], regex: /^Grande (.+)$/ }, // "Greater X"
  {
    rule: 'pt-area-metropolitana',
    strength: 'seat',
    countries: ['PT'],
    regex: /^Área Metropolitana d[eoa] (.+)$/, // "Metropolitan area of X"
  },
  { rule: 'pt-regiao', strength: 'seat', countries: ['PT'], regex: /^Região de (.+)$/ }, // "Region of X"
  {
    // Swedish counties: "X län", the name often in the genitive ("Stockholms län" → Stockholm).
    rule: 'se-lan',
    strength: 'seat',
    countries: ['SE'],
    regex: /^(.+) län$/,
    tidy: (name) => name.replace(/s$/, ''),
  },
];

/** Labels that name no city and must not be read as plain names (German rural districts). */
const NOT_A_CITY: readonly RegExp[] = [/, Landkreis$/, /^Landkreis /, /^Extra-Regio/];

/**
 * Countries whose unqualified NUTS3 labels are taken as city names, and why. Left out: BE (every label is an
 * arrondissement, rule `arrondissement`), CZ/SK (regions, `… kraj`), DK/EE/FI/SI (regions and islands; FI's
 * `Lappi` is also a town elsewhere), FR (départements are named after rivers and mountains: `Vienne`, `Indre`
 * and `Aube` are also towns in other départements), HR (`… županija`), HU (`Pest` county does not contain the
 * Pest half of Budapest), LT (genitive forms), PL (adjectival subregion names such as `Krakowski`, the area
 * AROUND Kraków), PT (rivers and landscapes: `Ave`, `Douro`), SE (`… län`), CY/MT (`Κύπρος`, `Malta`).
 */
export const PLAIN_LABEL_COUNTRIES: Readonly<Record<string, string>> = {
  AT: 'single-name units are their central city (Wien, Graz, Innsbruck, Sankt Pölten, Liezen) or landscapes',
  BG: 'oblasts are named after their administrative centre (Пловдив, Варна)',
  DE: 'rural districts (Landkreise) carry the name of their seat town unless the label says Landkreis',
  EL: 'regional units are named after their capital (Θεσσαλονίκη, Ηράκλειο)',
  ES: 'provinces are named after their capital (Zaragoza, Sevilla), or are islands and historic regions',
  IE: 'regions are compass names, except Dublin',
  IT: 'provinces are named after their capoluogo (Milano, Torino)',
  LU: 'one unit: Luxembourg',
  LV: 'Rīga and the planning regions (landscape names)',
  NL: 'COROP regions: Utrecht, Delft en Westland, or landscape names (Twente, Veluwe)',
  RO: 'counties are named after their seat (Iaşi, Sibiu) or a river (Olt, Argeş), and Bucureşti',
};

/** Separators of lists of names inside one label, per country. */
const LIST_SEPARATORS: Readonly<Record<string, RegExp>> = {
  EL: /, /, // "Γρεβενά, Κοζάνη": two regional units in one NUTS3
  IT: /-| e /, // "Forlì-Cesena", "Pesaro e Urbino", "Bolzano-Bozen": provinces with two capoluoghi or names
  NL: / en /, // "Delft en Westland", "Agglomeratie Leiden en Bollenstreek"
};

/** The city names a NUTS3 label gives, with the rule that read each; empty when none applies. */
export function citiesFromLabel(country: string, label: string): LabelName[] {
  const clean = label.replace(/\s+/g, ' ').trim();
  if (NOT_A_CITY.some((re) => re.test(clean))) return [];
  const out: LabelName[] = [];
  for (const part of clean.split('/').map((p) => p.trim())) {
    if (part === '') continue;
    const found = readPart(country, part);
    if (!found) continue;
    const separator = LIST_SEPARATORS[country];
    for (const name of separator ? found.name.split(separator) : [found.name]) {
      const n = name.trim();
      if (n !== '') out.push({ name: n, strength: found.strength, rule: found.rule });
    }
  }
  return out;
}

function readPart(country: string, part: string): LabelName | undefined {
  for (const p of PATTERNS) {
    if (p.countries && !p.countries.includes(country)) continue;
    const m = p.regex.exec(part);
    if (m?.[1])
      return { name: (p.tidy ?? ((s: string) => s))(m[1].trim()), strength: p.strength, rule: p.rule };
  }
  if (country in PLAIN_LABEL_COUNTRIES) return { name: part, strength: 'plain', rule: 'plain' };
  return undefined;
}

export interface CityLookupRow {
  country: string;
  city: string;
  nuts3: string;
  /** `nuts2024:<rule>` or `hand:<kind>`. */
  source: string;
}

export interface CityLookupBuild {
  rows: CityLookupRow[];
  /** Names dropped because rules of the same strength give them to several units (unless the hand list settles them). */
  ambiguous: Array<{ country: string; city: string; codes: string[]; settledBy?: string }>;
}

const STRENGTH_ORDER: readonly RuleStrength[] = ['city', 'seat', 'plain'];

/**
 * Builds the lookup rows from the NUTS3 units of a code list: the rules, then the excluded names, then the hand
 * entries. Deterministic: rows sorted by country, normalised city, code.
 */
export function buildCityLookup(
  units: readonly NutsUnit[],
  hand: readonly HandEntry[],
  excluded: readonly Pick<ExcludedName, 'country' | 'name'>[] = [],
): CityLookupBuild {
  const candidates = new Map<string, Array<LabelName & { country: string; nuts3: string }>>();
  const keyOf = (country: string, city: string) => `${country}\u0000${normalizeCityName(city)}`;
  const dropped = new Set(excluded.map((e) => keyOf(e.country, e.name)));
  const level3 = units.filter((u) => u.level === 3 && !/ZZZ$/.test(u.code));
  for (const unit of level3) {
    for (const found of citiesFromLabel(unit.country, unit.label)) {
      const k = keyOf(unit.country, found.name);
      if (dropped.has(k)) continue;
      const list = candidates.get(k) ?? [];
      list.push({ ...found, country: unit.country, nuts3: unit.code });
      candidates.set(k, list);
    }
  }

  const rows = new Map<string, CityLookupRow>();
  const ambiguous = new Map<string, CityLookupBuild['ambiguous'][number]>();
  for (const [k, list] of candidates) {
    const strongest = STRENGTH_ORDER.find((s) => list.some((c) => c.strength === s)) as RuleStrength;
    const top = list.filter((c) => c.strength === strongest);
    const codes = [...new Set(top.map((c) => c.nuts3))].sort();
    const first = top[0] as (typeof top)[number];
    if (codes.length > 1) ambiguous.set(k, { country: first.country, city: first.name, codes });
    else
      rows.set(k, {
        country: first.country,
        city: first.name,
        nuts3: first.nuts3,
        source: `nuts2024:${first.rule}`,
      });
  }

  const byCode = new Map(level3.map((u) => [u.code, u]));
  for (const entry of hand) {
    const unit = byCode.get(entry.nuts3);
    const where = `hand entry ${entry.country} "${entry.city}" → ${entry.nuts3}`;
    if (!unit || unit.country !== entry.country)
      throw new Error(`${where}: no NUTS3 unit ${entry.nuts3} in ${entry.country} in the code list`);
    if (unit.label !== entry.label)
      throw new Error(`${where}: the code list labels ${entry.nuts3} "${unit.label}", not "${entry.label}"`);
    const k = keyOf(entry.country, entry.city);
    const ruled = rows.get(k);
    if (ruled?.nuts3 === entry.nuts3)
      throw new Error(`${where}: redundant, rule ${ruled.source} gives the same`);
    if (ruled) throw new Error(`${where}: contradicts rule ${ruled.source}, which gives ${ruled.nuts3}`);
    if (dropped.has(k)) throw new Error(`${where}: the name is also excluded`);
    const open = ambiguous.get(k);
    if (open) open.settledBy = `hand:${entry.kind} → ${entry.nuts3}`;
    rows.set(k, {
      country: entry.country,
      city: entry.city,
      nuts3: entry.nuts3,
      source: `hand:${entry.kind}`,
    });
  }

  const order = (a: { country: string; city: string }, b: { country: string; city: string }) =>
    cmp(a.country, b.country) || cmp(normalizeCityName(a.city), normalizeCityName(b.city));
  return {
    rows: [...rows.values()].sort((a, b) => order(a, b) || cmp(a.nuts3, b.nuts3)),
    ambiguous: [...ambiguous.values()].sort(order),
  };
}

/** The lookup as CSV text: header `country,city,nuts3,source`, `\n` line ends, fields quoted only when needed. */
export function cityLookupCsv(rows: readonly CityLookupRow[]): string {
  const field = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = rows.map((r) => [r.country, r.city, r.nuts3, r.source].map(field).join(','));
  return `${['country,city,nuts3,source', ...lines].join('\n')}\n`;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
