import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { NaceClassification } from '../../../lib/classifications/nace.ts';
import { parseNaceStructure } from '../../../lib/classifications/referenceFiles.ts';
import { InputError } from '../../../lib/errors.ts';
import { type Cube, CubeBuilder, type Selection } from '../../../lib/eurostat/parse/cube.ts';
import { readJsonStat } from '../../../lib/eurostat/parse/jsonStat.ts';
import type { Cell } from '../../../lib/eurostat/parse/observations.ts';
import { splitLines } from '../../../lib/eurostat/parse/observations.ts';
import { readSdmxCsv } from '../../../lib/eurostat/parse/sdmxCsv.ts';
import { readEurostatTsv } from '../../../lib/eurostat/parse/tsv.ts';
import { fileInput } from '../../../lib/fs/fileInput.ts';
import type { EurostatFormat } from '../../../lib/model/formats.ts';

/** Repository root, so the real data files can be found whatever the working directory. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** REAL: Eurostat lfst_r_lfe2emp, current TSV layout (see data/sample/PROVENANCE.md). */
export const CURRENT_TSV = join(ROOT, 'data/sample/eurostat/lfst_r_lfe2emp.tsv');

/** REAL: Eurostat lfst_r_lfe2en2, 2017 vintage, pre-2023 TSV layout (see the example's README). */
export const LEGACY_TSV = join(ROOT, 'data/examples/be-sections-2015/eurostat/lfst_r_lfe2en2.tsv');

/** SYNTHETIC fixtures written for these tests (see tests/fixtures/sources/README.md). */
export const FIXTURES = join(ROOT, 'tests/fixtures/sources');

const NACE_FILE = 'data/reference/nace_rev2_structure_en.csv';

/** NACE Rev. 2 as the pipeline reads it, from the real reference file. */
export const NACE: NaceClassification = parseNaceStructure(
  readFileSync(join(ROOT, NACE_FILE), 'utf8'),
  NACE_FILE,
);

/** The real file's lines, split on LF with any CR removed, to build small excerpts from. */
export function realLines(path: string): string[] {
  return readFileSync(path, 'utf8')
    .replace(/\r?\n$/, '')
    .split(/\r?\n/);
}

export interface ReadOptions {
  format?: EurostatFormat;
  /** Path as shown in messages; defaults to the absolute path. */
  shownPath?: string;
}

/**
 * Reads a file the way the pipeline does: the real `fileInput` adapter (gzip by magic bytes), then the parser
 * for the format, into a CubeBuilder with the real NACE classification.
 */
export async function readCube(
  path: string,
  selection: Partial<Selection> = {},
  options: ReadOptions = {},
): Promise<Cube> {
  const input = await fileInput(path, options.shownPath ?? path, 'test', 'test');
  const builder = new CubeBuilder({ geoDimension: 'geo', filters: {}, ignoreCodes: {}, ...selection }, NACE);
  const format = options.format ?? 'tsv';
  if (format === 'tsv') await readEurostatTsv(splitLines(input.open()), input.path, builder);
  else if (format === 'sdmx-csv') await readSdmxCsv(input.open(), input.path, builder);
  else await readJsonStat(input.open(), input.path, builder);
  return builder.build();
}

/** The cell stored for geo / activity (`''` for totals) / period, or undefined when there is none. */
export function cellAt(cube: Cube, geo: string, activity: string, period: string): Cell | undefined {
  return cube.cells.get(geo)?.get(activity)?.get(period);
}

/** Periods of one series, in the order the cube stored them. */
export function periodsOf(cube: Cube, geo: string, activity = ''): string[] {
  return [...(cube.cells.get(geo)?.get(activity)?.keys() ?? [])];
}

/** Awaits a promise that must reject with an InputError, and returns that error for closer checks. */
export async function inputErrorFrom(promise: Promise<unknown>): Promise<InputError> {
  const outcome = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(outcome).toBeInstanceOf(InputError);
  return outcome as InputError;
}

/** A fresh directory under the OS temp dir; `write` puts text or bytes in it and returns the path. */
export interface TempDir {
  dir: string;
  write(name: string, content: string | Uint8Array): Promise<string>;
  remove(): Promise<void>;
}

export async function makeTempDir(prefix = 'eucluster-sources-'): Promise<TempDir> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return {
    dir,
    async write(name, content) {
      const path = join(dir, name);
      await writeFile(path, content);
      return path;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** The selection that makes the real pre-2023 lfst_r_lfe2en2 file one value per region, activity and year. */
export const LEGACY_SELECTION = {
  activityDimension: 'nace_r2',
  filters: { unit: 'THS', age: 'Y_GE15' },
  ignoreCodes: { nace_r2: ['NRP'] },
};
