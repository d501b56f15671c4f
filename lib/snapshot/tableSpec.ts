/** Frictionless table schema field (v1 and v2), plus a `unit` of our own (Table Schema defines none). */
export interface Field {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  description: string;
  unit?: string;
  constraints?: {
    required?: boolean;
    enum?: ReadonlyArray<string | number>;
    minimum?: number;
    maximum?: number;
  };
  /** Field-level missing values (Table Schema v2): `[]` makes an empty cell an empty string, not null. */
  missingValues?: readonly string[];
  /**
   * CSV only, not in the manifest: integral values are written with `.0`, so that type sniffers (DuckDB,
   * pandas) read a column whose values all happen to be whole (maturity scores) as numbers.
   */
  decimalPoint?: true;
}

export type Scalar = string | number | boolean | null;

/** A table's schema and how one row becomes its cells (a cell per field, in the fields' order). */
export interface TableSpec<R> {
  name: string;
  path: string;
  description: string;
  fields: readonly Field[];
  /** Fields whose values identify a row (checked unique by the tests). */
  primaryKey: readonly string[];
  toRow(row: R): Scalar[];
  /** For tables kept as columns (`ColumnarRows`): the row key each field is read from, in the fields' order. */
  columnKeys?: readonly string[];
}

/**
 * Rows kept as a column per key (lib/model/lqTable.ts): a table's files are written from the columns, without
 * a row object per row.
 */
export interface ColumnarRows<R> extends Iterable<R> {
  readonly length: number;
  /** Rows `start` to `end` (excluded) of one key, a fresh array. */
  column<K extends keyof R>(key: K, start: number, end: number): R[K][];
}

/** What a table is written from: row objects, or columns. */
export type Rows<R> = readonly R[] | ColumnarRows<R>;
