import type { z } from 'zod';
import { computeOutputSchema } from '../lib/workflow/events.ts';
import { logStep, stepContext } from '../lib/workflow/handlerContext.ts';
import { publishStep } from '../lib/workflow/steps.ts';

const staged = computeOutputSchema.options[1] as z.ZodType<
  Extract<z.output<typeof computeOutputSchema>, { status: 'staged' }>
>;

export const handler = async (raw: unknown) => {
  const out = await publishStep(await stepContext(), staged.parse(raw));
  logStep('publish', { runId: out.runId, status: out.status, version: out.version });
  return out;
};
