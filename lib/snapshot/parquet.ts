import type { BasicType } from 'hyparquet-writer';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { Field, Scalar } from './tableSpec.ts';

/** Compresses one Parquet page with zstd. Injected, so that building a snapshot stays synchronous and pure. */
export type ZstdCompress = (data: Uint8Array) => Uint8Array;

const PARQUET_TYPE: Record<Field['type'], BasicType> = {
  string: 'STRING',
  // The tables' integers (years, counts, ranks, levels) are far below 2^31.
  integer: 'INT32',
  number: 'DOUBLE',
  // hyparquet-writer has no DATE logical type: dates are ISO text (YYYY-MM-DD), as in the CSV.
  date: 'STRING',
  boolean: 'BOOLEAN',
};

/** Where a table's Parquet file goes: a folder per table, so that an Athena/Glue table can point at it. */
export function parquetPath(table: string): string {
  return `parquet/${table}/${table}.parquet`;
}

/**
 * The columns as one Parquet file: a column per field, typed as declared (string → UTF8, integer → INT32,
 * number → DOUBLE, boolean → BOOLEAN), nullable, zstd-compressed, one row group per 100 000 rows. The columns
 * come from `tableColumns` (lib/snapshot/tableFiles.ts): empty cells of the CSV are already nulls, except in
 * fields whose missing values are `[]` (an empty string).
 */
export function toParquet(
  fields: readonly Field[],
  columns: readonly Scalar[][],
  compress: ZstdCompress,
): Buffer {
  const buffer = parquetWriteBuffer({
    columnData: fields.map((field, i) => ({
      name: field.name,
      data: columns[i] as Scalar[],
      type: PARQUET_TYPE[field.type],
      nullable: true,
    })),
    codec: 'ZSTD',
    compressors: { ZSTD: compress },
    rowGroupSize: 100_000,
    createdBy: 'eucluster (hyparquet-writer)',
  });
  return Buffer.from(buffer);
}
