import { parseNutsCodeList } from '../../lib/classifications/nutsCodeLists.ts';
import { loadInputDirectory } from '../../lib/fs/inputDirectory.ts';
import { readText } from '../../lib/model/rawInput.ts';
import { parseInputs } from '../../lib/refresh/parseInputs.ts';
import { type BuiltSnapshot, buildSnapshot } from '../../lib/snapshot/build.ts';
import { zstdCompressor } from '../../lib/snapshot/zstd.ts';
import { computeTables } from '../../lib/tables/compute.ts';
import { miniInput } from './miniInput.ts';

/** A real snapshot built from the small test input, created at `now`. */
export async function miniSnapshot(now: Date, fingerprint = 'a'.repeat(64)): Promise<BuiltSnapshot> {
  const inputs = await loadInputDirectory(await miniInput());
  const parsed = await parseInputs(inputs);
  const nuts = [];
  for (const r of inputs.nutsCodes ?? []) nuts.push(parseNutsCodeList(await readText(r), r.path));
  return buildSnapshot({
    tables: computeTables(parsed, inputs.config),
    inputs: [],
    fingerprint,
    codeVersion: 'test',
    benchmark: inputs.config.benchmark,
    created: now,
    classifications: { nace: parsed.nace, mapping: parsed.mapping, nuts },
    compress: (await zstdCompressor()).compress,
  });
}
