import { loadInputDirectory } from '../../lib/fs/inputDirectory.ts';
import { parseInputs } from '../../lib/refresh/parseInputs.ts';
import { type BuiltSnapshot, buildSnapshot } from '../../lib/snapshot/build.ts';
import { computeTables } from '../../lib/tables/compute.ts';
import { miniInput } from './miniInput.ts';

/** A real snapshot built from the small test input, created at `now`. */
export async function miniSnapshot(now: Date, fingerprint = 'a'.repeat(64)): Promise<BuiltSnapshot> {
  const inputs = await loadInputDirectory(await miniInput());
  const tables = computeTables(await parseInputs(inputs), inputs.config);
  return buildSnapshot({
    tables,
    inputs: [],
    fingerprint,
    codeVersion: 'test',
    benchmark: inputs.config.benchmark,
    created: now,
  });
}
