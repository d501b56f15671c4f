import * as z from 'zod/mini';
import './zodLocale.ts';
import { InvalidDocumentError } from './errors.ts';

/**
 * Validates one of the pipeline's own documents (`what` names it: "the compute step's event"), throwing an
 * InvalidDocumentError that lists every problem by path, rather than zod's own error (named `$ZodError`),
 * so logs, the run ledger and failure notifications say what was wrong in the project's terms.
 */
export function parseDocument<T extends z.ZodMiniType>(schema: T, value: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new InvalidDocumentError(`${what} is not valid:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}
