import { toEurostatCountry } from '../classifications/nuts.ts';
import { parseCsvRecords } from '../csv/csvRecords.ts';
import { InputError } from '../errors.ts';

/**
 * The city → NUTS3 lookup (`data/reference/city_to_nuts.csv`, built by `scripts/build-city-lookup.ts`): places
 * an organisation that gives a city but no NUTS code. Pure: the table is parsed from text and handed in.
 */

export const CITY_LOOKUP_COLUMNS = ['country', 'city', 'nuts3', 'source'] as const;

export interface CityLookup {
  /** Path of the table as shown to people (e.g. `reference/city_to_nuts.csv`). */
  readonly file: string;
  /** `country` + NUL + normalised city → NUTS3 code. */
  readonly entries: ReadonlyMap<string, string>;
  /** Countries (Eurostat codes) with at least one city in the table. */
  readonly countries: ReadonlySet<string>;
}

/**
 * Letters that Unicode does not decompose into a base letter plus a mark, folded by hand so that matching is
 * accent-insensitive for them too (Łódź = Lodz, Øresund = Oresund, Straße = Strasse).
 */
const FOLDED: Record<string, string> = {
  ł: 'l',
  đ: 'd',
  ð: 'd',
  ø: 'o',
  ħ: 'h',
  ı: 'i',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  þ: 'th',
};

/**
 * The matching key of a city name: case-, accent- and whitespace-insensitive. Lower case, marks removed after
 * canonical decomposition (é → e, ş → s), the letters in FOLDED replaced, typographic apostrophes made
 * straight, and every whitespace character removed (`Frankfurt  am Main` = `frankfurtammain`). Hyphens and
 * other punctuation are kept: `Cluj-Napoca` and `Cluj Napoca` are different keys.
 */
export function normalizeCityName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[łđðøħıßæœþ]/g, (c) => FOLDED[c] ?? c)
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/\s+/g, '');
}

function key(country: string, city: string): string {
  return `${toEurostatCountry(country)}\u0000${normalizeCityName(city)}`;
}

/**
 * Parses the lookup table (`country,city,nuts3,source`). Every row must be well formed (the table is reference
 * data, not user data): a two-letter country, a NUTS3 code inside it, a city. Two rows for the same country
 * and city (after normalisation) must give the same code; otherwise the error names both lines.
 */
export function parseCityLookup(text: string, file: string): CityLookup {
  const entries = new Map<string, string>();
  const countries = new Set<string>();
  const firstLine = new Map<string, number>();
  for (const { line, values } of parseCsvRecords(text, file, CITY_LOOKUP_COLUMNS)) {
    const country = (values.country ?? '').trim();
    const city = (values.city ?? '').trim();
    const nuts3 = (values.nuts3 ?? '').trim();
    if (!/^[A-Za-z]{2}$/.test(country))
      throw new InputError({ file, line, field: 'country' }, `"${country}" is not a two-letter country code`);
    if (normalizeCityName(city) === '') throw new InputError({ file, line, field: 'city' }, 'is empty');
    if (!/^[A-Z]{2}[0-9A-Z]{3}$/.test(nuts3))
      throw new InputError({ file, line, field: 'nuts3' }, `"${nuts3}" is not a NUTS3 code such as BE100`);
    if (!nuts3.startsWith(toEurostatCountry(country)))
      throw new InputError({ file, line, field: 'nuts3' }, `${nuts3} is not in country ${country}`);
    const k = key(country, city);
    const known = entries.get(k);
    if (known !== undefined && known !== nuts3) {
      throw new InputError(
        { file, line, field: 'city' },
        `"${city}" (${country}) is ${nuts3} here but ${known} on line ${firstLine.get(k)}`,
        'Give each city of a country one NUTS3 code',
      );
    }
    if (known === undefined) {
      entries.set(k, nuts3);
      firstLine.set(k, line);
      countries.add(toEurostatCountry(country));
    }
  }
  return { file, entries, countries };
}

/** The NUTS3 code of a city in a country (Eurostat or ISO country code), or undefined when not in the table. */
export function lookupCity(lookup: CityLookup, country: string, city: string): string | undefined {
  return lookup.entries.get(key(country, city));
}
