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
}
