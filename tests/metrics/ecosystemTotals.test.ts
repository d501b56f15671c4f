import { describe, expect, it } from 'vitest';
import { buildMapping, ECOSYSTEMS } from '../../lib/classifications/ecosystems.ts';
import { toEcosystems } from '../../lib/metrics/ecosystemTotals.ts';
import type { ActivityValues } from '../../lib/metrics/geography.ts';

/**
 * A small hand-built mapping:
 * - Digital     = 0.5 × C26 + 1 × J61 + 1 × J62
 * - Electronics = 0.5 × C26
 * - Health      = 1 × C21 + 1 × Q86
 * - Tourism     = 1 × I55 + 0.5 × I56
 * The other ten ecosystems have no division.
 */
const mapping = buildMapping([
  { division: 'C26', ecosystem: 'Digital', weight: 0.5 },
  { division: 'J61', ecosystem: 'Digital', weight: 1 },
  { division: 'J62', ecosystem: 'Digital', weight: 1 },
  { division: 'C26', ecosystem: 'Electronics', weight: 0.5 },
  { division: 'C21', ecosystem: 'Health', weight: 1 },
  { division: 'Q86', ecosystem: 'Health', weight: 1 },
  { division: 'I55', ecosystem: 'Tourism', weight: 1 },
  { division: 'I56', ecosystem: 'Tourism', weight: 0.5 },
]);

function divisions(entries: Record<string, number | null>): ActivityValues {
  return new Map(Object.entries(entries));
}

describe('toEcosystems', () => {
  it('sums the weighted employment of an ecosystem’s divisions', () => {
    const result = toEcosystems(divisions({ C26: 100, J61: 40, J62: 60 }), mapping);
    // Digital = 0.5 × 100 + 1 × 40 + 1 × 60 = 50 + 40 + 60 = 150
    expect(result.get('Digital')).toEqual({ value: 150, missingDivisions: 0 });
  });

  it('counts a division split between two ecosystems in each by its weight', () => {
    const result = toEcosystems(divisions({ C26: 100, J61: 40, J62: 60 }), mapping);
    // Electronics = 0.5 × 100 = 50 (the other half of C26 is in Digital)
    expect(result.get('Electronics')?.value).toBe(50);
  });

  it('applies weights below one', () => {
    const result = toEcosystems(divisions({ I55: 30, I56: 20 }), mapping);
    // Tourism = 1 × 30 + 0.5 × 20 = 30 + 10 = 40
    expect(result.get('Tourism')?.value).toBe(40);
  });

  it('counts a suppressed division as zero and counts it (lenient, the default)', () => {
    const result = toEcosystems(divisions({ C21: 10, Q86: null }), mapping);
    // 1 × 10 + (Q86 suppressed → 0) = 10, one division without data
    expect(result.get('Health')).toEqual({ value: 10, missingDivisions: 1 });
  });

  it('counts a division without a cell at all like a suppressed one', () => {
    const result = toEcosystems(divisions({ I55: 30 }), mapping);
    // 1 × 30 + 0.5 × (I56 without a cell → 0) = 30
    expect(result.get('Tourism')).toEqual({ value: 30, missingDivisions: 1 });
  });

  it('makes an ecosystem whose divisions are all missing missing', () => {
    const result = toEcosystems(divisions({ C21: null, Q86: null }), mapping);
    expect(result.get('Health')).toEqual({ value: null, missingDivisions: 2 });
  });

  it('makes an ecosystem with any missing division missing under the strict rule', () => {
    const result = toEcosystems(divisions({ C21: 10, Q86: null }), mapping, 'strict');
    expect(result.get('Health')).toEqual({ value: null, missingDivisions: 1 });
    expect(toEcosystems(divisions({ C21: 10, Q86: 5 }), mapping, 'strict').get('Health')?.value).toBe(15);
  });

  it('makes an ecosystem with no divisions mapped missing', () => {
    const result = toEcosystems(divisions({ C26: 100, J61: 40, J62: 60 }), mapping);
    expect(result.get('Textiles')?.value).toBeNull();
  });

  it('gives a value, possibly null, for each of the 14 ecosystems', () => {
    const result = toEcosystems(divisions({}), mapping);
    expect([...result.keys()].sort()).toEqual([...ECOSYSTEMS].sort());
    expect(result.size).toBe(14);
  });

  it('keeps a real zero as zero', () => {
    const result = toEcosystems(divisions({ C21: 0, Q86: 0 }), mapping);
    // 1 × 0 + 1 × 0 = 0
    expect(result.get('Health')).toEqual({ value: 0, missingDivisions: 0 });
  });
});
