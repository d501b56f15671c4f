import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  NUTS_CODE_FILES,
  REFERENCE_TABLES,
  type ReferenceTable,
} from '../classifications/referenceTables.ts';
import type { RawInput } from '../model/rawInput.ts';
import { fileInput } from './fileInput.ts';

export interface ReferenceInputs {
  nace: RawInput;
  /** The default mapping, used when the input has none of its own. */
  mapping: RawInput;
  /** Absent when the folder has no city lookup. */
  cityLookup?: RawInput;
  /** Absent when the folder has no country names. */
  countryNames?: RawInput;
  /** The NUTS code lists the folder has (role `nuts`, name `nuts2016`, …). */
  nutsCodes: RawInput[];
}

/** The reference tables in `dir` as inputs, shown as `reference/<file>` (the same in every run and place). */
export async function referenceInputs(dir: string): Promise<ReferenceInputs> {
  const input = (t: ReferenceTable) => {
    const { file, role, name } = REFERENCE_TABLES[t];
    return fileInput(join(dir, file), `reference/${file}`, role, name, undefined, dir);
  };
  const files = await readdir(dir).catch(() => [] as string[]);
  return {
    nace: await input('nace'),
    mapping: await input('mapping'),
    ...(files.includes(REFERENCE_TABLES.cityLookup.file) ? { cityLookup: await input('cityLookup') } : {}),
    ...(files.includes(REFERENCE_TABLES.countryNames.file)
      ? { countryNames: await input('countryNames') }
      : {}),
    nutsCodes: await Promise.all(
      NUTS_CODE_FILES.filter((f) => files.includes(f)).map((f) =>
        fileInput(join(dir, f), `reference/${f}`, 'nuts', f.split('_')[0] as string),
      ),
    ),
  };
}
