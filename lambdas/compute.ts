import { computeInputSchema } from '../lib/workflow/events.ts';
import { stepContext } from '../lib/workflow/handlerContext.ts';
import { computeStep } from '../lib/workflow/steps.ts';

export const handler = async (raw: unknown) =>
  computeStep(await stepContext(), computeInputSchema.parse(raw));
