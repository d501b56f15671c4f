import type { FactsheetInput } from './input.ts';

/** The name pages use for a country or aggregate: `Belgium`, `EU27`. */
export function countryName(input: FactsheetInput, code: string): string {
  const named = input.names.countries?.get(code) ?? input.names.regions.get(code);
  if (named) return named;
  const eu = /^EU(\d{2})(_\d{4})?$/.exec(code);
  return eu ? `EU${eu[1]}` : code;
}

/** `BE1: Brussels Region`, or the code alone without a name. */
export function regionName(input: FactsheetInput, code: string): string {
  const named = input.names.regions.get(code);
  return named ? `${code}: ${named}` : code;
}

/** `C21 – Manufacture of …` at NACE level; an ecosystem is its own name. */
export function activityName(input: FactsheetInput, code: string, level: 'nace' | 'ecosystem'): string {
  if (level === 'ecosystem') return code;
  const named = input.names.activities.get(code);
  return named ? `${code} – ${named}` : code;
}
