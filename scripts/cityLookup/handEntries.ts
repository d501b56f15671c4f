import * as z from 'zod/mini';
import '../../lib/zodLocale.ts';
import { parseCsvRecords } from '../../lib/csv/csvRecords.ts';
import { InputError } from '../../lib/errors.ts';

/**
 * The hand-written part of the city lookup, `data/reference/city_lookup_hand_entries.csv`
 * (`country,city,nuts3,label,kind,why`): names a NUTS3 label justifies but the rules cannot read, and names
 * the rules read that must be dropped (kind `excluded`). Its scope is documented in
 * data/reference/PROVENANCE.md; the build checks each entry against the code list and the rules.
 */

export const HAND_KINDS = ['exonym', 'transliteration', 'variant', 'compound', 'ambiguity', 'label'] as const;

export type HandKind = (typeof HAND_KINDS)[number];

export const HAND_ENTRY_COLUMNS = ['country', 'city', 'nuts3', 'label', 'kind', 'why'] as const;

export interface HandEntry {
  country: string;
  city: string;
  nuts3: string;
  /** The unit's exact NUTS 2024 label: the build fails if the code list says otherwise. */
  label: string;
  kind: HandKind;
  why: string;
}

/** A name the rules read that is NOT the city it looks like. */
export interface ExcludedName {
  country: string;
  name: string;
  nuts3: string;
  why: string;
}

export interface HandList {
  entries: HandEntry[];
  excluded: ExcludedName[];
}

const text = z.string().check(z.trim(), z.minLength(1, 'is empty'));

const row = z.object({
  country: z.string().check(z.regex(/^[A-Z]{2}$/, 'is not a two-letter country code')),
  city: text,
  nuts3: z.string().check(z.regex(/^[A-Z]{2}[0-9A-Z]{3}$/, 'is not a NUTS3 code such as BE100')),
  label: text,
  kind: z.enum([...HAND_KINDS, 'excluded'], {
    error: `is not one of ${[...HAND_KINDS, 'excluded'].join(', ')}`,
  }),
  why: text,
});

/** Parses the hand list; an invalid row fails with its file, line and field. Rows keep the file's order. */
export function parseHandList(csv: string, file: string): HandList {
  const entries: HandEntry[] = [];
  const excluded: ExcludedName[] = [];
  for (const { line, values } of parseCsvRecords(csv, file, HAND_ENTRY_COLUMNS)) {
    const parsed = row.safeParse(values);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = String(issue?.path[0] ?? '');
      throw new InputError(
        { file, line, field },
        `"${values[field] ?? ''}" ${issue?.message ?? 'is invalid'}`,
      );
    }
    const { kind, ...entry } = parsed.data;
    if (!entry.nuts3.startsWith(entry.country))
      throw new InputError(
        { file, line, field: 'nuts3' },
        `${entry.nuts3} is not in country ${entry.country}`,
      );
    if (kind === 'excluded')
      excluded.push({ country: entry.country, name: entry.city, nuts3: entry.nuts3, why: entry.why });
    else entries.push({ ...entry, kind });
  }
  return { entries, excluded };
}
