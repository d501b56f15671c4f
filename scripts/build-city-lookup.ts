/**
 * Builds data/reference/city_to_nuts.csv (columns country,city,nuts3,source) from the NUTS 2024 code list in
 * data/reference/nuts2024_codes_labels.csv, with the rules of scripts/cityLookup/rules.ts and the
 * hand-written list data/reference/city_lookup_hand_entries.csv (both documented in
 * data/reference/PROVENANCE.md).
 *
 * Deterministic: the output depends only on the code list, the hand list and the rules (no clock, no network,
 * sorted rows).
 * Run:   npx tsx scripts/build-city-lookup.ts [--out FILE]
 * Prints the number of rows, the rows per country and the names dropped as ambiguous.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHandList } from './cityLookup/handEntries.ts';
import { parseNutsCodeList } from './cityLookup/nutsCodeList.ts';
import { buildCityLookup, cityLookupCsv } from './cityLookup/rules.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const IN_NUTS = join(ROOT, 'data', 'reference', 'nuts2024_codes_labels.csv');
const IN_HAND = join(ROOT, 'data', 'reference', 'city_lookup_hand_entries.csv');
const DEFAULT_OUT = join(ROOT, 'data', 'reference', 'city_to_nuts.csv');

function main(argv: readonly string[]): void {
  const i = argv.indexOf('--out');
  const out = i >= 0 ? argv[i + 1] : DEFAULT_OUT;
  if (!out) throw new Error('--out needs a file name');
  const units = parseNutsCodeList(readFileSync(IN_NUTS, 'utf8'), relative(ROOT, IN_NUTS));
  const hand = parseHandList(readFileSync(IN_HAND, 'utf8'), relative(ROOT, IN_HAND));
  const { rows, ambiguous } = buildCityLookup(units, hand.entries, hand.excluded);
  writeFileSync(out, cityLookupCsv(rows));

  const perCountry = new Map<string, number>();
  for (const r of rows) perCountry.set(r.country, (perCountry.get(r.country) ?? 0) + 1);
  console.log(`${relative(process.cwd(), resolve(out))}: ${rows.length} rows`);
  console.log(`  per country: ${[...perCountry].map(([c, n]) => `${c} ${n}`).join(', ')}`);
  for (const a of ambiguous) {
    console.log(
      `  ambiguous: ${a.country} "${a.city}" (${a.codes.join(', ')})${a.settledBy ? `, settled by ${a.settledBy}` : ', dropped'}`,
    );
  }
}

main(process.argv.slice(2));
