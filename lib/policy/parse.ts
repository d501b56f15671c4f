import type * as z from 'zod/mini';
import { toEurostatCountry } from '../classifications/nuts.ts';
import { InputError } from '../errors.ts';
import { parseJsonText } from '../jsonText.ts';
import { type PolicyFacts, policyFactsSchema } from './contract.ts';

/**
 * Reads one `policy/<country>.json`: JSON without duplicate keys, the contract, and a `country` that is the
 * file's own (`BE.json` describes BE; `GR.json` and `EL.json` both describe Greece, written EL). Pure: the
 * caller reads the file. Throws InputError naming the file, the field (a JSON path) and the reason.
 */
export function parsePolicyFacts(text: string, fileName: string): PolicyFacts {
  const json = parseJsonText(text, fileName);
  const parsed = policyFactsSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0] as z.core.$ZodIssue;
    throw new InputError({ file: fileName, field: jsonPath(issue.path) }, issue.message);
  }
  const facts = parsed.data;
  const stem = (fileName.split(/[\\/]/).pop() ?? fileName).replace(/\.json$/i, '');
  if (toEurostatCountry(stem) !== facts.country) {
    throw new InputError(
      { file: fileName, field: 'country' },
      `describes country ${facts.country}, but the file is named for ${stem}`,
      `Name the file ${facts.country}.json, or correct "country"`,
    );
  }
  return facts;
}

/** A JSON path as people write it: `policies[0].endYear`; `(root)` for the document itself. */
function jsonPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${String(p)}`)).join('');
}
