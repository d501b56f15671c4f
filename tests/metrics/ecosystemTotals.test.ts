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
    expect(result.get('Digital')).toBe(150);
  });

  it('counts a division split between two ecosystems in each by its weight', () => {
    const result = toEcosystems(divisions({ C26: 100, J61: 40, J62: 60 }), mapping);
    // Electronics = 0.5 × 100 = 50 (the other half of C26 is in Digital)
    expect(result.get('Electronics')).toBe(50);
  });

  it('applies weights below one', () => {
    const result = toEcosystems(divisions({ I55: 30, I56: 20 }), mapping);
    // Tourism = 1 × 30 + 0.5 × 20 = 30 + 10 = 40
    expect(result.get('Tourism')).toBe(40);
  });

  it('makes an ecosystem missing when one of its divisions is null', () => {
    const result = toEcosystems(divisions({ C21: 10, Q86: null }), mapping);
    // not 1 × 10 = 10: the confidential Q86 is not counted as zero
    expect(result.get('Health')).toBeNull();
  });

  it('makes an ecosystem missing when one of its divisions is absent from the data', () => {
    const result = toEcosystems(divisions({ I55: 30 }), mapping);
    expect(result.get('Tourism')).toBeNull();
  });

  it('makes an ecosystem with no divisions mapped missing', () => {
    const result = toEcosystems(divisions({ C26: 100, J61: 40, J62: 60 }), mapping);
    expect(result.get('Textiles')).toBeNull();
  });

  it('gives a value, possibly null, for each of the 14 ecosystems', () => {
    const result = toEcosystems(divisions({}), mapping);
    expect([...result.keys()].sort()).toEqual([...ECOSYSTEMS].sort());
    expect(result.size).toBe(14);
  });

  it('keeps a real zero as zero', () => {
    const result = toEcosystems(divisions({ C21: 0, Q86: 0 }), mapping);
    // 1 × 0 + 1 × 0 = 0
    expect(result.get('Health')).toBe(0);
  });
});
