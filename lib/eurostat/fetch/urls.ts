import type { EurostatFormat } from '../../model/formats.ts';

/**
 * Eurostat's dissemination API URLs, as documented by Eurostat:
 * - SDMX 2.1 data:
 *   `{base}/api/dissemination/sdmx/2.1/data/{dataset}[/{key}]?format=TSV|SDMX-CSV&compressed=true` where the key is dot-separated values in the dataset's dimension order (`+` joins values, an empty slot
 *   is a wildcard); `startPeriod=YYYY` restricts the periods.
 * - Statistics API (JSON-stat 2.0):
 *   `{base}/api/dissemination/statistics/1.0/data/{dataset}?lang=EN&format=JSON` then one `{dimension}={value}` per value, in any order; `sinceTimePeriod=YYYY` restricts the periods.
 * - Bulk whole dataset (gzipped TSV, since October 2023): the SDMX URL with no key.
 * - Async API: `{base}/api/dissemination/1.0/async/status/{key}` and `…/async/data/{key}`.
 * - Catalogue: `{base}/api/dissemination/catalogue/toc/txt?lang=en`.
 */

export interface DatasetQuery {
  dataset: string;
  format: EurostatFormat;
  /** Dimension → the value(s) kept. */
  filters: Readonly<Record<string, string | readonly string[]>>;
  /** The dataset's dimension names in order (SDMX key). Without it the SDMX URL asks for the whole dataset. */
  keyOrder?: readonly string[];
  /** First year wanted. */
  startPeriod?: number;
}

const DATASET_CODE = /^[A-Za-z0-9][A-Za-z0-9_.$-]*$/;

/** A dataset code safe in a URL path and in a storage key; anything else is a programming error. */
export function checkDatasetCode(dataset: string): string {
  if (!DATASET_CODE.test(dataset) || dataset.includes('..')) {
    throw new RangeError(`"${dataset}" is not a Eurostat dataset code`);
  }
  return dataset;
}

function apiRoot(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/api/dissemination`;
}

function valuesOf(v: string | readonly string[] | undefined): string[] {
  if (v === undefined) return [];
  return typeof v === 'string' ? [v] : [...v];
}

function checkYear(year: number | undefined): void {
  if (year !== undefined && !(Number.isInteger(year) && year >= 1000 && year <= 9999)) {
    throw new RangeError(`startPeriod must be a four-digit year, got ${year}`);
  }
}

/** The SDMX key: values in `keyOrder`, `+`-joined per dimension, dot-separated, empty = wildcard. */
export function sdmxKey(filters: DatasetQuery['filters'], keyOrder: readonly string[]): string {
  const byLower = new Map(keyOrder.map((d) => [d.toLowerCase(), d]));
  for (const dim of Object.keys(filters)) {
    if (!byLower.has(dim.toLowerCase())) {
      throw new RangeError(`filter on "${dim}", which is not in keyOrder (${keyOrder.join(', ')})`);
    }
  }
  const lowerFilters = new Map(Object.entries(filters).map(([k, v]) => [k.toLowerCase(), v]));
  return keyOrder
    .map((dim) =>
      valuesOf(lowerFilters.get(dim.toLowerCase()))
        .map((v) => encodeURIComponent(v))
        .join('+'),
    )
    .join('.');
}

/** The URL that answers `query` in its format (see the module comment). */
export function datasetUrl(query: DatasetQuery, baseUrl: string): string {
  const dataset = encodeURIComponent(checkDatasetCode(query.dataset));
  checkYear(query.startPeriod);
  if (query.format === 'json-stat') {
    const params = new URLSearchParams({ lang: 'EN', format: 'JSON' });
    for (const dim of Object.keys(query.filters).sort()) {
      for (const v of valuesOf(query.filters[dim])) params.append(dim, v);
    }
    if (query.startPeriod !== undefined) params.append('sinceTimePeriod', String(query.startPeriod));
    return `${apiRoot(baseUrl)}/statistics/1.0/data/${dataset}?${params.toString()}`;
  }
  const key = query.keyOrder ? `/${sdmxKey(query.filters, query.keyOrder)}` : '';
  const format = query.format === 'tsv' ? 'TSV' : 'SDMX-CSV';
  const start = query.startPeriod !== undefined ? `&startPeriod=${query.startPeriod}` : '';
  return `${apiRoot(baseUrl)}/sdmx/2.1/data/${dataset}${key}?format=${format}&compressed=true${start}`;
}

/** The bulk download of a whole dataset: gzipped TSV, every dimension, every period. */
export function bulkUrl(dataset: string, baseUrl: string): string {
  const code = encodeURIComponent(checkDatasetCode(dataset));
  return `${apiRoot(baseUrl)}/sdmx/2.1/data/${code}?format=TSV&compressed=true`;
}

export function asyncStatusUrl(key: string, baseUrl: string): string {
  return `${apiRoot(baseUrl)}/1.0/async/status/${encodeURIComponent(key)}`;
}

export function asyncDataUrl(key: string, baseUrl: string): string {
  return `${apiRoot(baseUrl)}/1.0/async/data/${encodeURIComponent(key)}`;
}

export function catalogueUrl(baseUrl: string, lang = 'en'): string {
  return `${apiRoot(baseUrl)}/catalogue/toc/txt?lang=${encodeURIComponent(lang)}`;
}
