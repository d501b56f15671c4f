import * as z from 'zod/mini';
import '../zodLocale.ts';
import type { ComputedTables } from '../model/computedTables.ts';
import { latestYearTables, seriesOf } from './fromSnapshot.ts';
import type { FactsheetInput } from './input.ts';

/**
 * A FactsheetInput as JSON, so a later step can render without parsing the inputs again (the AWS render
 * step reads it from `staging/<version>/factsheet.json`). The lookups are entry arrays; the tables are left
 * out (and the series read from them), since the staged snapshot already holds them (`tables.json`).
 */
const entries = z.array(z.tuple([z.string(), z.string()]));
const policyText = z.union([z.string(), z.array(z.string())]);

export const factsheetJsonSchema = z.object({
  benchmark: z.string(),
  latestYear: z.number(),
  snapshotVersion: z.string(),
  synthetic: z.boolean(),
  names: z.object({ regions: entries, activities: entries, countries: z.optional(entries) }),
  sources: z.array(
    z.object({
      role: z.string(),
      dataset: z.string(),
      title: z.optional(z.string()),
      lastUpdate: z.nullable(z.string()),
      synthetic: z.boolean(),
    }),
  ),
  policies: z.optional(
    z.array(
      z.object({
        country: z.string(),
        source: z.optional(z.string()),
        policies: z.array(
          z.object({
            name: z.string(),
            type: z.optional(z.string()),
            objectives: z.optional(policyText),
            focus: z.optional(policyText),
            responsibleAuthorities: z.optional(policyText),
            beneficiaries: z.optional(policyText),
            instruments: z.optional(policyText),
            history: z.optional(policyText),
            budget: z.optional(policyText),
            evaluationResults: z.optional(policyText),
            euAlignment: z.optional(policyText),
          }),
        ),
      }),
    ),
  ),
  cooperation: z.optional(
    z.array(
      z.object({
        country: z.string(),
        programme: z.string(),
        consortia: z.optional(z.number()),
        organisations: z.optional(z.number()),
        partnerCountries: z.optional(z.array(z.string())),
      }),
    ),
  ),
  nodeTotals: z.optional(
    z.array(z.object({ country: z.string(), level: z.enum(['nace', 'ecosystem']), nodeCount: z.number() })),
  ),
});
export type FactsheetJson = z.output<typeof factsheetJsonSchema>;

/** The input without its tables, the lookups as entry arrays. */
export function factsheetToJson(input: FactsheetInput): FactsheetJson {
  const { tables: _tables, series: _series, names, ...rest } = input;
  return {
    ...structuredClone(rest),
    names: {
      regions: [...names.regions],
      activities: [...names.activities],
      ...(names.countries ? { countries: [...names.countries] } : {}),
    },
  } as FactsheetJson;
}

/** The input back, with the snapshot's tables. */
export function factsheetFromJson(json: FactsheetJson, tables: ComputedTables): FactsheetInput {
  const { names, ...rest } = json;
  return {
    ...rest,
    tables: latestYearTables(tables),
    series: seriesOf(tables),
    names: {
      regions: new Map(names.regions),
      activities: new Map(names.activities),
      ...(names.countries ? { countries: new Map(names.countries) } : {}),
    },
  };
}
