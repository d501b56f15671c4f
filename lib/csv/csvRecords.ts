import Papa from 'papaparse';
import { InputError } from '../errors.ts';

export interface CsvRecord {
  /** 1-based line on which the record starts. */
  line: number;
  values: Record<string, string>;
}

/**
 * Parses a small CSV text (reference tables, mappings, the ECCP contract) into records keyed by header,
 * checking that the required columns are there and that every record has as many fields as the header.
 * Empty lines are skipped. Errors name the file and line.
 * papaparse (native string search) because these tables are parsed cold in every run: see docs/performance.md,
 * "Fixed costs of a run".
 */
export function parseCsvRecords(
  text: string,
  file: string,
  required: readonly string[],
  options: { delimiter?: string } = {},
): CsvRecord[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = new LineCounter(body);
  let header: string[] | undefined;
  const records: CsvRecord[] = [];
  let failure: InputError | undefined;
  Papa.parse<string[]>(body, {
    delimiter: options.delimiter ?? ',',
    quoteChar: '"',
    skipEmptyLines: false,
    step: (result, parser) => {
      // The cursor is where the row ends; its start is where the previous one ended.
      const line = lines.lineAt(lines.start);
      lines.start = result.meta.cursor;
      const error = result.errors[0];
      if (error) {
        failure = new InputError({ file, line }, `not valid CSV: ${error.message} (${error.code})`);
        parser.abort();
        return;
      }
      const row = result.data;
      if (row.length === 1 && row[0] === '') return;
      if (header === undefined) {
        header = row.map((h) => h.trim());
        return;
      }
      if (row.length !== header.length) {
        failure = new InputError(
          { file, line },
          `not valid CSV: the header has ${header.length} columns, this record has ${row.length}`,
        );
        parser.abort();
        return;
      }
      const values: Record<string, string> = {};
      for (let i = 0; i < header.length; i++) values[header[i] as string] = row[i] as string;
      records.push({ line, values });
    },
  });
  if (failure) throw failure;
  const columns = header ?? [];
  for (const column of required) {
    if (!columns.includes(column)) {
      throw new InputError(
        { file, line: 1, field: column },
        `missing column "${column}" (columns found: ${columns.join(', ') || 'none'})`,
        `Add the column; the header must contain ${required.join(', ')}`,
      );
    }
  }
  return records;
}

/** Line numbers of offsets in a text, counted forward only (rows come in order). */
class LineCounter {
  /** Where the next row starts. */
  start = 0;
  private at = 0;
  private line = 1;

  constructor(private readonly text: string) {}

  lineAt(offset: number): number {
    const text = this.text;
    for (;;) {
      const nl = text.indexOf('\n', this.at);
      if (nl === -1 || nl >= offset) break;
      this.line++;
      this.at = nl + 1;
    }
    return this.line;
  }
}
