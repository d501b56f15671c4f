import { parseDocument } from '../lib/parseDocument.ts';
import { checkStep } from '../lib/steps/checkStep.ts';
import { checkEventSchema } from '../lib/steps/events.ts';
import { logStep, newRunId, stepContext } from '../lib/steps/handlerContext.ts';

export const handler = async (raw: unknown) => {
  const e = parseDocument(checkEventSchema, raw ?? {}, "the check step's event");
  // An array is the inbox pipe's batch of uploads: no options, the whole inbox is read.
  const options = Array.isArray(e.input) ? {} : (e.input ?? {});
  const out = await checkStep(await stepContext(), {
    runId: e.runId ?? newRunId(),
    force: options.force ?? e.force ?? false,
    acceptStructureChange: options.acceptStructureChange ?? false,
  });
  logStep('check', {
    runId: out.runId,
    force: out.force,
    // What the start of the run rewrote from the table (latest.json, index.json), if anything.
    repaired: out.repaired,
    plans: out.sources.map((s) => `${s.source}: ${s.plan.action} (${s.plan.reason})`),
  });
  const { repaired: _repaired, ...output } = out;
  return output;
};
