import type { ComputedTables } from '../../model/computedTables.ts';
import type { ActivityRow, EcosystemRow, RegionRow } from '../labels.ts';
import type { Field, Rows, TableSpec } from '../tableSpec.ts';

/** The dimension tables' rows, made from the computed tables and the classifications (lib/snapshot/labels.ts). */
export interface LabelRows {
  regions: readonly RegionRow[];
  activities: readonly ActivityRow[];
  ecosystems: readonly EcosystemRow[];
}

/**
 * Where a table's rows go among the DynamoDB result items (lib/aws/resultItems.ts): under `attribute` of its
 * geography's item, the year's item when the table is yearly.
 */
export interface ResultItemPlacement<R> {
  attribute: string;
  geo(row: R): string;
  /** Yearly tables: the row's year (its item is `V#<version>#Y#<year>`); others go in the version's item. */
  year?(row: R): number;
}

/** A fact table: its rows are computed (lib/tables/compute.ts); those read by geography also go to DynamoDB. */
export interface FactTable<R> extends TableSpec<R> {
  from: 'tables';
  rows(tables: ComputedTables): Rows<R>;
  item?: ResultItemPlacement<R>;
}

/** A dimension table: the names of the codes the fact tables use. */
export interface DimensionTable<R> extends TableSpec<R> {
  from: 'labels';
  rows(labels: LabelRows): readonly R[];
}

/**
 * One published table: its spec (name, description, fields, how a row becomes cells), where its rows come
 * from, and, for the tables dashboards read by geography, where they go in DynamoDB. Method syntax, so that a
 * list of tables of different rows can be typed `PublishedTable<unknown>`.
 */
export type PublishedTable<R> = FactTable<R> | DimensionTable<R>;

/** A published table's rows. */
export function rowsOf<R>(table: PublishedTable<R>, tables: ComputedTables, labels: LabelRows): Rows<R> {
  return table.from === 'tables' ? table.rows(tables) : table.rows(labels);
}

/** A field, with whatever else (`unit`, `constraints`) it needs. */
export const field = (
  name: string,
  type: Field['type'],
  description: string,
  extra: Partial<Field> = {},
): Field => ({ name, type, description, ...extra });

export const THOUSANDS = { unit: 'thousand persons' } as const;
export const SHARE = { unit: 'share', constraints: { minimum: 0, maximum: 1 } } as const;
export const RATIO = { unit: 'ratio' } as const;
export const LEVELS = { constraints: { required: true, enum: ['nace', 'ecosystem'] } } as const;
export const REQUIRED = { constraints: { required: true } } as const;

/** `|`-joined lists, as `top5` of region_nodes: split with `string_split(x, '|')` (DuckDB) or `str.split('|')`. */
export const joined = (values: readonly (string | number)[]) =>
  values.length === 0 ? null : values.join('|');
