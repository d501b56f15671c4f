import { createHash } from 'node:crypto';
import type { Configuration, SourceRole } from '../config/configuration.ts';
import type { EurostatFormat } from './formats.ts';

/**
 * An input before parsing: where it is, what its bytes hash to, and how to stream it. The filesystem and S3
 * adapters produce these (lib/fs, lib/aws); the orchestration never opens files itself.
 */
export interface RawInput {
  role: string;
  /** Dataset code or short name. */
  name: string;
  /** Path shown to people and recorded in the manifest (relative to the input root). */
  path: string;
  bytes: number;
  /** `sha256:<hex>` of the raw (possibly gzipped) bytes. */
  hash: string;
  /** Synthetic sample data: the file name says so. */
  synthetic: boolean;
  sourceVersion: string | null;
  /** Decompressed content as chunks; `onBytes` reports raw bytes read, for progress. */
  open(onBytes?: (n: number) => void): AsyncIterable<Buffer>;
  /** The bytes exactly as stored (what `hash` is computed over), for archiving. */
  openRaw(): AsyncIterable<Buffer>;
}

export interface EurostatInput extends RawInput {
  format: EurostatFormat;
}

/** The configuration document as an input: its exact text, which is what gets hashed and archived. */
export interface ConfigInput {
  path: string;
  hash: string;
  bytes: number;
  content: Buffer;
}

/** Raw inputs of one refresh, wherever they come from (a directory, a bucket). */
export interface RefreshInputs {
  config: Configuration;
  configInput: ConfigInput;
  /** The configured sources' files (a role the configuration leaves out has none). */
  eurostat: Partial<Record<SourceRole, EurostatInput>>;
  organisations?: RawInput & { format: 'csv' | 'json' };
  /** Cross-regional cooperation consortia (`eccp/consortia.csv` or `.json`). */
  consortia?: RawInput & { format: 'csv' | 'json' };
  /** City → NUTS3 lookup (`reference/city_to_nuts.csv`); without it, city-only organisations are unresolved. */
  cityLookup?: RawInput;
  policies: RawInput[];
  mapping: RawInput;
  nace: RawInput;
  /** English country names for the pages (`reference/country_names_en.csv`). */
  countryNames?: RawInput;
  /** NUTS code lists, one per version (`reference/nuts2024_codes_labels.csv`, …): the regions' names. */
  nutsCodes?: RawInput[];
}

export function configInput(text: string, path: string): ConfigInput {
  const content = Buffer.from(text, 'utf8');
  return {
    path,
    hash: `sha256:${createHash('sha256').update(content).digest('hex')}`,
    bytes: content.length,
    content,
  };
}

export async function readText(input: RawInput): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of input.open()) parts.push(chunk);
  return Buffer.concat(parts).toString('utf8');
}
