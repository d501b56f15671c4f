import { NON_DIMENSIONS } from '../eurostat/parse/sdmxColumns.ts';
import type { EurostatFormat } from '../model/formats.ts';
import type { SourceState } from '../model/sourceState.ts';

/**
 * Whether a Eurostat source must be downloaded again, decided from what was seen last time and Eurostat's
 * catalogue (each dataset's last data update and last structure change). Pure: no I/O, no clock.
 */

export interface CatalogueDates {
  lastDataUpdate: string | null;
  lastStructureChange: string | null;
}

export type SourcePlan =
  | { action: 'reuse'; reason: string }
  | { action: 'fetch'; reason: string; validators?: { etag?: string; lastModified?: string } };

export function planSource(
  dataset: string,
  catalogue: CatalogueDates | undefined,
  state: SourceState | undefined,
  force: boolean,
): SourcePlan {
  if (!state) return { action: 'fetch', reason: 'never fetched' };
  if (force) return { action: 'fetch', reason: 'forced' };
  const validators = {
    ...(state.etag ? { etag: state.etag } : {}),
    ...(state.lastModified ? { lastModified: state.lastModified } : {}),
  };
  if (!catalogue) {
    // Not in the catalogue (or no catalogue): ask the server, with validators so an unchanged body costs a 304.
    return { action: 'fetch', reason: `${dataset} is not in Eurostat's catalogue`, validators };
  }
  if (catalogue.lastStructureChange !== state.lastStructureChange) {
    return {
      action: 'fetch',
      reason: `structure changed ${state.lastStructureChange ?? '(unknown)'} → ${catalogue.lastStructureChange}`,
    };
  }
  if (catalogue.lastDataUpdate !== state.lastDataUpdate) {
    return {
      action: 'fetch',
      reason: `data updated ${state.lastDataUpdate ?? '(unknown)'} → ${catalogue.lastDataUpdate}`,
    };
  }
  return { action: 'reuse', reason: `unchanged since ${state.lastDataUpdate ?? 'the last fetch'}` };
}

/** A new or missing dimension since the last fetch: the source stops rather than being misread. */
export class StructureChangeError extends Error {
  override readonly name = 'StructureChangeError';
  constructor(
    readonly dataset: string,
    readonly before: readonly string[],
    readonly after: readonly string[],
  ) {
    const added = after.filter((d) => !before.includes(d));
    const removed = before.filter((d) => !after.includes(d));
    super(
      `${dataset}: the dataset's structure changed (dimensions before: ${before.join(', ')}; now: ${after.join(', ')}` +
        `${added.length ? `; new: ${added.join(', ')}` : ''}${removed.length ? `; gone: ${removed.join(', ')}` : ''}). ` +
        'Check the filters in the configuration against the new structure, then run again with --accept-structure-change.',
    );
  }
}

export function checkStructure(
  dataset: string,
  before: readonly string[] | null,
  after: readonly string[] | null,
): void {
  if (!before || !after) return;
  if (before.length !== after.length || before.some((d, i) => d !== after[i])) {
    throw new StructureChangeError(dataset, before, after);
  }
}

/**
 * The dimensions named by a file's first line: Eurostat TSV (`freq,unit,…,geo\TIME_PERIOD`) or SDMX-CSV
 * (the columns that are not DATAFLOW, LAST UPDATE, TIME_PERIOD, OBS_*). Null when the format has no header line.
 */
export function headerDimensions(firstLine: string, format: EurostatFormat): string[] | null {
  const line = firstLine.replace(/^\uFEFF/, '');
  if (format === 'tsv') {
    const first = line.split('\t')[0] ?? '';
    const slash = first.indexOf('\\');
    return slash === -1 ? null : first.slice(0, slash).split(',');
  }
  if (format === 'sdmx-csv') {
    const skip = NON_DIMENSIONS;
    return line
      .split(',')
      .map((c) => c.trim())
      .filter((c) => !skip.has(c));
  }
  return null;
}
