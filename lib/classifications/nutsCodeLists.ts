import { InputError } from '../errors.ts';

/** One NUTS unit as a code list gives it. */
export interface NutsUnit {
  code: string;
  level: 0 | 1 | 2 | 3;
  country: string;
  label: string;
}

/** One vintage of the NUTS classification (`2016`, `2024`, …): the codes it has. */
export interface NutsCodeList {
  /** The NUTS version, four digits. */
  version: string;
  file: string;
  units: ReadonlyMap<string, NutsUnit>;
  /** Countries the list covers: a country is its own NUTS0 unit in every version, listed or not. */
  countries: ReadonlySet<string>;
}

const CODE = /^[A-Z]{2}[0-9A-Z]{0,3}$/;

/**
 * Parses one of the bundled NUTS code lists (data/reference/): Eurostat's NUTS 2024 list
 * (`Country code;NUTS Code;NUTS label;NUTS level;…`, `;`-separated, BOM, CRLF) or the NUTS 2016 list
 * (`nuts-2016<TAB>country<TAB>name`). The version comes from the header (`nuts-2016`) or the file name
 * (`nuts2024_…`): the 2024 file does not say it.
 */
export function parseNutsCodeList(text: string, file: string): NutsCodeList {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = lines[0] ?? '';
  const tab = header.split('\t');
  const version = /^nuts-(\d{4})$/.exec(tab[0] ?? '')?.[1] ?? /nuts[-_]?(\d{4})/i.exec(file)?.[1];
  if (!version)
    throw new InputError({ file, line: 1 }, 'cannot tell the NUTS version from the header or name');
  const units = new Map<string, NutsUnit>();
  const countries = new Set<string>();
  const isTsv = tab.length === 3;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    const cells = line.split(isTsv ? '\t' : ';');
    // The 2024 file ends in hundreds of rows of empty cells (`;;;;;;;`).
    if (cells.every((c) => c.trim() === '')) continue;
    const [code, country, label] = isTsv ? cells : [cells[1], cells[0], cells[2]];
    if (!code || !CODE.test(code) || !country) {
      throw new InputError({ file, line: i + 1, field: 'code' }, `"${code ?? ''}" is not a NUTS code`);
    }
    const level = (code.length - 2) as NutsUnit['level'];
    units.set(code, { code, level, country, label: label ?? '' });
    countries.add(country);
  }
  return { version, file, units, countries };
}

/** The versions, among the lists given, that have a code (a country code: whose list covers the country). */
export function nutsVersionsOf(code: string, lists: readonly NutsCodeList[]): string[] {
  return lists
    .filter((l) => l.units.has(code) || (code.length === 2 && l.countries.has(code)))
    .map((l) => l.version)
    .sort();
}
