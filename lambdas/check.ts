import * as z from 'zod/mini';
import '../lib/zodLocale.ts';
import { parseDocument } from '../lib/parseDocument.ts';
import { checkStep } from '../lib/steps/checkStep.ts';
import { logStep, newRunId, stepContext } from '../lib/steps/handlerContext.ts';

/** Step Functions sends the run's input and the execution name; a bare `{ force }` works too. */
const event = z.object({
  runId: z.optional(z.string().check(z.minLength(1))),
  input: z.optional(
    z.looseObject({ force: z.optional(z.boolean()), acceptStructureChange: z.optional(z.boolean()) }),
  ),
  force: z.optional(z.boolean()),
});

export const handler = async (raw: unknown) => {
  const e = parseDocument(event, raw ?? {}, "the check step's event");
  const out = await checkStep(await stepContext(), {
    runId: e.runId ?? newRunId(),
    force: e.input?.force ?? e.force ?? false,
    acceptStructureChange: e.input?.acceptStructureChange ?? false,
  });
  logStep('check', {
    runId: out.runId,
    force: out.force,
    plans: out.sources.map((s) => `${s.source}: ${s.plan.action} (${s.plan.reason})`),
  });
  return out;
};
