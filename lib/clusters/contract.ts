import * as z from 'zod';
import { canonicalEcosystem, type Ecosystem } from '../classifications/ecosystems.ts';
import { toEurostatCountry } from '../classifications/nuts.ts';

/**
 * The input contract for cluster organisations (ECCP has no public API): one record per organisation,
 * as CSV (lists `|`-joined, member counts in `members_*` columns) or JSON (an array, or `{ organisations }`).
 */

export const PARTNERSHIPS = ['ESCP-4i', 'ESCP-4x', 'ESCP-S3', 'INNOSUP-1', 'Euroclusters'] as const;

const ecosystem = z.string().transform((name, ctx): Ecosystem => {
  const canonical = canonicalEcosystem(name);
  if (!canonical) {
    ctx.addIssue({ code: 'custom', message: `"${name}" is not one of the 14 industrial ecosystems` });
    return z.NEVER;
  }
  return canonical;
});

const count = z
  .number({ error: 'must be a whole number' })
  .int('must be a whole number')
  .nonnegative('cannot be negative');

export const clusterOrganisationSchema = z
  .object({
    id: z.string().trim().min(1, 'is required').max(200),
    name: z.string().trim().min(1, 'is required'),
    country: z
      .string()
      .regex(/^[A-Za-z]{2}$/, 'must be a two-letter country code')
      .transform(toEurostatCountry),
    /** NUTS code of the organisation's seat, at any level (BE2, BE21, BE211). */
    region: z
      .string()
      .regex(/^[A-Z]{2}[0-9A-Z]{1,3}$/, 'must be a NUTS code such as BE21')
      .optional(),
    city: z.string().trim().optional(),
    ecosystems: z.array(ecosystem).default([]),
    members: z.object({ sme: count, large: count, research: count, other: count }).strict().optional(),
    partnerships: z
      .array(z.enum(PARTNERSHIPS, { error: `must be one of ${PARTNERSHIPS.join(', ')}` }))
      .default([]),
    /** Fields that were filled synthetically (sample data): `region`, `ecosystems`, `members`, `partnerships`. */
    syntheticFields: z.array(z.enum(['region', 'ecosystems', 'members', 'partnerships'])).default([]),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (o.region && !o.region.startsWith(toEurostatCountry(o.country))) {
      ctx.addIssue({
        code: 'custom',
        path: ['region'],
        message: `region ${o.region} is not in country ${o.country}`,
      });
    }
  });

export type ClusterOrganisation = z.output<typeof clusterOrganisationSchema>;

export const CSV_COLUMNS = [
  'id',
  'name',
  'country',
  'region',
  'city',
  'ecosystems',
  'members_sme',
  'members_large',
  'members_research',
  'members_other',
  'partnerships',
] as const;
