import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { RawInput } from '../pipeline/rawInput.ts';
import { fileInput } from './fileInput.ts';

/** The NUTS code lists bundled in data/reference/, one per version: the names and vintages of the regions table. */
export const NUTS_CODE_FILES = ['nuts2016_codes_labels.tsv', 'nuts2024_codes_labels.csv'] as const;

/** The NUTS code lists present in a reference folder, as inputs (role `nuts`, name `nuts2016`, …). */
export async function nutsCodeInputs(referenceDir: string): Promise<RawInput[]> {
  const present = new Set(await readdir(referenceDir).catch(() => [] as string[]));
  const inputs: RawInput[] = [];
  for (const file of NUTS_CODE_FILES) {
    if (!present.has(file)) continue;
    inputs.push(
      await fileInput(join(referenceDir, file), `reference/${file}`, 'nuts', file.split('_')[0] as string),
    );
  }
  return inputs;
}
