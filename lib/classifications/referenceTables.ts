/**
 * The reference tables a refresh reads besides its inputs, by their file names in `data/reference/`. One list
 * for the local run, the compute step and the files bundled with the compute function.
 */
export const REFERENCE_TABLES = {
  /** Eurostat's NACE Rev. 2 structure. */
  nace: { file: 'nace_rev2_structure_en.csv', role: 'classification', name: 'nace_rev2' },
  /** The default NACE division → ecosystem mapping (a project assumption; an input's own mapping wins). */
  mapping: { file: 'nace2_to_ecosystem_v0.csv', role: 'mapping', name: 'nace2_to_ecosystem' },
  /** City → NUTS3 lookup for organisations without a NUTS code; optional. */
  cityLookup: { file: 'city_to_nuts.csv', role: 'cityLookup', name: 'city_to_nuts' },
  /** English country names for the factsheet pages; optional. */
  countryNames: { file: 'country_names_en.csv', role: 'countryNames', name: 'country_names_en' },
} as const;

export type ReferenceTable = keyof typeof REFERENCE_TABLES;

/** The NUTS code lists, one per version: the names and vintages of the `regions` table (role `nuts`). */
export const NUTS_CODE_FILES = ['nuts2016_codes_labels.tsv', 'nuts2024_codes_labels.csv'] as const;

/** Every reference file name, for bundling. */
export const REFERENCE_FILE_NAMES: readonly string[] = [
  ...Object.values(REFERENCE_TABLES).map((t) => t.file),
  ...NUTS_CODE_FILES,
];
