import { parseDocument } from '../lib/parseDocument.ts';
import { sourceTaskSchema } from '../lib/steps/events.ts';
import { fetchStep } from '../lib/steps/fetchStep.ts';
import { logStep, stepContext } from '../lib/steps/handlerContext.ts';

export const handler = async (raw: unknown) => {
  const task = parseDocument(sourceTaskSchema, raw, "the fetch step's event");
  const out = await fetchStep(await stepContext(), task);
  logStep('fetch', { runId: task.runId, source: task.source, plan: task.plan.action, changed: out.changed });
  return out;
};
