import { parseCsvRecords } from '../csv/csvRecords.ts';

/** `reference/country_names_en.csv` (`code,name`): the names the factsheet pages give countries. */
export function parseCountryNames(text: string, file: string): Map<string, string> {
  return new Map(
    parseCsvRecords(text, file, ['code', 'name']).map(({ values }) => [values.code ?? '', values.name ?? '']),
  );
}
