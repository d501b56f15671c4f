import { parse } from 'csv-parse/sync';
import { InputError } from '../errors.ts';

export interface CsvRecord {
  /** 1-based line on which the record starts. */
  line: number;
  values: Record<string, string>;
}

/**
 * Parses a small CSV text (reference tables, mappings, the ECCP contract) into records keyed by header,
 * checking that the required columns are there. Errors name the file and line.
 */
export function parseCsvRecords(
  text: string,
  file: string,
  required: readonly string[],
  options: { delimiter?: string } = {},
): CsvRecord[] {
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parse(text, {
      bom: true,
      columns: (header: string[]) => header.map((h) => h.trim()),
      delimiter: options.delimiter ?? ',',
      info: true,
      skip_empty_lines: true,
      relax_column_count: false,
      trim: false,
    });
  } catch (err) {
    const e = err as { lines?: number; message: string };
    throw new InputError({ file, line: e.lines }, `not valid CSV: ${e.message}`);
  }
  const header =
    rows.length > 0 ? Object.keys(rows[0]?.record ?? {}) : firstLineColumns(text, options.delimiter);
  for (const column of required) {
    if (!header.includes(column)) {
      throw new InputError(
        { file, line: 1, field: column },
        `missing column "${column}" (columns found: ${header.join(', ') || 'none'})`,
        `Add the column; the header must contain ${required.join(', ')}`,
      );
    }
  }
  // info.lines is the line the record ends on; records here never span lines except quoted newlines,
  // which are rare enough that the end line is still the useful one to report.
  return rows.map((r) => ({ line: r.info.lines, values: r.record }));
}

function firstLineColumns(text: string, delimiter = ','): string[] {
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  return first.length === 0 ? [] : first.split(delimiter).map((c) => c.trim());
}
