import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseNaceStructure } from '../../lib/classifications/referenceFiles.ts';
import { loadInputDirectory } from '../../lib/fs/inputDirectory.ts';
import { computeSnapshot } from '../../lib/refresh/compute.ts';
import { latestYearTables, seriesOf } from '../../lib/render/fromSnapshot.ts';
import type { FactsheetInput } from '../../lib/render/input.ts';
import type { BuiltSnapshot } from '../../lib/snapshot/build.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const REFERENCE = join(ROOT, 'data', 'reference');

/** English names of the EU27 (the EU's own spelling), for readable test pages. */
export const COUNTRY_NAMES: ReadonlyMap<string, string> = new Map([
  ['AT', 'Austria'],
  ['BE', 'Belgium'],
  ['BG', 'Bulgaria'],
  ['CY', 'Cyprus'],
  ['CZ', 'Czechia'],
  ['DE', 'Germany'],
  ['DK', 'Denmark'],
  ['EE', 'Estonia'],
  ['EL', 'Greece'],
  ['ES', 'Spain'],
  ['FI', 'Finland'],
  ['FR', 'France'],
  ['HR', 'Croatia'],
  ['HU', 'Hungary'],
  ['IE', 'Ireland'],
  ['IT', 'Italy'],
  ['LT', 'Lithuania'],
  ['LU', 'Luxembourg'],
  ['LV', 'Latvia'],
  ['MT', 'Malta'],
  ['NL', 'Netherlands'],
  ['PL', 'Poland'],
  ['PT', 'Portugal'],
  ['RO', 'Romania'],
  ['SE', 'Sweden'],
  ['SI', 'Slovenia'],
  ['SK', 'Slovakia'],
  ['EU27_2020', 'EU27'],
]);

/** NUTS 2024 code → label from the shipped code list (`;`-separated, BOM, CRLF). */
export async function nutsNames(): Promise<Map<string, string>> {
  const text = (await readFile(join(REFERENCE, 'nuts2024_codes_labels.csv'), 'utf8')).replace(/^\uFEFF/, '');
  const names = new Map<string, string>();
  for (const line of text.split(/\r?\n/).slice(1)) {
    const [, code, label] = line.split(';');
    if (code && label) names.set(code, label);
  }
  return names;
}

/** NACE division (`C21`) and section (`C`) → label, through the project's own parser. */
export async function naceNames(): Promise<Map<string, string>> {
  const file = join(REFERENCE, 'nace_rev2_structure_en.csv');
  const nace = parseNaceStructure(await readFile(file, 'utf8'), file);
  return new Map([...nace.sections, ...[...nace.divisions].map(([c, d]) => [c, d.label] as const)]);
}

export interface SampleFactsheet {
  input: FactsheetInput;
  snapshot: BuiltSnapshot;
}

/**
 * The factsheet input from the bundled sample (data/sample), computed the way a refresh computes it, with
 * the names from data/reference. The sample is partly SYNTHETIC, so `synthetic` is true.
 */
export async function sampleFactsheet(
  extras: Partial<Pick<FactsheetInput, 'policies' | 'cooperation' | 'nodeTotals'>> = {},
): Promise<SampleFactsheet> {
  const inputs = await loadInputDirectory(join(ROOT, 'data', 'sample'));
  const snapshot = await computeSnapshot(inputs, {
    created: new Date('2026-03-01T12:00:00Z'),
    codeVersion: 'test',
  });
  const m = snapshot.manifest;
  const input: FactsheetInput = {
    tables: latestYearTables(snapshot.tables),
    series: seriesOf(snapshot.tables),
    benchmark: m.benchmark,
    latestYear: m.latestYear,
    snapshotVersion: m.version,
    synthetic: m.synthetic,
    names: { regions: await nutsNames(), activities: await naceNames(), countries: COUNTRY_NAMES },
    sources: m['eucluster:inputs']
      .filter((s) => s.role !== 'config')
      .map((s) => ({ role: s.role, dataset: s.name, lastUpdate: s.sourceVersion, synthetic: s.synthetic })),
    ...extras,
  };
  return { input, snapshot };
}
