/**
 * Typed errors. Each one says where the problem is and what to do about it, because the CLI prints
 * `message` as-is and exits 1.
 */

export interface InputLocation {
  /** Path of the input as the user named it (relative to the input directory where possible). */
  file: string;
  /** 1-based line (or CSV record) number, when known. */
  line?: number;
  /** Column, dimension or JSON path that is wrong. */
  field?: string;
}

export function formatLocation(loc: InputLocation): string {
  let s = loc.file;
  if (loc.line !== undefined) s += `:${loc.line}`;
  if (loc.field !== undefined) s += ` field "${loc.field}"`;
  return s;
}

/** Bad input data: a malformed line, an unknown code, a negative value, a missing column, … */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    readonly location: InputLocation,
    readonly reason: string,
    readonly hint?: string,
  ) {
    super(`${formatLocation(location)}: ${reason}${hint ? `. ${hint}` : ''}`);
  }
}

/** The configuration document is invalid or contradicts the data. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * A document the pipeline passes between its own parts (a workflow step's event, a stored pointer or index)
 * does not have the expected shape: started by hand with a wrong payload, or written by another version.
 */
export class InvalidDocumentError extends Error {
  override readonly name = 'InvalidDocumentError';
}

/** Publishing failed or would break the store's guarantees (e.g. the latest pointer moved under us). */
export class PublishError extends Error {
  override readonly name = 'PublishError';
}
