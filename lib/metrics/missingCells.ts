/**
 * The one rule for a missing cell inside a sum (docs/missing-data.md), used by every sum the tables make:
 * ecosystems from their divisions, the 14-ecosystem total, a region from its NUTS parts, the benchmark from
 * its members, a region's total from its activities.
 */

export const MISSING_CELL_RULES = ['lenient', 'strict'] as const;
/** `lenient` (default): a suppressed part counts as zero and is counted. `strict`: any missing part → missing. */
export type MissingCellRule = (typeof MISSING_CELL_RULES)[number];

/** One part of a sum. */
export interface SumPart {
  /** null or undefined: the part has no value (suppressed, `:`, confidential). */
  value: number | null | undefined;
  /** Share of the part counted in the sum (ecosystem weights); default 1. */
  weight?: number;
  /**
   * The part's unit has no data at all that year (a region not in that NUTS version, a member with no data):
   * not a suppressed small cell but a hole, so the sum is missing under either rule.
   */
  absent?: boolean;
}

export interface RuleSum {
  /** The sum; null when every part is missing, a part is absent, or (strict) any part is missing. */
  value: number | null;
  /** Parts without a value (absent ones included). */
  missing: number;
  /** Whether a part was absent for the whole year. */
  absent: boolean;
}

/**
 * Σ weight × value under the missing-cell rule. Survey offices suppress cells because they are small, so in
 * `lenient` mode a suppressed part counts as zero (and is counted in `missing`); a sum of nothing, of missing
 * parts only, or with an absent part is missing. `strict` makes any sum with a missing part missing.
 */
export function sumUnderRule(parts: Iterable<SumPart>, rule: MissingCellRule): RuleSum {
  let total = 0;
  let present = 0;
  let missing = 0;
  let absent = false;
  for (const p of parts) {
    if (p.absent) absent = true;
    if (p.value === null || p.value === undefined || p.absent) {
      missing++;
      continue;
    }
    present++;
    total += (p.weight ?? 1) * p.value;
  }
  const incomplete = absent || (rule === 'strict' && missing > 0);
  return { value: present === 0 || incomplete ? null : total, missing, absent };
}

/** Values as parts (no weights, none absent). */
export function valuesAsParts(values: Iterable<number | null | undefined>): SumPart[] {
  const out: SumPart[] = [];
  for (const value of values) out.push({ value });
  return out;
}
