import type { BasicType } from 'hyparquet-writer';
import { ByteWriter, ParquetWriter, schemaFromColumnData } from 'hyparquet-writer';
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
 * Rows per row group: a table is also turned into cells this many rows at a time (lib/snapshot/tableFiles.ts).
 * Small enough that every column, and each copy hyparquet-writer makes of it, stays below V8's large-object
 * size (128 KiB, 16 384 slots): larger arrays are mapped fresh from the kernel and unmapped once collected, and
 * their page faults were a quarter of a run's system time (docs/performance.md).
 */
export const ROW_GROUP_ROWS = 10_000;

/** A Parquet file written a row group at a time, so that only one group's columns exist at once. */
export interface ParquetFile {
  /** One row group: at most `ROW_GROUP_ROWS` rows, a column per field. */
  writeRowGroup(columns: readonly Scalar[][]): void;
  finish(): Buffer;
}

/**
 * A Parquet file of these fields: a column per field, typed as declared (string → UTF8, integer → INT32,
 * number → DOUBLE, boolean → BOOLEAN), nullable, zstd-compressed. The columns come from `tableColumns`
 * (lib/snapshot/tableFiles.ts): empty cells of the CSV are already nulls, except in fields whose missing
 * values are `[]` (an empty string).
 */
export function parquetFile(fields: readonly Field[], compress: ZstdCompress): ParquetFile {
  const columnData = (columns: readonly Scalar[][]) =>
    fields.map((field, i) => ({
      name: field.name,
      data: columns[i] as Scalar[],
      type: PARQUET_TYPE[field.type],
      nullable: true,
    }));
  const writer = new ByteWriter();
  const parquet = new ParquetWriter({
    writer,
    schema: schemaFromColumnData({ columnData: columnData(fields.map(() => [])) }),
    codec: 'ZSTD',
    compressors: { ZSTD: compress },
    createdBy: 'eucluster (hyparquet-writer)',
  });
  return {
    writeRowGroup(columns) {
      if ((columns[0]?.length ?? 0) > ROW_GROUP_ROWS)
        throw new Error(`a row group holds at most ${ROW_GROUP_ROWS} rows`);
      parquet.write({ columnData: columnData(columns), rowGroupSize: ROW_GROUP_ROWS });
    },
    finish() {
      parquet.finish();
      return Buffer.from(writer.getBuffer());
    },
  };
}
