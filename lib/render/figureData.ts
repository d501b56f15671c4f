import { toCsv } from '../snapshot/tableFiles.ts';
import type { Field, Scalar } from '../snapshot/tableSpec.ts';
import type { FigureData } from './figures/figure.ts';

/** The CSV beside a figure, written as the snapshot's tables are (same quoting and number format). */
export function figureCsv(data: FigureData): Buffer {
  return toCsv<readonly Scalar[]>(
    { name: 'figure', path: '', description: '', fields: data.fields, primaryKey: [], toRow: (r) => [...r] },
    data.rows,
  );
}

/** A CSV column. */
export function column(name: string, type: Field['type'], description: string, unit?: string): Field {
  return { name, type, description, ...(unit ? { unit } : {}) };
}
