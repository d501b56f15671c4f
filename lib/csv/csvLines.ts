import Papa from 'papaparse';
import { InputError } from '../errors.ts';

/**
 * A CSV file (RFC 4180: a header, `,` between cells, `"` around cells holding `,`, `"` or a line feed, quotes
 * doubled inside) held as its bytes and where each record starts and ends, a record's cells decoded only when
 * asked. Comparing two versions of a published table (lib/snapshot/changes.ts) reads 10⁵ records of each: as an
 * object per record, with a string per cell, that took more memory than the run itself, and a string per
 * record, or the file decoded as one string, still a third of it (docs/performance.md). Equal record bytes are
 * equal records, so most records are never decoded.
 */
export class CsvLines {
  private readonly position: Map<string, number>;
  /** The last quoted record `cell` split, and its cells: a reader asks for several cells of one record. */
  private split: { i: number; cells: string[] } = { i: -1, cells: [] };

  private constructor(
    readonly columns: readonly string[],
    private readonly bytes: Buffer,
    private readonly bounds: RecordBounds,
    private readonly file: string,
  ) {
    this.position = new Map(columns.map((c, i) => [c, i]));
  }

  /**
   * The records of a CSV file's bytes (UTF-8) or text; `file` names it in errors. Empty lines are skipped. A
   * record's cells are counted when they are read (`cells`, `cell`).
   */
  static parse(content: Buffer | string, file: string): CsvLines {
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const bounds = new RecordBounds(bytes.length >> 6);
    let header: string[] | undefined;
    let pos = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    let line = 0;
    let nextQuote = bytes.indexOf(QUOTE, pos);
    while (pos < bytes.length) {
      const first = ++line;
      let end = lineEnd(bytes, pos);
      const quoted = nextQuote !== -1 && nextQuote < end;
      // A quoted cell may hold line feeds: the record goes on while its quotes are unbalanced.
      if (quoted) {
        let count = 0;
        for (;;) {
          for (; nextQuote !== -1 && nextQuote < end; nextQuote = bytes.indexOf(QUOTE, nextQuote + 1))
            count++;
          if (count % 2 === 0) break;
          if (end >= bytes.length)
            throw new InputError({ file, line: first }, 'not valid CSV: a quoted cell is not closed');
          end = lineEnd(bytes, end + 1);
          line++;
        }
      }
      const stop = end > pos && bytes[end - 1] === CR ? end - 1 : end;
      if (stop > pos) {
        if (header === undefined)
          header = splitRecord(bytes.toString('utf8', pos, stop), file, first).map((h) => h.trim());
        else bounds.push(pos, stop, first, quoted);
      }
      pos = end + 1;
    }
    return new CsvLines(header ?? [], bytes, bounds, file);
  }

  get length(): number {
    return this.bounds.length;
  }

  /** Record `i` as its text. */
  text(i: number): string {
    return this.textTo(i, this.bounds.end[i] as number);
  }

  /** Record `i`'s text up to `end` (its end, or an offset `leadingEnd` gave). */
  textTo(i: number, end: number): string {
    return this.bytes.toString('utf8', this.bounds.start[i], end);
  }

  /** Whether record `i` is written as `other`'s record `j` is, byte for byte (then their cells are equal). */
  sameRecord(i: number, other: CsvLines, j: number): boolean {
    return this.sameLeading(i, this.bounds.end[i] as number, other, j, other.bounds.end[j] as number);
  }

  /** Record `i`'s cells, in the columns' order. */
  cells(i: number): string[] {
    const cells = splitRecord(this.text(i), this.file, this.bounds.line[i] as number);
    if (cells.length !== this.columns.length) this.wrongCount(i, cells.length);
    return cells;
  }

  /** Record `i`'s cell in column `j` (the record's cells counted, as `cells` does), without decoding the rest. */
  cell(i: number, j: number): string {
    if (this.bounds.quoted[i]) {
      if (this.split.i !== i) this.split = { i, cells: this.cells(i) };
      return this.split.cells[j] as string;
    }
    // Commas found by a loop over the bytes: a record is tens of bytes, and a call to `indexOf` per cell cost more.
    const { bytes } = this;
    const end = this.bounds.end[i] as number;
    let from = this.bounds.start[i] as number;
    let n = 0;
    let found = '';
    for (let k = from; k <= end; k++) {
      if (k < end && bytes[k] !== COMMA) continue;
      if (n === j) found = bytes.toString('utf8', from, k);
      if (k < end) n++;
      from = k + 1;
    }
    if (n + 1 !== this.columns.length) this.wrongCount(i, n + 1);
    return found;
  }

