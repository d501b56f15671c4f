import * as z from 'zod/mini';
import '../zodLocale.ts';
import { type RawObject, rawObjectSchema } from '../model/rawObject.ts';
import { changeSummarySchema } from '../snapshot/changes.ts';

/**
 * The payloads the workflow's steps pass each other (Step Functions state). Validated at every handler's
 * boundary: a step never trusts what the previous one (or a person starting a run by hand) sent.
 */

/**
 * Builds a schema where it is declared. The call is marked pure, so a handler's bundle drops (and never
 * builds at load) the schemas that handler does not validate with; a bare `z.object(…)` call would be kept.
 */
const schema = <T>(build: () => T): T => build();

/**
 * The check step's event: Step Functions sends the run's input (`{}` from the schedule, `{ "force": true }` for
 * a manual forced run, the batch of queued uploads from the inbox pipe) and the execution name; a bare
 * `{ force }` works too.
 */
export const checkEventSchema = /* @__PURE__ */ schema(() =>
  z.object({
    runId: z.optional(z.string().check(z.minLength(1))),
    input: z.optional(
      z.union([
        z.looseObject({ force: z.optional(z.boolean()), acceptStructureChange: z.optional(z.boolean()) }),
        // A batch of inbox uploads from the inbox pipe: a run like the schedule's ({"force": false}).
        z.array(z.unknown()),
      ]),
    ),
    force: z.optional(z.boolean()),
  }),
);

/** One source to fetch: a Eurostat dataset (by role) or the bucket's `inbox/` prefix (ECCP, policy, mapping). */
export const sourceTaskSchema = /* @__PURE__ */ schema(() =>
  z.object({
    runId: z.string().check(z.minLength(1)),
    source: z.string().check(z.minLength(1)),
    kind: z.enum(['eurostat', 'bucket']),
    /** What Check decided: fetch (with the catalogue dates to record) or reuse what was stored last time. */
    plan: z.object({
      action: z.enum(['fetch', 'reuse']),
      reason: z.string(),
      lastDataUpdate: z.nullable(z.string()),
      lastStructureChange: z.nullable(z.string()),
      acceptStructureChange: z.boolean(),
    }),
  }),
);
export type SourceTask = z.output<typeof sourceTaskSchema>;

export const checkOutputSchema = /* @__PURE__ */ schema(() =>
  z.object({
    runId: z.string().check(z.minLength(1)),
    startedAt: z.string(),
    force: z.boolean(),
    sources: z.array(sourceTaskSchema),
  }),
);
export type CheckOutput = z.output<typeof checkOutputSchema>;

export { type RawObject, rawObjectSchema };

export const fetchOutputSchema = /* @__PURE__ */ schema(() =>
  z.object({
    source: z.string(),
    changed: z.boolean(),
    objects: z.array(rawObjectSchema),
  }),
);
export type FetchOutput = z.output<typeof fetchOutputSchema>;

export const computeInputSchema = /* @__PURE__ */ schema(() =>
  z.object({
    runId: z.string().check(z.minLength(1)),
    startedAt: z.string(),
    force: z.boolean(),
    fetched: z.array(fetchOutputSchema),
  }),
);
export type ComputeInput = z.output<typeof computeInputSchema>;

/** A staged snapshot, ready for Publish. */
export const stagedSchema = /* @__PURE__ */ schema(() =>
  z.object({
    status: z.literal('staged'),
    runId: z.string(),
    version: z.string(),
    /** S3 prefix holding the staged files, manifest and tables (`staging/<version>/`). */
    staging: z.string(),
    previous: z.nullable(z.string()),
  }),
);
export type Staged = z.output<typeof stagedSchema>;

export const computeOutputSchema = /* @__PURE__ */ schema(() =>
  z.discriminatedUnion('status', [
    z.object({ status: z.literal('unchanged'), runId: z.string(), version: z.nullable(z.string()) }),
    stagedSchema,
  ]),
);
export type ComputeOutput = z.output<typeof computeOutputSchema>;

export const publishOutputSchema = /* @__PURE__ */ schema(() =>
  z.object({
    status: z.enum(['published', 'superseded']),
    runId: z.string(),
    version: z.string(),
    manifestKey: z.string(),
    /** What changed against the previous version, counts only (see lib/snapshot/changes.ts). */
    changes: z.optional(changeSummarySchema),
  }),
);
export type PublishOutput = z.output<typeof publishOutputSchema>;
