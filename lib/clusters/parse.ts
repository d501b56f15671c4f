import type * as z from 'zod/mini';
import { parseCsvRecords } from '../csv/csvRecords.ts';
import { InputError } from '../errors.ts';
import { parseJsonText } from '../jsonText.ts';
import { type ClusterOrganisation, CSV_COLUMNS, clusterOrganisationSchema } from './contract.ts';

/**
 * Reading the cluster organisation file. Every row is validated on its own: a row that breaks the contract is
 * REJECTED (reported with its file, row, field and reason) and the others are used. Structural problems stop
 * the run with an InputError: a missing column, text that is not CSV or JSON, a duplicate id.
 */

/** A row left out of every count because it breaks the contract. */
export interface RowRejection {
  file: string;
  /** CSV: the line of the record (the header is line 1). JSON: the 0-based index of the item. */
  row: number;
  /** Whether `row` is a CSV line or a JSON index. */
  rowIs: 'line' | 'index';
  /** CSV column (`members_sme`) or JSON path (`members.sme`, `ecosystems[1]`); `(item)` for a whole JSON item. */
  field: string;
  reason: string;
}

export interface ClusterOrganisationsRead {
  file: string;
  /** Data rows in the file, accepted and rejected. */
  total: number;
  organisations: ClusterOrganisation[];
  rejections: RowRejection[];
}

const MEMBER_COLUMNS = ['members_sme', 'members_large', 'members_research', 'members_other'] as const;
const MEMBER_KEYS = ['sme', 'large', 'research', 'other'] as const;

/** Parses the CSV form of the contract (header row, lists `|`-joined, member counts in `members_*`). */
export function parseClusterOrganisationsCsv(text: string, file: string): ClusterOrganisationsRead {
  const records = parseCsvRecords(text, file, CSV_COLUMNS);
  checkUniqueIds(
    records.map((r) => ({ id: r.values.id, at: r.line })),
    file,
    'line',
  );
  const organisations: ClusterOrganisation[] = [];
  const rejections: RowRejection[] = [];
  const blank = (v: string | undefined) => v === undefined || v.trim() === '';
  const list = (v: string | undefined) => (blank(v) ? [] : (v as string).split('|').map((s) => s.trim()));
  for (const { line, values } of records) {
    const reject = (field: string, reason: string) =>
      rejections.push({ file, row: line, rowIs: 'line', field, reason });
    const given = MEMBER_COLUMNS.filter((c) => !blank(values[c]));
    if (given.length > 0 && given.length < MEMBER_COLUMNS.length) {
      reject(MEMBER_COLUMNS.find((c) => blank(values[c])) as string, 'give all four member counts or none');
      continue;
    }
    const number = (c: (typeof MEMBER_COLUMNS)[number]) => {
      const raw = (values[c] as string).trim();
      return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
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
    const parsed = clusterOrganisationSchema.safeParse(candidate);
    if (parsed.success) organisations.push(parsed.data);
    else {
      const issue = parsed.error.issues[0] as z.core.$ZodIssue;
      reject(csvField(issue.path), reasonOf(issue, candidate));
    }
  }
  return { file, total: records.length, organisations, rejections };
}

/** Parses the JSON form: an array of organisations or `{ "organisations": [...] }`. */
export function parseClusterOrganisationsJson(text: string, file: string): ClusterOrganisationsRead {
  const json = parseJsonText(text, file);
  const items = Array.isArray(json) ? json : (json as { organisations?: unknown })?.organisations;
  if (!Array.isArray(items)) {
    throw new InputError({ file }, 'expected an array of organisations or an object with "organisations"');
  }
  checkUniqueIds(
    items.map((item, i) => ({ id: isObject(item) ? item.id : undefined, at: i })),
    file,
    'index',
  );
  const organisations: ClusterOrganisation[] = [];
  const rejections: RowRejection[] = [];
  items.forEach((item: unknown, i) => {
    const reject = (field: string, reason: string) =>
      rejections.push({ file, row: i, rowIs: 'index', field, reason });
    if (!isObject(item)) {
      reject('(item)', 'must be an object');
      return;
    }
    const members = item.members;
    if (isObject(members)) {
      const absent = MEMBER_KEYS.filter((k) => members[k] === undefined);
      if (absent.length > 0 && absent.length < MEMBER_KEYS.length) {
        reject(`members.${absent[0]}`, 'give all four member counts or none');
        return;
      }
    }
    const parsed = clusterOrganisationSchema.safeParse(item);
    if (parsed.success) organisations.push(parsed.data);
    else {
      const issue = parsed.error.issues[0] as z.core.$ZodIssue;
      reject(jsonField(issue.path), reasonOf(issue, item));
    }
  });
  return { file, total: items.length, organisations, rejections };
}

/** `file:line field: reason` (CSV) or `file[index] field: reason` (JSON). */
export function formatRejection(r: RowRejection): string {
  return `${r.file}${r.rowIs === 'line' ? `:${r.row}` : `[${r.row}]`} ${r.field}: ${r.reason}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The issue's message, with the offending value when the message does not already quote it. */
function reasonOf(issue: z.core.$ZodIssue, candidate: unknown): string {
  let value: unknown = candidate;
  for (const p of issue.path)
    value = isObject(value) || Array.isArray(value) ? (value as never)[p as never] : undefined;
  const shown = typeof value === 'string' || typeof value === 'number' ? JSON.stringify(value) : undefined;
  return shown === undefined || issue.message.includes(String(value))
    ? issue.message
    : `${issue.message} (got ${shown})`;
}

/** Maps a contract path (`members.sme`, `ecosystems.1`) back to the CSV column a user would fix. */
function csvField(path: readonly PropertyKey[]): string {
  const [head, sub] = path.map(String);
  if (head === 'members' && sub) return `members_${sub}`;
  if (head === 'syntheticFields') return 'synthetic_fields';
  return head ?? '(row)';
}

/** A JSON path as people write it: `members.sme`, `ecosystems[1]`. */
function jsonField(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(item)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${String(p)}`)).join('');
}

/** Two rows with the same id stop the run: the error names both rows. Rows without an id are checked later. */
function checkUniqueIds(
  rows: Array<{ id: unknown; at: number }>,
  file: string,
  rowIs: 'line' | 'index',
): void {
  const seen = new Map<string, number>();
  for (const { id, at } of rows) {
    if (typeof id !== 'string' || id.trim() === '') continue;
    const key = id.trim();
    const first = seen.get(key);
    if (first !== undefined) {
      throw new InputError(
        rowIs === 'line' ? { file, line: at, field: 'id' } : { file, field: `[${at}].id` },
        `duplicate id "${key}" (${rowIs === 'line' ? `lines ${first} and ${at}` : `items [${first}] and [${at}]`})`,
        'Each organisation must have its own id',
      );
    }
    seen.set(key, at);
  }
}
