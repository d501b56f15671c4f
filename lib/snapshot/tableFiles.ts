import { csvField } from '../csv/csvField.ts';
import { parquetFile, ROW_GROUP_ROWS, type ZstdCompress } from './parquet.ts';
import type { ColumnarRows, Field, Rows, Scalar, TableSpec } from './tableSpec.ts';

/** A table's two files, written from one pass over its rows. */
export interface TableFiles {
  csv: Buffer;
  parquet: Buffer;
}

/**
 * The rows as CSV and as Parquet. Each row is turned into cells once (`toRow`), gathered into columns, and
 * both writers read those columns: building the rows once per file cost half of publishing (docs/performance.md).
 * A Parquet row group at a time: the columns of a whole table of every year were a third of the peak memory.
 */
export function tableFiles<R>(spec: TableSpec<R>, rows: Rows<R>, compress: ZstdCompress): TableFiles {
  const csv = csvWriter(spec.fields, rows.length);
  const parquet = parquetFile(spec.fields, compress);
  for (let start = 0; start < rows.length; start += ROW_GROUP_ROWS) {
    const end = Math.min(rows.length, start + ROW_GROUP_ROWS);
    const columns = isRowArray(rows)
      ? tableColumns(spec, rows, start, end)
      : keyedColumns(spec, rows, start, end);
    csv.add(columns);
    parquet.writeRowGroup(columns);
  }
  return { csv: csv.finish(), parquet: parquet.finish() };
}

/**
 * The cells of every row, a column per field. An empty text is a missing value in the CSV (`missingValues:
 * [""]`), so it is null here, as the Parquet file holds it, unless the field keeps empty strings
 * (`missingValues: []`); the CSV writes an empty cell for both.
 */
export function tableColumns<R>(
  spec: TableSpec<R>,
  rows: readonly R[],
  start = 0,
  end = rows.length,
): Scalar[][] {
  const n = spec.fields.length;
  const count = end - start;
  // Sized once and filled by index: pushing 10⁵ cells grew (and copied) every column a few dozen times.
  const columns = spec.fields.map(() => new Array<Scalar>(count));
  const emptyIsNull = spec.fields.map((f) => f.missingValues?.length !== 0);
  for (let r = 0; r < count; r++) {
    const values = spec.toRow(rows[start + r] as R);
    for (let i = 0; i < n; i++) {
      const v = values[i] ?? null;
      (columns[i] as Scalar[])[r] = v === '' && emptyIsNull[i] ? null : v;
    }
  }
  return columns;
}

const isRowArray = <R>(rows: Rows<R>): rows is readonly R[] => Array.isArray(rows);

/** `tableColumns` of rows kept as columns: each field's column read by its key (`columnKeys`), same cells. */
function keyedColumns<R>(spec: TableSpec<R>, rows: ColumnarRows<R>, start: number, end: number): Scalar[][] {
  const keys = spec.columnKeys;
  if (keys === undefined) throw new Error(`${spec.name}: rows kept as columns need the spec's columnKeys`);
  return spec.fields.map((field, i) => {
    const column = rows.column(keys[i] as keyof R, start, end) as Scalar[];
    const emptyIsNull = field.missingValues?.length !== 0;
    for (let r = 0; r < column.length; r++) {
      const v = column[r];
      if (v === undefined || (v === '' && emptyIsNull)) column[r] = null;
    }
    return column;
  });
}

/**
 * Serialises rows as UTF-8 CSV with a header; empty cells for null; numbers as their shortest round-trip text
 * (`formatScalar`).
 */
export function toCsv<R>(spec: TableSpec<R>, rows: readonly R[]): Buffer {
  const csv = csvWriter(spec.fields, rows.length);
  csv.add(tableColumns(spec, rows));
  return csv.finish();
}

/**
 * The bytes are csv-stringify's with these options (`header`, `columns`, `record_delimiter: '\n'`): a field
 * is quoted when it holds a comma, a double quote or a line feed, its quotes doubled; every record, the
 * header included, ends in `\n`. Written by hand: the generic library cost more than the rest of publishing.
 * Rows are added a block of columns at a time (`tableColumns`); `rowCount` is how many there will be in all.
 */
