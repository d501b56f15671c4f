import { PREFIX } from '../model/bucketKeys.ts';
import type { EurostatFormat } from '../model/formats.ts';

/**
 * Input bytes kept content-addressed under `raw/`, so that any snapshot can be rebuilt from the inputs its
 * manifest records. The same bytes twice are stored once. Two ways in: a download streamed chunk by chunk
 * (hashed as it arrives, named on commit), or bytes whose hash is already known.
 */
export interface RawStore extends RawSink {
  /** Stores the bytes under their hash unless already there; returns the key. */
  keep(hash: string, path: string, body: () => AsyncIterable<Buffer>): Promise<string>;
}

/** Where a download's bytes go: the streaming half of a RawStore (the Eurostat client needs no more). */
export interface RawSink {
  begin(meta: SinkMeta): SinkWriter;
}

export interface SinkMeta {
  dataset: string;
  format: EurostatFormat;
  /** `tsv`, `tsv.gz`, `csv.gz`, `json`, … (from the format and the bytes). */
  extension: string;
}

export interface StoredObject {
  /** `raw/eurostat/<dataset>/<sha256hex>.<ext>` (relative to the store's root or bucket). */
  key: string;
  /** `sha256:<hex>` of the bytes. */
  hash: string;
  bytes: number;
}

/** Takes the chunks as they arrive (never the whole body at once); `commit` names them, `abort` keeps nothing. */
export interface SinkWriter {
  write(chunk: Buffer): Promise<void>;
  commit(): Promise<StoredObject>;
  abort(): Promise<void>;
}

/**
 * The one key scheme: `raw/eurostat/<dataset>/<hex><ext>` for Eurostat files (`path` = `eurostat/<file>`),
 * `raw/<folder>/<hex><ext>` for the others (`policy/BE.json` → `raw/policy/<hex>.json`).
 */
export function rawKey(hash: string, path: string): string {
  const hex = hash.replace(/^sha256:/, '');
  const file = path.split('/').at(-1) ?? path;
  const dot = file.indexOf('.');
  const stem = dot === -1 ? file : file.slice(0, dot);
  const ext = dot === -1 ? '' : file.slice(dot);
  const folder = path.includes('/') ? path.split('/')[0] : 'inputs';
  if (folder === 'eurostat') return `${PREFIX.raw}eurostat/${stem}/${hex}${ext}`;
  return `${PREFIX.raw}${folder}/${hex}${ext}`;
}

/** The logical path of a download, for `rawKey`: `eurostat/<dataset>.<extension>`. */
export function downloadPath(meta: SinkMeta): string {
  return `eurostat/${meta.dataset}.${meta.extension}`;
}

/** The content type a raw object is stored with. */
export function contentType(extension: string): string {
  if (extension.endsWith('.gz')) return 'application/gzip';
  if (extension === 'json') return 'application/json';
  if (extension === 'csv') return 'text/csv; charset=utf-8';
  return 'text/tab-separated-values; charset=utf-8';
}

/** The `sha256:<hex>` a raw object is named by (`raw/…/<hex>.<ext>`), or undefined for another name. */
export function hashOfKey(key: string): string | undefined {
  const hex = /(?:^|\/)([0-9a-f]{64})(?:\.[^/]*)?$/.exec(key)?.[1];
  return hex ? `sha256:${hex}` : undefined;
}
