import { sourceTaskSchema } from '../lib/workflow/events.ts';
import { stepContext } from '../lib/workflow/handlerContext.ts';
import { fetchStep } from '../lib/workflow/steps.ts';

export const handler = async (raw: unknown) => fetchStep(await stepContext(), sourceTaskSchema.parse(raw));