  /**
   * The text of record `i`'s first `count` cells as written (without the comma after them), when it holds no
   * quote: then it is also their canonical text (`csvField` of each, joined by commas). Undefined otherwise.
   */
  leadingText(i: number, count: number): string | undefined {
    const end = this.leadingEnd(i, count);
    return end === -1 ? undefined : this.textTo(i, end);
  }

  /** Where record `i`'s first `count` cells end (as `leadingText`'s); -1 where `leadingText` is undefined. */
  leadingEnd(i: number, count: number): number {
    const start = this.bounds.start[i] as number;
    const stop = this.bounds.end[i] as number;
    let end = start - 1;
    for (let n = 0; n < count; n++) {
      end++;
      while (end < stop && this.bytes[end] !== COMMA) end++;
      if (end === stop && n < count - 1) return -1;
    }
    end = Math.max(end, start);
    const quote = this.bounds.quoted[i] ? this.bytes.indexOf(QUOTE, start) : -1;
    return quote !== -1 && quote < end ? -1 : end;
  }

  /** The hash of record `i`'s bytes up to `end` (`leadingEnd`): `CsvLines.hashText` of their text. */
  hashLeading(i: number, end: number): number {
    return fnv1a(this.bytes, this.bounds.start[i] as number, end);
  }

  /** Whether record `i`'s bytes up to `end` are `other`'s record `j`'s up to `otherEnd`. */
  sameLeading(i: number, end: number, other: CsvLines, j: number, otherEnd: number): boolean {
    const [s, os] = [this.bounds.start[i] as number, other.bounds.start[j] as number];
    return end - s === otherEnd - os && other.bytes.compare(this.bytes, s, end, os, otherEnd) === 0;
  }

  /** A hash of a text's UTF-8 bytes (FNV-1a, 32 bits). */
  static hashText(text: string): number {
    const bytes = Buffer.from(text, 'utf8');
    return fnv1a(bytes, 0, bytes.length);
  }

  /** The cells of one record's text (a header's, a record's, or cells joined by `csvField`). */
  static cellsOf(text: string): string[] {
    return splitRecord(text, '', 0);
  }

  /** Where `column` is among the columns; undefined when the table has no such column. */
  indexOf(column: string): number | undefined {
    return this.position.get(column);
  }

  private wrongCount(i: number, count: number): never {
    throw new InputError(
      { file: this.file, line: this.bounds.line[i] as number },
      `not valid CSV: the header has ${this.columns.length} columns, this record has ${count}`,
    );
  }
}

/**
 * Where each record starts and ends in the bytes (its line feed and carriage return left out), its first line.
 * Offsets are 32 bits unsigned: a Buffer holds at most 4 GiB.
 */
class RecordBounds {
  start: Uint32Array;
  end: Uint32Array;
  line: Uint32Array;
  /** 1 where the record holds a quote: its cells are read by papaparse. */
  quoted: Uint8Array;
  length = 0;

  constructor(capacity: number) {
    const n = Math.max(capacity, 16);
    [this.start, this.end, this.line, this.quoted] = [
      new Uint32Array(n),
      new Uint32Array(n),
      new Uint32Array(n),
      new Uint8Array(n),
    ];
  }

  push(start: number, end: number, line: number, quoted: boolean): void {
    if (this.length === this.start.length) this.grow();
    const i = this.length++;
    this.start[i] = start;
    this.end[i] = end;
    this.line[i] = line;
    this.quoted[i] = quoted ? 1 : 0;
  }

  private grow(): void {
    const n = this.start.length * 2;
    const wider = <T extends Uint32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.start = wider(this.start, (k) => new Uint32Array(k));
    this.end = wider(this.end, (k) => new Uint32Array(k));
    this.line = wider(this.line, (k) => new Uint32Array(k));
    this.quoted = wider(this.quoted, (k) => new Uint8Array(k));
  }
}

const [QUOTE, COMMA, LF, CR] = [0x22, 0x2c, 0x0a, 0x0d];

function fnv1a(bytes: Buffer, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let k = start; k < end; k++) h = Math.imul(h ^ (bytes[k] as number), 0x01000193);
  return h | 0;
}

function lineEnd(bytes: Buffer, from: number): number {
  const end = bytes.indexOf(LF, from);
  return end === -1 ? bytes.length : end;
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
