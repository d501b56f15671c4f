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

/**
 * One index entry as readers take it: entries (and SNAPSHOT items) written before 2026-12-07 name the latest
 * year `referenceYear` and have no `years`; they are read as `latestYear`, so a store rewriting its index
 * writes every entry in today's shape.
 */
const indexEntrySchema = z.pipe(
  z
    .object({
      version: z.string(),
      created: z.string(),
      fingerprint: z.string(),
      latestYear: z.optional(z.number()),
      referenceYear: z.optional(z.number()),
      years: z.optional(z.array(z.number())),
      manifest: z.string(),
      ...historyFields,
    })
    .check(
      z.refine((e) => e.latestYear !== undefined || e.referenceYear !== undefined, {
        message: 'has neither latestYear nor referenceYear',
        path: ['latestYear'],
      }),
    ),
  z.transform(({ latestYear, referenceYear, years, ...rest }): IndexEntry => {
    const { version, created, fingerprint, manifest, ...history } = rest;
    return {
      version,
      created,
      fingerprint,
      latestYear: (latestYear ?? referenceYear) as number,
      ...(years ? { years } : {}),
      manifest,
      ...history,
    };
  }),
);

export const indexSchema = z.object({ versions: z.array(indexEntrySchema) });

export type SnapshotIndex = z.output<typeof indexSchema>;
