import { stagedSchema } from '../lib/workflow/events.ts';
import { logStep, stepContext } from '../lib/workflow/handlerContext.ts';
import { publishStep } from '../lib/workflow/publishStep.ts';

export const handler = async (raw: unknown) => {
  const out = await publishStep(await stepContext(), stagedSchema.parse(raw));
  logStep('publish', { runId: out.runId, status: out.status, version: out.version });
  return out;
};
