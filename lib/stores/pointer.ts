import * as z from 'zod/mini';
import '../zodLocale.ts';
import { historyFields } from '../snapshot/history.ts';
import type { IndexEntry, LatestPointer } from './snapshotStore.ts';

export const latestPointerSchema = z.object({
  version: z.string().check(z.minLength(1)),
  fingerprint: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  created: z.string(),
  manifest: z.string(),
  manifestHash: z.string().check(z.regex(/^sha256:[0-9a-f]{64}$/)),
}) satisfies z.ZodMiniType<LatestPointer>;

export const indexSchema = z.object({
  versions: z.array(
    z.object({
      version: z.string(),
      created: z.string(),
      fingerprint: z.string(),
      referenceYear: z.number(),
      manifest: z.string(),
      ...historyFields,
    }) satisfies z.ZodMiniType<IndexEntry>,
  ),
});

export type SnapshotIndex = z.output<typeof indexSchema>;
