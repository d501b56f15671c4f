import { parseCsvRecords } from '../csv/csvRecords.ts';
import { InputError } from '../errors.ts';
import { normalizeCityName } from './cityLookup.ts';

/**
 * How `data/reference/city_to_nuts.csv` is derived from Eurostat's NUTS 2024 code list: documented, conservative
 * rules that read city names out of NUTS3 labels, plus a short hand-written list. Pure (text in, rows out), so
 * the rules are tested on the real labels and the build script only reads and writes files.
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

/**
 * Names read by the rules that are NOT the city they look like, dropped line by line.
 */
export const EXCLUDED_NAMES: readonly { country: string; name: string; nuts3: string; why: string }[] = [
  {
    country: 'DE',
    name: 'Harburg',
    nuts3: 'DE933',
    why: 'the district Harburg (Lower Saxony) is named after Harburg, which is now a borough of Hamburg (DE600)',
  },
];

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

export type HandKind = 'exonym' | 'transliteration' | 'variant' | 'compound' | 'ambiguity' | 'label';

export interface HandEntry {
  country: string;
  city: string;
  nuts3: string;
  /** The unit's exact NUTS 2024 label: the build fails if the code list says otherwise. */
  label: string;
  kind: HandKind;
  why: string;
}

/**
 * The hand-written list: only names a NUTS3 label justifies. Scope: English (for Belgium also French/Dutch)
 * names of capitals, of cities over a million inhabitants and of the Belgian cities Brussels, Antwerp, Ghent and
 * Liège; cities a label names in a form the rules cannot split or read; and settled ambiguities. The build
 * fails when an entry is redundant with (or contradicts) a rule, or its code or label is not in the code list.
 */
export const HAND_ENTRIES: readonly HandEntry[] = [
  // Austria
  {
    country: 'AT',
    city: 'Vienna',
    nuts3: 'AT130',
    label: 'Wien',
    kind: 'exonym',
    why: 'English name of Wien',
  },
  {
    country: 'AT',
    city: 'St. Pölten',
    nuts3: 'AT123',
    label: 'Sankt Pölten',
    kind: 'variant',
    why: 'usual abbreviation of Sankt Pölten',
  },
  {
    country: 'AT',
    city: 'Linz',
    nuts3: 'AT312',
    label: 'Linz-Wels',
    kind: 'compound',
    why: 'first city named',
  },
  {
    country: 'AT',
    city: 'Wels',
    nuts3: 'AT312',
    label: 'Linz-Wels',
    kind: 'compound',
    why: 'second city named',
  },
  {
    country: 'AT',
    city: 'Klagenfurt',
    nuts3: 'AT211',
    label: 'Klagenfurt-Villach',
    kind: 'compound',
    why: 'first city named',
  },
  {
    country: 'AT',
    city: 'Villach',
    nuts3: 'AT211',
    label: 'Klagenfurt-Villach',
    kind: 'compound',
    why: 'second city named',
  },
  {
    country: 'AT',
    city: 'Steyr',
    nuts3: 'AT314',
    label: 'Steyr-Kirchdorf',
    kind: 'compound',
    why: 'first name is the city of Steyr (Kirchdorf left out: several Austrian towns are called Kirchdorf)',
  },
  // Belgium
  {
    country: 'BE',
    city: 'Brussels',
    nuts3: 'BE100',
    label: 'Arr. de Bruxelles-Capitale/Arr. Brussel-Hoofdstad',
    kind: 'exonym',
    why: 'English name of Bruxelles/Brussel',
  },
  {
    country: 'BE',
    city: 'Antwerp',
    nuts3: 'BE211',
    label: 'Arr. Antwerpen',
    kind: 'exonym',
    why: 'English name of Antwerpen',
  },
  {
    country: 'BE',
    city: 'Anvers',
    nuts3: 'BE211',
    label: 'Arr. Antwerpen',
    kind: 'exonym',
    why: 'French name of Antwerpen',
  },
  {
    country: 'BE',
    city: 'Ghent',
    nuts3: 'BE234',
    label: 'Arr. Gent',
    kind: 'exonym',
    why: 'English name of Gent',
  },
  {
    country: 'BE',
    city: 'Gand',
    nuts3: 'BE234',
    label: 'Arr. Gent',
    kind: 'exonym',
    why: 'French name of Gent',
  },
  {
    country: 'BE',
    city: 'Luik',
    nuts3: 'BE332',
    label: 'Arr. Liège',
    kind: 'exonym',
    why: 'Dutch name of Liège',
  },
  {
    country: 'BE',
    city: 'Tournai',
    nuts3: 'BE328',
    label: 'Arr. Tournai-Mouscron',
    kind: 'compound',
    why: 'first city named',
  },
  {
    country: 'BE',
    city: 'Mouscron',
    nuts3: 'BE328',
    label: 'Arr. Tournai-Mouscron',
    kind: 'compound',
    why: 'second city named',
  },
  {
    country: 'BE',
    city: 'Halle',
    nuts3: 'BE241',
    label: 'Arr. Halle-Vilvoorde',
    kind: 'compound',
    why: 'first city named',
  },
  {
    country: 'BE',
    city: 'Vilvoorde',
    nuts3: 'BE241',
    label: 'Arr. Halle-Vilvoorde',
    kind: 'compound',
    why: 'second city named',
  },
  {
    country: 'BE',
    city: 'Verviers',
    nuts3: 'BE335',
    label: 'Arr. Verviers — communes francophones',
    kind: 'ambiguity',
    why: 'the arrondissement is split in BE335 (French-speaking communes) and BE336 (German-speaking); the city of Verviers is French-speaking',
  },
  // Bulgaria
  {
    country: 'BG',
    city: 'Sofia',
    nuts3: 'BG411',
    label: 'София (столица)',
    kind: 'transliteration',
    why: 'Latin spelling of София, the capital (BG412 София is the surrounding province)',
  },
  // Czechia
  {
    country: 'CZ',
    city: 'Prague',
    nuts3: 'CZ010',
    label: 'Hlavní město Praha',
    kind: 'exonym',
    why: 'English name of Praha',
  },
  // Germany
  {
    country: 'DE',
    city: 'Munich',
    nuts3: 'DE212',
    label: 'München, Kreisfreie Stadt',
    kind: 'exonym',
    why: 'English name of München',
  },
  {
    country: 'DE',
    city: 'Cologne',
    nuts3: 'DEA23',
    label: 'Köln, Kreisfreie Stadt',
    kind: 'exonym',
    why: 'English name of Köln',
  },
  // Denmark
  {
    country: 'DK',
    city: 'Copenhagen',
    nuts3: 'DK011',
    label: 'Byen København',
    kind: 'exonym',
    why: 'English name of København',
  },
  // Finland
  {
    country: 'FI',
    city: 'Helsinki',
    nuts3: 'FI1B1',
    label: 'Helsinki-Uusimaa',
    kind: 'compound',
    why: 'the capital, named first (Uusimaa is the region)',
  },
  // France
  {
    country: 'FR',
    city: 'Paris',
    nuts3: 'FR101',
    label: 'Paris',
    kind: 'label',
    why: 'the département is the city; French labels are not read as city names (see PLAIN_LABEL_COUNTRIES)',
  },
  // Hungary
  {
    country: 'HU',
    city: 'Budapest',
    nuts3: 'HU110',
    label: 'Budapest',
    kind: 'label',
    why: 'the unit is the capital; Hungarian labels are not read as city names (see PLAIN_LABEL_COUNTRIES)',
  },
  // Italy
  { country: 'IT', city: 'Rome', nuts3: 'ITI43', label: 'Roma', kind: 'exonym', why: 'English name of Roma' },
  {
    country: 'IT',
    city: 'Milan',
    nuts3: 'ITC4C',
    label: 'Milano',
    kind: 'exonym',
    why: 'English name of Milano',
  },
  // Lithuania
  {
    country: 'LT',
    city: 'Vilnius',
    nuts3: 'LT011',
    label: 'Vilniaus apskritis',
    kind: 'variant',
    why: 'the capital; the label is "county of Vilnius" (genitive Vilniaus)',
  },
  // Netherlands
  {
    country: 'NL',
    city: 'Den Haag',
    nuts3: 'NL361',
    label: 'Agglomeratie ’s-Gravenhage',
    kind: 'variant',
    why: "common Dutch name of 's-Gravenhage, the seat of government",
  },
  {
    country: 'NL',
    city: 'The Hague',
    nuts3: 'NL361',
    label: 'Agglomeratie ’s-Gravenhage',
    kind: 'exonym',
    why: "English name of 's-Gravenhage, the seat of government",
  },
  // Poland
  {
    country: 'PL',
    city: 'Warsaw',
    nuts3: 'PL911',
    label: 'Miasto Warszawa',
    kind: 'exonym',
    why: 'English name of Warszawa',
  },
  // Portugal
  {
    country: 'PT',
    city: 'Lisbon',
    nuts3: 'PT1A0',
    label: 'Grande Lisboa',
    kind: 'exonym',
    why: 'English name of Lisboa',
  },
  // Romania
  {
    country: 'RO',
    city: 'Bucharest',
    nuts3: 'RO321',
    label: 'Bucureşti',
    kind: 'exonym',
    why: 'English name of Bucureşti',
  },
  // Slovakia
  {
    country: 'SK',
    city: 'Bratislava',
    nuts3: 'SK010',
    label: 'Bratislavský kraj',
    kind: 'variant',
    why: 'the capital; the label is "Bratislava region" (adjective Bratislavský)',
  },
];

