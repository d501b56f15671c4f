import * as z from 'zod';
import { toEurostatCountry } from '../classifications/nuts.ts';

/**
 * Structured cluster-policy facts for one country (`policy/<country>.json`). The maturity score is computed
 * from these facts; it is never an input.
 */
export const policyFactsSchema = z
  .object({
    country: z
      .string()
      .regex(/^[A-Za-z]{2}$/, 'must be a two-letter country code')
      .transform(toEurostatCountry),
    /** Where the facts come from (a factsheet, a policy document). */
    source: z.string().min(1),
    policies: z.array(
      z
        .object({
          name: z.string().min(1),
          level: z.enum(['national', 'regional']),
          region: z
            .string()
            .regex(/^[A-Z]{2}[0-9A-Z]{0,3}$/)
            .optional(),
          /** `dedicated`: a cluster policy in its own right; `broader`: clusters supported within another policy. */
          kind: z.enum(['dedicated', 'broader']),
          startYear: z.number().int().min(1950).max(2100),
          endYear: z.number().int().min(1950).max(2100).optional(),
          /** False when the policy was discontinued (its end year may be unknown). */
          inForce: z.boolean().default(true),
          note: z.string().optional(),
        })
        .strict(),
    ),
    /** What evidence of performance exists. */
    evaluation: z
      .array(z.enum(['none', 'planned', 'monitoring', 'in-itinere', 'interim', 'ex-post', 'impact']))
      .default([]),
    /** Kinds of support the policies give. */
    instruments: z.array(z.enum(['financial', 'technical', 'networking', 'labelling'])).default([]),
  })
  .strict();

export type PolicyFacts = z.output<typeof policyFactsSchema>;
