import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import * as z from 'zod/mini';
import '../../zodLocale.ts';
import { EurostatHttpError, eurostatMessage, MalformedCatalogueError, TransientError } from './errors.ts';
import { openGet, readChunks, statusError, type Target } from './http.ts';
import { type RetryOptions, resolveRetryOptions, withRetry } from './retry.ts';
import { classifyHead, HEAD_BYTES } from './sniff.ts';
import { catalogueUrl } from './urls.ts';

/**
 * Eurostat's catalogue (table of contents), TXT form: `…/api/dissemination/catalogue/toc/txt?lang=en`.
 * Tab-separated, double-quoted fields, a header row `"title" "code" "type" "last update of data"
 * "last table structure change" "data start" "data end" "values"`, dates as DD.MM.YYYY, and the title's
 * leading four-space indents giving the folder hierarchy. It says, per dataset, when its data and its
 * structure last changed: what a run reads to decide whether to download.
 */

export const CATALOGUE_COLUMNS = [
  'title',
  'code',
  'type',
  'last update of data',
  'last table structure change',
  'data start',
  'data end',
  'values',
] as const;

export interface CatalogueEntry {
  code: string;
  /** The title without its indent. */
  title: string;
  /** Folder depth: the number of four-space indents of the title. */
  depth: number;
  type: 'dataset' | 'table' | 'folder';
  /** ISO date (YYYY-MM-DD) or null. */
  lastDataUpdate: string | null;
  lastStructureChange: string | null;
  /** First and last period, as Eurostat writes them (`2008`, `2008Q1`, `2008M01`), or null. */
  dataStart: string | null;
  dataEnd: string | null;
  /** Number of values, or null. */
  values: number | null;
}

export interface CatalogueOptions {
  baseUrl: string;
  lang?: 'en' | 'fr' | 'de';
  timeoutMs?: number;
  stallMs?: number;
  /** Default 256 MiB. */
  maxBytes?: number;
  retry?: RetryOptions;
}

const DATE = /^(\d{2})\.(\d{2})\.(\d{4})$/;

/** DD.MM.YYYY → YYYY-MM-DD, checking the date exists. */
function isoDate(s: string): string | null | undefined {
  if (s === '') return null;
  const m = DATE.exec(s);
  if (!m) return undefined;
  const [, dd, mm, yyyy] = m as unknown as [string, string, string, string];
  const d = new Date(Date.UTC(Number(yyyy), Number(mm) - 1, Number(dd)));
  if (
    d.getUTCFullYear() !== Number(yyyy) ||
    d.getUTCMonth() !== Number(mm) - 1 ||
    d.getUTCDate() !== Number(dd)
  ) {
    return undefined;
  }
  return `${yyyy}-${mm}-${dd}`;
}

const dateField = (column: string) =>
  z.pipe(
    z.string(),
    z.transform((s: string, ctx) => {
      const iso = isoDate(s.trim());
      if (iso === undefined) {
        ctx.issues.push({
          code: 'custom',
          message: `"${column}" is "${s}", not a DD.MM.YYYY date`,
          input: s,
        });
        return z.NEVER;
      }
      return iso;
    }),
  );

const optionalText = z.pipe(
  z.string(),
  z.transform((s: string) => (s.trim() === '' ? null : s.trim())),
);

const rowSchema = z.pipe(
  z.tuple([
    z.string().check(z.refine((s) => s.trim() !== '', '"title" is empty')),
    z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_.$-]*$/, '"code" is not a Eurostat code')),
    z.enum(['dataset', 'table', 'folder'], { message: '"type" is not dataset, table or folder' }),
    dateField('last update of data'),
    dateField('last table structure change'),
    optionalText,
    optionalText,
    z.pipe(
      z.string().check(z.regex(/^\s*\d*\s*$/, '"values" is not a whole number')),
      z.transform((s: string) => (s.trim() === '' ? null : Number(s))),
    ),
  ]),
  z.transform(
    ([
      title,
      code,
      type,
      lastDataUpdate,
      lastStructureChange,
      dataStart,
      dataEnd,
      values,
    ]): CatalogueEntry => {
      const indent = /^ */.exec(title)?.[0].length ?? 0;
      return {
        code,
        title: title.trim(),
        depth: Math.floor(indent / 4),
        type,
        lastDataUpdate,
        lastStructureChange,
        dataStart,
        dataEnd,
        values,
      };
    },
  ),
);

/**
 * Parses catalogue records (arrays of fields, with their line numbers) into a map by lower-case code. A
 * dataset listed under several folders keeps its first entry.
 */
