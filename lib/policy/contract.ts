import * as z from 'zod/mini';
import '../zodLocale.ts';
import { toEurostatCountry } from '../classifications/nuts.ts';

/**
 * Structured cluster-policy facts for one country (`policy/<country>.json`). The maturity score is computed
 * from these facts; it is never an input.
 */
export const policyFactsSchema = z.strictObject({
  country: z.pipe(
    z.string().check(z.regex(/^[A-Za-z]{2}$/, 'must be a two-letter country code')),
    z.transform(toEurostatCountry),
  ),
  /** Where the facts come from (a factsheet, a policy document). */
  source: z.string().check(z.minLength(1)),
  policies: z.array(
    z.strictObject({
      name: z.string().check(z.minLength(1)),
      level: z.enum(['national', 'regional']),
      region: z.optional(z.string().check(z.regex(/^[A-Z]{2}[0-9A-Z]{0,3}$/))),
      /** `dedicated`: a cluster policy in its own right; `broader`: clusters supported within another policy. */
      kind: z.enum(['dedicated', 'broader']),
      startYear: z.number().check(z.int(), z.gte(1950), z.lte(2100)),
      endYear: z.optional(z.number().check(z.int(), z.gte(1950), z.lte(2100))),
      /** False when the policy was discontinued (its end year may be unknown). */
      inForce: z._default(z.boolean(), true),
      note: z.optional(z.string()),
    }),
  ),
  /** What evidence of performance exists. */
  evaluation: z._default(
    z.array(z.enum(['none', 'planned', 'monitoring', 'in-itinere', 'interim', 'ex-post', 'impact'])),
    [],
  ),
  /** Kinds of support the policies give. */
  instruments: z._default(z.array(z.enum(['financial', 'technical', 'networking', 'labelling'])), []),
});

export type PolicyFacts = z.output<typeof policyFactsSchema>;
