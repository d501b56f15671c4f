import type { ComputedTables } from '../model/computedTables.ts';
import { LqTable } from '../model/lqTable.ts';

/**
 * The one rounding rule of every published number: 15 significant digits. A double carries 15.95 digits, so
 * this keeps all its precision while dropping binary noise such as 197.50000000000003 from a sum of 197.5.
 * Applied once, to the computed tables; the CSV then writes each number's shortest round-trip text and the
 * Parquet file the same double, so both read back as identical doubles (and DynamoDB and the pages see them).
 */
export function publishedNumber(v: number): number {
  if (Number.isInteger(v) || !Number.isFinite(v)) return v;
  // Eurostat's thousands have one decimal (3.7): when v is exactly the double of t/10 for an integer t below
  // 10^15, v is the double of a decimal of at most 15 digits, which 15 digits give back unchanged, so the
  // text round trip (a fifth of computing the tables) is skipped for most employment figures.
  const tenfold = v * 10;
  if (Number.isInteger(tenfold) && Math.abs(tenfold) < 1e15 && tenfold / 10 === v) return v;
  return Number(v.toPrecision(15));
}

/** Rounds every number in the tables' rows by `publishedNumber`, in place (the rows are the computation's own). */
export function roundTables(tables: ComputedTables): ComputedTables {
  for (const value of Object.values(tables)) {
    if (Array.isArray(value)) for (const row of value) roundIn(row);
    else if (value instanceof LqTable) value.mapMeasures(publishedNumber);
  }
  return tables;
}

function roundIn(value: unknown): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      if (typeof v === 'number') value[i] = publishedNumber(v);
      else roundIn(v);
    }
    return;
  }
  const row = value as Record<string, unknown>;
  for (const key in row) {
    const v = row[key];
    if (typeof v === 'number') row[key] = publishedNumber(v);
    else roundIn(v);
  }
}