export interface NutsUnit {
  country: string;
  code: string;
  label: string;
  level: number;
}

/** Reads Eurostat's NUTS code list as shipped (`Country code;NUTS Code;NUTS label;NUTS level;…`, BOM, CRLF). */
export function parseNutsCodeList(text: string, file: string): NutsUnit[] {
  const columns = ['Country code', 'NUTS Code', 'NUTS label', 'NUTS level'] as const;
  const units: NutsUnit[] = [];
  for (const { line, values } of parseCsvRecords(text, file, columns, { delimiter: ';' })) {
    // The shipped file ends with rows of bare separators (`;;;;;;;`): skip rows without any value.
    if (Object.values(values).every((v) => v.trim() === '')) continue;
    const unit = {
      country: (values['Country code'] ?? '').trim(),
      code: (values['NUTS Code'] ?? '').trim(),
      label: (values['NUTS label'] ?? '').trim(),
      level: Number(values['NUTS level']),
    };
    if (!/^[A-Z]{2}[0-9A-Z]{0,3}$/.test(unit.code) || !unit.code.startsWith(unit.country))
      throw new InputError(
        { file, line, field: 'NUTS Code' },
        `"${unit.code}" is not a NUTS code of ${unit.country}`,
      );
    units.push(unit);
  }
  return units;
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
 * Builds the lookup rows from the NUTS3 units of a code list: the rules, then EXCLUDED_NAMES, then the hand
 * list. Deterministic: rows sorted by country, normalised city, code.
 */
export function buildCityLookup(
  units: readonly NutsUnit[],
  hand: readonly HandEntry[] = HAND_ENTRIES,
  excluded: readonly { country: string; name: string }[] = EXCLUDED_NAMES,
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
    if (dropped.has(k)) throw new Error(`${where}: the name is in EXCLUDED_NAMES`);
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
