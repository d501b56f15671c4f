import { parseDocument } from '../lib/parseDocument.ts';
import { stagedSchema } from '../lib/steps/events.ts';
import { logStep, stepContext } from '../lib/steps/handlerContext.ts';
import { publishStep } from '../lib/steps/publishStep.ts';

export const handler = async (raw: unknown) => {
  // The event first: a malformed one fails before anything is read or written.
  const staged = parseDocument(stagedSchema, raw, "the publish step's event");
  const out = await publishStep(await stepContext(), staged);
  logStep('publish', { runId: out.runId, status: out.status, version: out.version });
  return out;
};
