/**
 * Geography codes in Eurostat datasets: NUTS codes (country prefix + up to three characters, the level being
 * the number of characters after the prefix) and aggregates such as `EU27_2020` or `EA20`.
 */

/** Member States of the EU27 (2020 composition), with Eurostat's `EL` for Greece. */
export const EU27_2020_COUNTRIES: readonly string[] = [
  'AT',
  'BE',
  'BG',
  'CY',
  'CZ',
  'DE',
  'DK',
  'EE',
  'EL',
  'ES',
  'FI',
  'FR',
  'HR',
  'HU',
  'IE',
  'IT',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SE',
  'SI',
  'SK',
];

const AGGREGATE = /^(EU\d{2}(_\d{4})?|EA\d{0,2}(_\d{4})?|EEA\d*(_\d{4})?|EFTA)$/;
const NUTS_SHAPE = /^[A-Z]{2}[0-9A-Z]{0,3}$/;

export type GeoCode =
  | { kind: 'aggregate'; code: string }
  | { kind: 'nuts'; code: string; country: string; level: 0 | 1 | 2 | 3; extraRegio: boolean };

/** Classifies a geo code, or returns undefined when it has neither shape. */
export function parseGeo(code: string): GeoCode | undefined {
  if (AGGREGATE.test(code)) return { kind: 'aggregate', code };
  if (!NUTS_SHAPE.test(code)) return undefined;
  const level = (code.length - 2) as 0 | 1 | 2 | 3;
  // Extra-Regio codes (BEZ, BEZZ, …) end in Z at every level below the country.
  const extraRegio = level > 0 && /^Z+$/.test(code.slice(2));
  return { kind: 'nuts', code, country: code.slice(0, 2), level, extraRegio };
}

/** Eurostat writes Greece as EL and the United Kingdom as UK; ISO 3166 writes GR and GB. */
export function toEurostatCountry(iso2: string): string {
  const upper = iso2.toUpperCase();
  if (upper === 'GR') return 'EL';
  if (upper === 'GB') return 'UK';
  return upper;
}
