import * as z from 'zod/mini';
import '../zodLocale.ts';
import { toEurostatCountry } from '../classifications/nuts.ts';

/**
 * Structured cluster-policy facts for one country (`policy/<country>.json`), in the terms of the ECCP
 * factsheets' standardised categories. The maturity score is computed from these facts; it is never an input.
 * The scored fields are `assessedOn`, each policy's `type`, `startYear`, `endYear` and `support`, and
 * `evaluation`; `profile` holds the factsheet's section 2 texts for the country page and is not scored.
 */

export const POLICY_TYPES = ['cluster', 'sectoral', 'broader'] as const;
export const SUPPORT_KINDS = ['financial', 'technical'] as const;
export const EVALUATION_KINDS = ['ex-ante', 'ex-post', 'monitoring', 'in-itinere', 'interim'] as const;

const text = z.string().check(z.trim(), z.minLength(1, 'must not be empty'));
const texts = z.array(text).check(z.minLength(1, 'must list at least one entry'));
const year = z
  .number({ error: 'must be a year' })
  .check(
    z.int('must be a whole year'),
    z.gte(1950, 'must be 1950 or later'),
    z.lte(2100, 'must be 2100 or earlier'),
  );

/** A set given as an array: each value once. */
function setOf<T extends readonly [string, ...string[]]>(values: T) {
  return z
    .array(z.enum(values, { error: `must be one of ${values.join(', ')}` }))
    .check(z.refine((a) => new Set(a).size === a.length, { error: 'lists a value twice', abort: true }));
}

/**
 * The factsheet's section 2 for one policy. Lists hold the standardised categories (the bold text of the
 * factsheet, comparable across countries); strings hold its descriptive text, quoted or condensed.
 */
const policyProfileSchema = z.strictObject({
  objectives: z.optional(texts),
  focus: z.optional(texts),
  responsibleAuthorities: z.optional(texts),
  beneficiaries: z.optional(texts),
  instruments: z.optional(z.strictObject({ financial: z.optional(texts), technical: z.optional(texts) })),
  history: z.optional(text),
  budget: z.optional(
    z.strictObject({
      overall: z.optional(text),
      annual: z.optional(text),
      sourceOfFunding: z.optional(text),
    }),
  ),
  evaluationResults: z.optional(text),
  euPriorities: z.optional(texts),
  /** The factsheet's descriptive text next to the standardised categories of the same name. */
  notes: z.optional(
    z.strictObject({
      objectives: z.optional(text),
      focus: z.optional(text),
      responsibleAuthorities: z.optional(text),
      beneficiaries: z.optional(text),
      instruments: z.optional(text),
    }),
  ),
});

const policySchema = z
  .strictObject({
    name: text,
    /** `cluster`: a targeted (dedicated) national or regional cluster policy; else a sectoral or broader one. */
    type: z.enum(POLICY_TYPES, { error: `must be one of ${POLICY_TYPES.join(', ')}` }),
    level: z.enum(['national', 'regional'], { error: 'must be national or regional' }),
    /** NUTS code of the region a regional policy covers. */
    region: z.optional(
      z.string().check(z.regex(/^[A-Z]{2}[0-9A-Z]{1,3}$/, 'must be a NUTS code such as BE2')),
    ),
    startYear: year,
    /** Last year the policy is in force (inclusive); absent when open-ended. */
    endYear: z.optional(year),
    /** Kinds of support for cluster development the policy gives; empty = none. */
    support: z._default(setOf(SUPPORT_KINDS), []),
    profile: z.optional(policyProfileSchema),
  })
  .check(
    z.superRefine((p, ctx) => {
      if (p.endYear !== undefined && p.endYear < p.startYear) {
        ctx.addIssue({
          code: 'custom',
          path: ['endYear'],
          message: `ends (${p.endYear}) before it starts (${p.startYear})`,
        });
      }
    }),
  );

export const policyFactsSchema = z
  .strictObject({
    country: z.pipe(
      z.string().check(z.regex(/^[A-Za-z]{2}$/, 'must be a two-letter country code')),
      z.transform(toEurostatCountry),
    ),
    /** The date the facts describe (the factsheet's data collection); the score is as of this date. */
    assessedOn: z.iso.date({ error: 'must be a date written YYYY-MM-DD' }),
    /** Where the facts come from (a factsheet, a policy document). */
    source: text,
    policies: z.array(policySchema),
    /** Evidence of performance that exists for the country's policies; empty = none. */
    evaluation: z._default(setOf(EVALUATION_KINDS), []),
  })
  .check(
    z.superRefine((f, ctx) => {
      f.policies.forEach((p, i) => {
        if (p.region && !p.region.startsWith(f.country)) {
          ctx.addIssue({
            code: 'custom',
            path: ['policies', i, 'region'],
            message: `region ${p.region} is not in country ${f.country}`,
          });
        }
      });
    }),
  );

export type PolicyFacts = z.output<typeof policyFactsSchema>;
export type Policy = PolicyFacts['policies'][number];