function csvWriter(
  fields: readonly Field[],
  rowCount: number,
): {
  add(columns: readonly Scalar[][]): void;
  finish(): Buffer;
} {
  const decimalPoint = fields.map((x) => x.decimalPoint === true);
  // Each piece of about 64 KiB is encoded as soon as it is complete: its text is a rope of one small string per
  // cell, which a join at the end kept alive for the whole table (the garbage collector then copied every
  // piece of the rope, a third of the time of publishing). A piece ends at a row's end, so the bytes are the same.
  const bytes = new CsvBytes(rowCount);
  let text = `${fields.map((x) => csvField(x.name)).join(',')}\n`;
  let rows = 0;
  return {
    add(columns) {
      const count = columns[0]?.length ?? 0;
      for (let r = 0; r < count; r++) {
        for (let i = 0; i < columns.length; i++) {
          if (i > 0) text += ',';
          const v = (columns[i] as Scalar[])[r] as Scalar;
          // Only text can hold a comma, quote or line feed; numbers, booleans and empty cells never need quotes.
          text +=
            typeof v === 'string'
              ? csvField(v)
              : decimalPoint[i] && typeof v === 'number' && Number.isInteger(v)
                ? `${v}.0`
                : formatScalar(v);
        }
        text += '\n';
        rows++;
        if (text.length > 1 << 16) {
          bytes.append(text, rows);
          text = '';
        }
      }
    },
    finish() {
      return bytes.finish(text);
    },
  };
}

/**
 * A CSV's bytes in one buffer, sized for the whole table from its first piece (its bytes per row times the
 * rows, and a twentieth more), grown by a quarter if the later rows are longer. The pieces used to be
 * encoded apart and concatenated at the end: two copies of the largest CSV (20 MB) at the run's memory peak.
 * Zero-filled (the kernel's fresh pages already are), so the bytes past the CSV in the buffer are never old memory.
 */
class CsvBytes {
  private buffer: Buffer | undefined;
  private used = 0;

  constructor(private readonly rowCount: number) {}

  /** Appends a piece; `rows` is how many rows the pieces so far hold. */
  append(text: string, rows: number): void {
    if (this.buffer === undefined) {
      const first = Buffer.byteLength(text, 'utf8');
      const expected = Math.ceil((first / Math.max(rows, 1)) * this.rowCount * 1.05);
      this.buffer = Buffer.alloc(Math.max(expected, first));
    }
    // A UTF-16 unit is at most three UTF-8 bytes: only a piece near the end needs its exact length.
    if (this.used + text.length * 3 > this.buffer.length) {
      const needed = this.used + Buffer.byteLength(text, 'utf8');
      if (needed > this.buffer.length) this.resize(Math.max(needed, Math.ceil(this.buffer.length * 1.25)));
    }
    this.used += this.buffer.write(text, this.used, 'utf8');
  }

  /** The bytes, the last piece included; copied to their size when the estimate left much unused. */
  finish(text: string): Buffer {
    // A table in one piece (most of them) is encoded as it is.
    if (this.buffer === undefined) return Buffer.from(text, 'utf8');
    this.append(text, this.rowCount);
    const unused = (this.buffer as Buffer).length - this.used;
    if (unused > this.used / 4) this.resize(this.used);
    return (this.buffer as Buffer).subarray(0, this.used);
  }

  private resize(size: number): void {
    const next = Buffer.alloc(size);
    (this.buffer as Buffer).copy(next, 0, 0, this.used);
    this.buffer = next;
  }
}

/**
 * A value as the CSV writes it (without quoting). A number is its shortest round-trip text, so the CSV reads
 * back as exactly the double the Parquet file holds; the tables' numbers are already rounded to 15 significant
 * digits (lib/tables/rounding.ts), which this text then shows.
 */
export function formatScalar(v: Scalar): string {
  if (v === null) return '';
  return String(v);
}
