import Papa from 'papaparse';
import { InputError } from '../errors.ts';

/**
 * A CSV text (RFC 4180: a header, `,` between cells, `"` around cells holding `,`, `"` or a line feed, quotes
 * doubled inside) held as one string per record, its cells split only when asked. Comparing two versions of a
 * published table (lib/snapshot/changes.ts) reads 10⁵ records of each: as an object per record, with a string
 * per cell, that took more memory than the run itself (docs/performance.md). Equal record texts are equal
 * records, so most records are never split.
 */
export class CsvLines {
  private readonly position: Map<string, number>;

  private constructor(
    readonly columns: readonly string[],
    private readonly records: readonly string[],
    /** Each record's first line in the file, for errors. */
    private readonly lines: readonly number[],
    private readonly file: string,
  ) {
    this.position = new Map(columns.map((c, i) => [c, i]));
  }

  /**
   * The records of `text`; `file` names it in errors. Empty lines are skipped. Lines are found by one native
   * `split` (searching the text record by record cost a second per 10⁵ records); a record's cells are counted
   * when they are split (`cells`).
   */
  static parse(text: string, file: string): CsvLines {
    const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    const parts = body.split('\n');
    const records: string[] = [];
    const lines: number[] = [];
    let header: string[] | undefined;
    for (let i = 0; i < parts.length; i++) {
      const line = i + 1;
      let record = parts[i] as string;
      // A quoted cell may hold line feeds: the record goes on while its quotes are unbalanced.
      if (record.includes('"')) {
        while (quotes(record) % 2 === 1) {
          if (i + 1 >= parts.length)
            throw new InputError({ file, line }, 'not valid CSV: a quoted cell is not closed');
          record += `\n${parts[++i]}`;
        }
      }
      if (record.charCodeAt(record.length - 1) === 13) record = record.slice(0, -1);
      if (record === '') continue;
      if (header === undefined) {
        header = splitRecord(record, file, line).map((h) => h.trim());
        continue;
      }
      records.push(record);
      lines.push(line);
    }
    return new CsvLines(header ?? [], records, lines, file);
  }

  get length(): number {
    return this.records.length;
  }

  /** Record `i` as its text: equal texts, equal cells. */
  text(i: number): string {
    return this.records[i] as string;
  }

  /** Record `i`'s cells, in the columns' order. */
  cells(i: number): string[] {
    const line = this.lines[i] as number;
    const cells = splitRecord(this.records[i] as string, this.file, line);
    if (cells.length !== this.columns.length) {
      throw new InputError(
        { file: this.file, line },
        `not valid CSV: the header has ${this.columns.length} columns, this record has ${cells.length}`,
      );
    }
    return cells;
  }

  /**
   * The text of record `i`'s first `count` cells as written (without the comma after them), when it holds no
   * quote: then it is also their canonical text (`csvField` of each, joined by commas). Undefined otherwise.
   */
  leadingText(i: number, count: number): string | undefined {
    const record = this.records[i] as string;
    let end = -1;
    for (let n = 0; n < count; n++) {
      end = record.indexOf(',', end + 1);
      if (end === -1) {
        if (n < count - 1) return undefined;
        end = record.length;
      }
    }
    const text = record.slice(0, Math.max(end, 0));
    return text.includes('"') ? undefined : text;
  }

  /** The cells of one record's text (a header's, a record's, or cells joined by `csvField`). */
  static cellsOf(text: string): string[] {
    return splitRecord(text, '', 0);
  }

  /** Where `column` is among the columns; undefined when the table has no such column. */
  indexOf(column: string): number | undefined {
    return this.position.get(column);
  }
}

function quotes(record: string): number {
  let count = 0;
  for (let i = record.indexOf('"'); i !== -1; i = record.indexOf('"', i + 1)) count++;
  return count;
}

/**
 * A record's cells: unquoted records split on their commas; quoted ones read by papaparse (the reader of every
 * other CSV here), their quotes removed and doubled quotes undone.
 */
function splitRecord(record: string, file: string, line: number): string[] {
  if (!record.includes('"')) return record.split(',');
  const result = Papa.parse<string[]>(record, { delimiter: ',', quoteChar: '"', newline: '\r\n' });
  const error = result.errors[0];
  if (error) throw new InputError({ file, line }, `not valid CSV: ${error.message} (${error.code})`);
  return result.data[0] ?? [''];
}