export async function parseCatalogueRecords(
  records: AsyncIterable<{ record: string[]; info: { lines: number } }>,
  url: string,
): Promise<Map<string, CatalogueEntry>> {
  const out = new Map<string, CatalogueEntry>();
  let header = true;
  for await (const { record, info } of records) {
    // Trailing empty fields (a trailing tab) are tolerated; any other count is not.
    const fields = [...record];
    while (fields.length > CATALOGUE_COLUMNS.length && fields[fields.length - 1] === '') fields.pop();
    if (header) {
      const names = fields.map((f) => f.trim().toLowerCase());
      if (names.join('\t') !== CATALOGUE_COLUMNS.join('\t')) {
        throw new MalformedCatalogueError(
          url,
          info.lines,
          `the header is ${JSON.stringify(fields)}, expected ${JSON.stringify(CATALOGUE_COLUMNS)}`,
        );
      }
      header = false;
      continue;
    }
    if (fields.length !== CATALOGUE_COLUMNS.length) {
      throw new MalformedCatalogueError(
        url,
        info.lines,
        `${fields.length} fields where ${CATALOGUE_COLUMNS.length} were expected`,
      );
    }
    const parsed = rowSchema.safeParse(fields);
    if (!parsed.success) {
      throw new MalformedCatalogueError(
        url,
        info.lines,
        parsed.error.issues.map((i) => i.message).join('; '),
      );
    }
    const key = parsed.data.code.toLowerCase();
    if (!out.has(key)) out.set(key, parsed.data);
  }
  if (header) throw new MalformedCatalogueError(url, undefined, 'the catalogue is empty (no header row)');
  return out;
}

/** csv-parse set for the TOC: tab-separated, double quotes, line numbers with each record. */
export function catalogueParser() {
  return parse({
    delimiter: '\t',
    quote: '"',
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    bom: true,
    info: true,
  });
}

/**
 * The catalogue, or undefined when it cannot be had (unreachable after the retries, an HTTP error, not in the
 * documented layout): change detection then falls back to asking each dataset with its validators, where a
 * 304 costs nothing. Any other error (a bug, a bad option) is thrown.
 */
export async function readCatalogueIfAvailable(
  options: CatalogueOptions,
): Promise<Map<string, CatalogueEntry> | undefined> {
  try {
    return await readCatalogue(options);
  } catch (err) {
    if (
      err instanceof TransientError ||
      err instanceof EurostatHttpError ||
      err instanceof MalformedCatalogueError
    )
      return undefined;
    throw err;
  }
}

/**
 * GETs and parses the catalogue, with the client's retries and limits. Returns every entry (datasets,
 * tables and folders) by lower-case code. A catalogue without the documented layout is a
 * MalformedCatalogueError.
 */
export async function readCatalogue(options: CatalogueOptions): Promise<Map<string, CatalogueEntry>> {
  const url = catalogueUrl(options.baseUrl, options.lang ?? 'en');
  const target: Target = { dataset: 'catalogue', url };
  const retry = resolveRetryOptions(options.retry);
  const limits = { stallMs: options.stallMs ?? 60_000, maxBytes: options.maxBytes ?? 256 * 1024 * 1024 };
  return withRetry(async () => {
    const res = await openGet(target, { timeoutMs: options.timeoutMs ?? 60_000 });
    if (res.status !== 200) throw await statusError(res, target, limits, retry.now());
    const chunks = readChunks(res, target, limits);
    const first = await chunks.next();
    const head = first.done ? Buffer.alloc(0) : first.value;
    const kind = classifyHead(head.subarray(0, HEAD_BYTES));
    if (kind === 'html' || kind === 'xml' || kind === 'zip' || kind === 'empty') {
      await chunks.return(undefined);
      const details = { ...target, status: res.status, eurostatMessage: eurostatMessage(head) };
      // A maintenance or proxy page passes: retried like a 503.
      if (kind === 'html') {
        throw new TransientError('answered an HTML page where the catalogue was expected', details);
      }
      throw new EurostatHttpError(`answered ${kind} where the catalogue was expected`, details);
    }
    async function* all() {
      yield head;
      yield* chunks;
    }
    const parser = catalogueParser();
    let result: Map<string, CatalogueEntry> | undefined;
    try {
      const source = Readable.from(all(), { objectMode: false });
      const consume = async (records: AsyncIterable<{ record: string[]; info: { lines: number } }>) => {
        result = await parseCatalogueRecords(records, url);
      };
      if (kind === 'gzip') await pipeline(source, createGunzip(), parser, consume);
      else await pipeline(source, parser, consume);
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      if (code.startsWith('CSV_')) {
        throw new MalformedCatalogueError(url, (err as { lines?: number }).lines, (err as Error).message);
      }
      if (code.startsWith('Z_')) {
        // Cut short or damaged on the way: worth asking again.
        throw new TransientError(`answered a truncated or corrupt gzip (${(err as Error).message})`, {
          ...target,
          status: res.status,
        });
      }
      throw err;
    }
    if (!result) throw new MalformedCatalogueError(url, undefined, 'the catalogue could not be read');
    return result;
  }, options.retry);
}
