import { parseDocument } from '../lib/parseDocument.ts';
import { stagedSchema } from '../lib/steps/events.ts';
import { logStep, stepContext } from '../lib/steps/handlerContext.ts';
import { renderStep } from '../lib/steps/renderStep.ts';

export const handler = async (raw: unknown) => {
  // The event first: a malformed one fails before anything is read or written.
  const staged = parseDocument(stagedSchema, raw, "the render step's event");
  const out = await renderStep(await stepContext(), staged);
  logStep('render', { runId: staged.runId, version: staged.version, files: out.files });
  return out.staged;
};
