import * as z from 'zod/mini';
import '../zodLocale.ts';
import { INPUT_FORMATS } from './inputLayout.ts';

/** A raw object stored content-addressed under `raw/`, as the workflow's steps hand it on and record it. */
export const rawObjectSchema = /* @__PURE__ */ (() =>
  z.object({
    role: z.string(),
    name: z.string(),
    /** Path inside the logical input directory, e.g. `eurostat/lfsa_egan22d.tsv.gz`, `policy/BE.json`. */
    path: z.string(),
    key: z.string(),
    bytes: z.number().check(z.int(), z.nonnegative()),
    /** `sha256:<hex>`. */
    hash: z.string().check(z.regex(/^sha256:[0-9a-f]{64}$/)),
    sourceVersion: z.nullable(z.string()),
    synthetic: z.boolean(),
    /**
     * How the bytes are read (`tsv`, `sdmx-csv`, `json-stat`, `csv`, `json`), decided where the object was
     * fetched (lib/model/inputLayout.ts). Optional only for objects recorded before it travelled with them.
     */
    format: z.optional(z.enum(INPUT_FORMATS)),
  }))();

export type RawObject = z.output<typeof rawObjectSchema>;
