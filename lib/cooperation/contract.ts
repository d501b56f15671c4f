import * as z from 'zod/mini';
import '../zodLocale.ts';
import { toEurostatCountry } from '../classifications/nuts.ts';
import { PARTNERSHIPS } from '../clusters/contract.ts';

/**
 * The input contract for cross-regional cooperation (factsheet section 3): consortia of the EU cluster
 * programmes and their partner organisations, as `eccp/consortia.csv` (one line per partner; the
 * consortium's columns repeated on each of its lines) or `eccp/consortia.json` (an array of consortia, or
 * `{ "consortia": [...] }`, each with its `partners`).
 */

/** The programmes: ESCP-4i/4x/S3 and INNOSUP-1 (2014–2020), the Euroclusters (2021–2027). */
export const PROGRAMMES = PARTNERSHIPS;
export type Programme = (typeof PROGRAMMES)[number];

const text = z.string().check(z.trim(), z.minLength(1, 'is required'));

export const partnerSchema = z.strictObject({
  /** The organisation's name. */
  name: text,
  country: z.pipe(
    z.string().check(z.regex(/^[A-Za-z]{2}$/, 'must be a two-letter country code')),
    z.transform(toEurostatCountry),
  ),
  /** The organisation's `id` in cluster_organisations, when it is there. */
  organisationId: z.optional(z.string().check(z.trim(), z.minLength(1, 'is required'), z.maxLength(200))),
});

export type ConsortiumPartner = z.output<typeof partnerSchema>;

/**
 * Who a partner is, for counting distinct organisations: its organisation id when given, else its name
 * (case and spacing ignored) within its country.
 */
export function partnerKey(p: ConsortiumPartner): string {
  return p.organisationId !== undefined
    ? `id\u0000${p.organisationId}`
    : `name\u0000${p.country}\u0000${p.name.toLowerCase().replace(/\s+/g, ' ')}`;
}

export const consortiumSchema = z
  .strictObject({
    programme: z.enum(PROGRAMMES, { error: `must be one of ${PROGRAMMES.join(', ')}` }),
    id: z.string().check(z.trim(), z.minLength(1, 'is required'), z.maxLength(200)),
    name: text,
    partners: z.array(partnerSchema).check(z.minLength(1, 'must list at least one partner')),
    /** True for invented sample consortia: their figures are not the ECCP's. */
    synthetic: z._default(z.boolean({ error: 'must be true or false' }), false),
  })
  .check(
    z.superRefine((c, ctx) => {
      const seen = new Map<string, number>();
      c.partners.forEach((p, i) => {
        const key = partnerKey(p);
        const first = seen.get(key);
        if (first !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['partners', i],
            message: `${p.name} is already a partner of consortium ${c.id}`,
          });
        } else seen.set(key, i);
      });
    }),
  );

export type Consortium = z.output<typeof consortiumSchema>;

/** CSV columns: all required but the last two (`organisation_id`, `synthetic`: `true`, `false` or empty). */
export const CONSORTIA_CSV_COLUMNS = [
  'programme',
  'consortium_id',
  'consortium_name',
  'partner_name',
  'partner_country',
] as const;
