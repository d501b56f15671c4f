import { computeStep } from '../lib/workflow/computeStep.ts';
import { computeInputSchema } from '../lib/workflow/events.ts';
import { logStep, stepContext } from '../lib/workflow/handlerContext.ts';

export const handler = async (raw: unknown) => {
  const out = await computeStep(await stepContext(), computeInputSchema.parse(raw));
  logStep('compute', { runId: out.runId, status: out.status, version: out.version });
  return out;
};
