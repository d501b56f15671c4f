import { parseGeo } from './nuts.ts';
import type { NutsCodeList } from './nutsCodeLists.ts';

/**
 * Which geo codes a Eurostat file may use, given the bundled NUTS code lists (2016, 2024): an aggregate
 * (`EU27_2020`, `EA20`, …); any two-letter country code (Eurostat also reports countries outside NUTS,
 * such as `BA` or `XK`); below the country, only a country the lists cover, with a code one of the lists
 * has, or a code of another
 * vintage (the NUTS 2021 codes `NL31`, `PT16`, `HR02`, which neither bundled list has) whose NUTS 1 parent
 * (`NL3`, `PT1`, `HR0`) one of the lists has, including the Extra-Regio codes (`BEZ`, `BEZZZ`) of a covered
 * country. Anything else (`ZZ99`, `BE99` when there is no `BE9`) is not a geo code. With no lists at all,
 * every NUTS-shaped code is accepted (there is nothing to check against).
 */
export function geoCodeCheck(lists: readonly NutsCodeList[]): (code: string) => boolean {
  const cache = new Map<string, boolean>();
  const has = (code: string) => lists.some((l) => l.units.has(code));
  const country = (c: string) => lists.some((l) => l.countries.has(c) || l.units.has(c));
  return (code) => {
    let known = cache.get(code);
    if (known === undefined) {
      const g = parseGeo(code);
      if (!g) known = false;
      else if (g.kind === 'aggregate' || lists.length === 0 || g.level === 0) known = true;
      else if (!country(g.country)) known = false;
      else known = g.extraRegio || has(code) || has(code.slice(0, 3));
      cache.set(code, known);
    }
    return known;
  };
}
