import type { ComputedTables } from '../model/computedTables.ts';
import { PUBLISHED } from '../snapshot/published/index.ts';
import { geoIndexKey, geoKey } from './tableItems.ts';

/**
 * DynamoDB's limit on one item (names and values, UTF-8), which DynamoDB Local enforces as the service does.
 */
export const DYNAMODB_ITEM_LIMIT = 400 * 1024;

/** A geography's figures for one year of a version: `sk=V#<version>#Y#<year>`. */
export const geoYearKey = (geo: string, version: string, year: number) => ({
  pk: `GEO#${geo}`,
  sk: `V#${version}#Y#${year}`,
});
/** The same in the index `byVersion`: every geography of a year, `gsi1sk` beginning with `Y#<year>#`. */
export const geoYearIndexKey = (geo: string, version: string, year: number) => ({
  gsi1pk: `V#${version}`,
  gsi1sk: `Y#${year}#GEO#${geo}`,
});

/**
 * Items per geography and version, for the published tables that say where their rows go (their `item`), so
 * a dashboard gets a country's or region's figures in one read, at any
 * number of years without nearing DynamoDB's 400 KB per item:
 * - `sk=V#<version>`: what is not yearly (cluster counts, member composition, maturity, node_history) and
 *   `years`, the years the version carries, `year` the latest;
 * - `sk=V#<version>#Y#<year>`: that year's rows of the yearly tables (ecosystem shares for countries, LQs and
 *   nodes for regions). A region's year item holds at most one row per activity (88 divisions and 14
 *   ecosystems), whatever the number of years.
 */
export function resultItems(version: string, t: ComputedTables): Array<Record<string, unknown>> {
  const base = new Map<string, Record<string, unknown[]>>();
  const yearly = new Map<string, Map<number, Record<string, unknown[]>>>();
  const push = (item: Record<string, unknown[]>, field: string, row: unknown) => {
    let list = item[field];
    if (!list) {
      list = [];
      item[field] = list;
    }
    list.push(row);
  };
  const add = (geo: string, field: string, row: unknown) => {
    let item = base.get(geo);
    if (!item) {
      item = {};
      base.set(geo, item);
    }
    push(item, field, row);
  };
  const addYear = (geo: string, year: number, field: string, row: unknown) => {
    let byYear = yearly.get(geo);
    if (!byYear) {
      byYear = new Map();
      yearly.set(geo, byYear);
    }
    let item = byYear.get(year);
    if (!item) {
      item = {};
      byYear.set(year, item);
    }
    push(item, field, row);
    if (!base.has(geo)) base.set(geo, {});
  };
  for (const table of PUBLISHED) {
    if (table.from !== 'tables' || !table.item) continue;
    const placement = table.item;
    for (const r of table.rows(t)) {
      if (placement.year) addYear(placement.geo(r), placement.year(r), placement.attribute, r);
      else add(placement.geo(r), placement.attribute, r);
    }
  }
  const items: Array<Record<string, unknown>> = [];
  for (const [geo, fields] of base) {
    const years = [...(yearly.get(geo)?.keys() ?? [])].sort((a, b) => a - b);
    items.push({
      ...geoKey(geo, version),
      ...geoIndexKey(geo, version),
      geo,
      version,
      year: t.year,
      years,
      ...fields,
    });
    for (const year of years) {
      items.push({
        ...geoYearKey(geo, version, year),
        ...geoYearIndexKey(geo, version, year),
        geo,
        version,
        year,
        ...yearly.get(geo)?.get(year),
      });
    }
  }
  return items;
}

/**
 * An item's size as DynamoDB counts it, rounded up where the rules leave room: attribute names and strings
 * in UTF-8 bytes, a number at most 21 bytes (its digits, two a byte, plus one), booleans and nulls 1 byte,
 * lists and maps 3 bytes plus 1 per element, plus their elements (and a map's keys).
 */
export function itemSize(item: Record<string, unknown>): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) {
    if (value === undefined) continue;
    size += Buffer.byteLength(name, 'utf8') + valueSize(value);
  }
  return size;
}

function valueSize(value: unknown): number {
  if (value === null || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (typeof value === 'number') {
    const digits = String(value)
      .replace(/[-.]|e.*$/g, '')
      .replace(/^0+/, '').length;
    return Math.min(21, Math.ceil(digits / 2) + 1);
  }
  if (Array.isArray(value)) return 3 + value.reduce((n: number, v) => n + 1 + valueSize(v), 0);
  if (typeof value === 'object') {
    let n = 3;
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined) continue;
      n += 1 + Buffer.byteLength(k, 'utf8') + valueSize(v);
    }
    return n;
  }
  return 0;
}
