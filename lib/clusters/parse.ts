import type { z } from 'zod';
import { InputError } from '../errors.ts';
import { parseCsvRecords } from '../sources/csvRecords.ts';
import { type ClusterOrganisation, CSV_COLUMNS, clusterOrganisationSchema } from './contract.ts';

const MEMBER_COLUMNS = ['members_sme', 'members_large', 'members_research', 'members_other'] as const;

/** Parses the CSV form of the contract; every error names the line and the column. */
export function parseClusterOrganisationsCsv(text: string, file: string): ClusterOrganisation[] {
  const records = parseCsvRecords(text, file, CSV_COLUMNS);
  const out: ClusterOrganisation[] = [];
  for (const { line, values } of records) {
    const blank = (v: string | undefined) => v === undefined || v.trim() === '';
    const list = (v: string | undefined) => (blank(v) ? [] : (v as string).split('|').map((s) => s.trim()));
    const given = MEMBER_COLUMNS.filter((c) => !blank(values[c]));
    if (given.length > 0 && given.length < MEMBER_COLUMNS.length) {
      const absent = MEMBER_COLUMNS.find((c) => blank(values[c]));
      throw new InputError({ file, line, field: absent }, 'give all four member counts or none');
    }
    const number = (c: (typeof MEMBER_COLUMNS)[number]) => {
      const text = (values[c] as string).trim();
      return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
    };
    const candidate = {
      id: values.id,
      name: values.name,
      country: values.country,
      ...(blank(values.region) ? {} : { region: values.region?.trim() }),
      ...(blank(values.city) ? {} : { city: values.city }),
      ecosystems: list(values.ecosystems),
      ...(given.length
        ? {
            members: {
              sme: number('members_sme'),
              large: number('members_large'),
              research: number('members_research'),
              other: number('members_other'),
            },
          }
        : {}),
      partnerships: list(values.partnerships),
      syntheticFields: list(values.synthetic_fields),
    };
    out.push(validate(candidate, { file, line }, csvField));
  }
  return checkUniqueIds(
    out,
    file,
    records.map((r) => r.line),
  );
}

/** Parses the JSON form: an array of organisations or `{ "organisations": [...] }`. */
export function parseClusterOrganisationsJson(text: string, file: string): ClusterOrganisation[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new InputError({ file }, `not valid JSON: ${(err as Error).message}`);
  }
  const list = Array.isArray(json) ? json : (json as { organisations?: unknown })?.organisations;
  if (!Array.isArray(list)) {
    throw new InputError({ file }, 'expected an array of organisations or an object with "organisations"');
  }
  const out = list.map((item, i) => validate(item, { file, field: `[${i}]` }, (path) => `[${i}].${path}`));
  return checkUniqueIds(out, file);
}

function validate(
  candidate: unknown,
  where: { file: string; line?: number; field?: string },
  fieldName: (path: string) => string,
): ClusterOrganisation {
  const parsed = clusterOrganisationSchema.safeParse(candidate);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0] as z.core.$ZodIssue;
  const path = issue.path.join('.');
  throw new InputError({ ...where, field: fieldName(path) }, issue.message);
}

/** Maps a contract path (`members.sme`, `ecosystems.1`) back to the CSV column a user would fix. */
function csvField(path: string): string {
  const [head, sub] = path.split('.');
  if (head === 'members' && sub) return `members_${sub}`;
  if (head === 'syntheticFields') return 'synthetic_fields';
  return head ?? path;
}

function checkUniqueIds(orgs: ClusterOrganisation[], file: string, lines?: number[]): ClusterOrganisation[] {
  const seen = new Map<string, number>();
  orgs.forEach((o, i) => {
    const first = seen.get(o.id);
    if (first !== undefined) {
      throw new InputError(
        { file, line: lines?.[i], field: 'id' },
        `duplicate id "${o.id}" (first seen in ${lines ? `line ${lines[first]}` : `record ${first}`})`,
        'Each organisation must have its own id',
      );
    }
    seen.set(o.id, i);
  });
  return orgs;
}
