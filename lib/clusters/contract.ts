import * as z from 'zod/mini';
import '../zodLocale.ts';
import { canonicalEcosystem, type Ecosystem } from '../classifications/ecosystems.ts';
import { toEurostatCountry } from '../classifications/nuts.ts';

/**
 * The input contract for cluster organisations (ECCP has no public API): one record per organisation,
 * as CSV (lists `|`-joined, member counts in `members_*` columns) or JSON (an array, or `{ organisations }`).
 */

export const PARTNERSHIPS = ['ESCP-4i', 'ESCP-4x', 'ESCP-S3', 'INNOSUP-1', 'Euroclusters'] as const;

const ecosystem = z.pipe(
  z.string(),
  z.transform((name: string, ctx): Ecosystem => {
    const canonical = canonicalEcosystem(name);
    if (!canonical) {
      ctx.issues.push({
        code: 'custom',
        message: `"${name}" is not one of the 14 industrial ecosystems`,
        input: name,
      });
      return z.NEVER;
    }
    return canonical;
  }),
);

const count = z
  .number({ error: 'must be a whole number' })
  .check(z.int('must be a whole number'), z.nonnegative('cannot be negative'));

export const clusterOrganisationSchema = z
  .strictObject({
    id: z.string().check(z.trim(), z.minLength(1, 'is required'), z.maxLength(200)),
    name: z.string().check(z.trim(), z.minLength(1, 'is required')),
    country: z.pipe(
      z.string().check(z.regex(/^[A-Za-z]{2}$/, 'must be a two-letter country code')),
      z.transform(toEurostatCountry),
    ),
    /** NUTS code of the organisation's seat, at any level (BE2, BE21, BE211). */
    region: z.optional(
      z.string().check(z.regex(/^[A-Z]{2}[0-9A-Z]{1,3}$/, 'must be a NUTS code such as BE21')),
    ),
    city: z.optional(z.string().check(z.trim())),
    ecosystems: z._default(z.array(ecosystem), []),
    members: z.optional(z.strictObject({ sme: count, large: count, research: count, other: count })),
    partnerships: z._default(
      z.array(z.enum(PARTNERSHIPS, { error: `must be one of ${PARTNERSHIPS.join(', ')}` })),
      [],
    ),
    /** Fields that were filled synthetically (sample data): `region`, `ecosystems`, `members`, `partnerships`. */
    syntheticFields: z._default(z.array(z.enum(['region', 'ecosystems', 'members', 'partnerships'])), []),
  })
  .check(
    z.superRefine((o, ctx) => {
      if (o.region && !o.region.startsWith(toEurostatCountry(o.country))) {
        ctx.addIssue({
          code: 'custom',
          path: ['region'],
          message: `region ${o.region} is not in country ${o.country}`,
        });
      }
    }),
  );

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
