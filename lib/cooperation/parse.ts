import * as z from 'zod/mini';
import '../zodLocale.ts';
import { parseCsvRecords } from '../csv/csvRecords.ts';
import { InputError } from '../errors.ts';
import { parseJsonText } from '../jsonText.ts';
import { CONSORTIA_CSV_COLUMNS, type Consortium, consortiumSchema } from './contract.ts';

/**
 * Reading the consortia file. Unlike the organisation list, one bad line stops the run: a consortium with a
 * wrong partner would change every figure of its countries. Errors are InputErrors naming the file, the line
 * (CSV) or the JSON path, the field and the reason. Consortia keep the order of their first appearance.
 */

export interface ConsortiaRead {
  file: string;
  consortia: Consortium[];
}

const CSV_FIELD: Record<string, string> = {
  programme: 'programme',
  id: 'consortium_id',
  name: 'consortium_name',
  synthetic: 'synthetic',
};
const CSV_PARTNER_FIELD: Record<string, string> = {
  name: 'partner_name',
  country: 'partner_country',
  organisationId: 'organisation_id',
};

/** One line per partner; a consortium's programme, name and `synthetic` must be the same on all its lines. */
export function parseConsortiaCsv(text: string, file: string): ConsortiaRead {
  const records = parseCsvRecords(text, file, CONSORTIA_CSV_COLUMNS);
  const groups = new Map<string, { lines: number[]; values: Array<Record<string, string>> }>();
  for (const r of records) {
    const id = (r.values.consortium_id ?? '').trim();
    if (id === '') throw new InputError({ file, line: r.line, field: 'consortium_id' }, 'is required');
    const group = groups.get(id);
    if (group) {
      const first = group.values[0] as Record<string, string>;
      for (const column of ['programme', 'consortium_name', 'synthetic'] as const) {
        const [was, is] = [(first[column] ?? '').trim(), (r.values[column] ?? '').trim()];
        if (was !== is) {
          throw new InputError(
            { file, line: r.line, field: column },
            `consortium ${id} has ${column} "${was}" on line ${group.lines[0]}, "${is}" here`,
            'Give a consortium the same programme, name and synthetic flag on each of its lines',
          );
        }
      }
      group.lines.push(r.line);
      group.values.push(r.values);
    } else groups.set(id, { lines: [r.line], values: [r.values] });
  }

  const consortia: Consortium[] = [];
  for (const [id, { lines, values }] of groups) {
    const first = values[0] as Record<string, string>;
    const flag = (first.synthetic ?? '').trim().toLowerCase();
    if (flag !== '' && flag !== 'true' && flag !== 'false') {
      throw new InputError(
        { file, line: lines[0], field: 'synthetic' },
        `must be true, false or empty (got "${flag}")`,
      );
    }
    const candidate = {
      programme: first.programme?.trim(),
      id,
      name: first.consortium_name,
      partners: values.map((v) => ({
        name: v.partner_name,
        country: v.partner_country?.trim(),
        ...((v.organisation_id ?? '').trim() === '' ? {} : { organisationId: v.organisation_id }),
      })),
      synthetic: flag === 'true',
    };
    const parsed = consortiumSchema.safeParse(candidate);
    if (!parsed.success) {
      const issue = parsed.error.issues[0] as z.core.$ZodIssue;
      const [head, index, sub] = issue.path;
      const partnerLine = head === 'partners' && typeof index === 'number';
      throw new InputError(
        {
          file,
          line: partnerLine ? lines[index] : lines[0],
          field: partnerLine
            ? (CSV_PARTNER_FIELD[String(sub)] ?? 'partner_name')
            : (CSV_FIELD[String(head)] ?? '(row)'),
        },
        issue.message,
      );
    }
    consortia.push(parsed.data);
  }
  return { file, consortia };
}

/** An array of consortia or `{ "consortia": [...] }`; no duplicate keys, no two consortia with one id. */
export function parseConsortiaJson(text: string, file: string): ConsortiaRead {
  const json = parseJsonText(text, file);
  const wrapped = !Array.isArray(json);
  const parsed = wrapped
    ? z.strictObject({ consortia: z.array(consortiumSchema) }).safeParse(json)
    : z.array(consortiumSchema).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0] as z.core.$ZodIssue;
    const reason =
      issue.path.length === 0 && issue.code === 'invalid_type'
        ? 'expected an array of consortia or an object with "consortia"'
        : issue.message;
    throw new InputError({ file, field: jsonPath(issue.path) }, reason);
  }
  const consortia = Array.isArray(parsed.data) ? parsed.data : parsed.data.consortia;
  const seen = new Map<string, number>();
  consortia.forEach((c, i) => {
    const first = seen.get(c.id);
    if (first !== undefined) {
      throw new InputError(
        { file, field: jsonPath([...(wrapped ? ['consortia'] : []), i, 'id']) },
        `duplicate consortium id "${c.id}" (also item ${first})`,
        'Each consortium must have its own id',
      );
    }
    seen.set(c.id, i);
  });
  return { file, consortia };
}

/** A JSON path as people write it: `consortia[2].partners[0].country`; `(root)` for the document. */
function jsonPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${String(p)}`)).join('');
}
