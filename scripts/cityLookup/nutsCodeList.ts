import { parseCsvRecords } from '../../lib/csv/csvRecords.ts';
import { InputError } from '../../lib/errors.ts';

/** A unit of Eurostat's NUTS code list, as the city lookup's rules read it. */
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
