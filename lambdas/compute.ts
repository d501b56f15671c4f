import { parseDocument } from '../lib/parseDocument.ts';
import { computeStep } from '../lib/steps/computeStep.ts';
import { computeInputSchema } from '../lib/steps/events.ts';
import { logStep, stepContext } from '../lib/steps/handlerContext.ts';

export const handler = async (raw: unknown) => {
  // The event first: a malformed one fails before anything is read or written.
  const input = parseDocument(computeInputSchema, raw, "the compute step's event");
  const out = await computeStep(await stepContext(), input);
  logStep('compute', { runId: out.runId, status: out.status, version: out.version });
  return out;
};
