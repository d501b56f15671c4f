import * as z from 'zod/mini';
import '../zodLocale.ts';
import { EUROSTAT_FORMATS } from './formats.ts';

/**
 * What was seen of a Eurostat source when it was last fetched: the state item the check and fetch steps keep
 * per source (lib/aws/stateRepository.ts) and the live CLI keeps on disk, from which lib/refresh/sourcePlan.ts
 * decides whether to download it again.
 */
export const sourceStateSchema = z.object({
  dataset: z.string(),
  /** Where the bytes are (archive key) and what they hash to. */
  key: z.string(),
  hash: z.string(),
  bytes: z.number().check(z.int(), z.nonnegative()),
  /** Path inside the logical input directory, e.g. `eurostat/lfsa_egan22d.tsv.gz`. */
  path: z.string(),
  format: z.enum(EUROSTAT_FORMATS),
  lastDataUpdate: z.nullable(z.string()),
  lastStructureChange: z.nullable(z.string()),
  etag: z.nullable(z.string()),
  lastModified: z.nullable(z.string()),
  /** The dataset's dimensions in key order, as last read. */
  dimensions: z.nullable(z.array(z.string())),
  fetchedAt: z.string(),
});
export type SourceState = z.output<typeof sourceStateSchema>;

/**
 * The version of a source's data as the manifest records it: Eurostat's last data update, else the HTTP
 * Last-Modified, else the ETag (a source without a catalogue entry still has the server's validators).
 */
export function sourceVersionOf(s: SourceState): string | null {
  return s.lastDataUpdate ?? s.lastModified ?? s.etag ?? null;
}
