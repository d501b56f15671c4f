import { describe, expect, it } from 'vitest';
import { buildMapping, type Ecosystem } from '../../lib/classifications/ecosystems.ts';
import { type EcosystemShareRow, ecosystemShares } from '../../lib/metrics/ecosystemShares.ts';
import type { ActivityValues } from '../../lib/metrics/geography.ts';

/** One division per ecosystem, weight 1, for four ecosystems; the other ten have no division. */
const mapping = buildMapping([
  { division: 'Q86', ecosystem: 'Health', weight: 1 },
  { division: 'F41', ecosystem: 'Construction', weight: 1 },
  { division: 'G47', ecosystem: 'Retail', weight: 1 },
  { division: 'J62', ecosystem: 'Digital', weight: 1 },
]);

function divisions(entries: Record<string, number | null>): ActivityValues {
  return new Map(Object.entries(entries));
}

/**
 * BE:        Health 400, Construction 300, Retail 200, Digital 100 → total 1000 → 0.4, 0.3, 0.2, 0.1
 * EU27_2020: Health 300, Construction 300, Retail 300, Digital 100 → total 1000 → 0.3, 0.3, 0.3, 0.1
 * AT:        Health 450, Construction 270, Retail 180, Digital missing → total 900 → 0.5, 0.3, 0.2, —
 */
function byGeo(): Map<string, ActivityValues> {
  return new Map([
    ['BE', divisions({ Q86: 400, F41: 300, G47: 200, J62: 100 })],
    ['EU27_2020', divisions({ Q86: 300, F41: 300, G47: 300, J62: 100 })],
    ['AT', divisions({ Q86: 450, F41: 270, G47: 180, J62: null })],
  ]);
}

function row(rows: EcosystemShareRow[], geo: string, ecosystem: Ecosystem): EcosystemShareRow {
  const r = rows.find((x) => x.geo === geo && x.ecosystem === ecosystem);
  if (!r) throw new Error(`no row for ${geo} ${ecosystem}`);
  return r;
}

describe('ecosystemShares', () => {
  describe('employment and share', () => {
    it('reports each ecosystem’s employment', () => {
      const rows = ecosystemShares(byGeo(), 'EU27_2020', mapping);
      expect(row(rows, 'BE', 'Health').employment).toBe(400);
    });

    it('divides each ecosystem’s employment by employment in all ecosystems', () => {
      const rows = ecosystemShares(byGeo(), 'EU27_2020', mapping);
      // 400 + 300 + 200 + 100 = 1000 → 400/1000 = 0.4, 300/1000 = 0.3, 200/1000 = 0.2, 100/1000 = 0.1
      expect(row(rows, 'BE', 'Health').share).toBeCloseTo(0.4, 12);
      expect(row(rows, 'BE', 'Construction').share).toBeCloseTo(0.3, 12);
      expect(row(rows, 'BE', 'Retail').share).toBeCloseTo(0.2, 12);
      expect(row(rows, 'BE', 'Digital').share).toBeCloseTo(0.1, 12);
    });

    it('leaves ecosystems with a missing value out of the denominator', () => {
      const rows = ecosystemShares(byGeo(), 'EU27_2020', mapping);
      // AT: 450 + 270 + 180 = 900 (Digital missing) → 450/900 = 0.5, 270/900 = 0.3, 180/900 = 0.2
      expect(row(rows, 'AT', 'Health').share).toBeCloseTo(0.5, 12);
      expect(row(rows, 'AT', 'Construction').share).toBeCloseTo(0.3, 12);
      expect(row(rows, 'AT', 'Retail').share).toBeCloseTo(0.2, 12);
    });

    it('gives an ecosystem with missing employment no share, no rank and no specialisation', () => {
      const rows = ecosystemShares(byGeo(), 'EU27_2020', mapping);
      expect(row(rows, 'AT', 'Digital')).toMatchObject({
        employment: null,
        share: null,
        specialised: null,
        rank: null,
      });
    });

    it('gives a row for each of the 14 ecosystems per geography', () => {
      const rows = ecosystemShares(byGeo(), 'EU27_2020', mapping);
      // 3 geographies × 14 ecosystems = 42
      expect(rows).toHaveLength(42);
      expect(rows.filter((r) => r.geo === 'BE')).toHaveLength(14);
      // Textiles has no division in this mapping
      expect(row(rows, 'BE', 'Textiles')).toMatchObject({ employment: null, share: null, rank: null });
    });
  });

  describe('benchmark share and specialisation', () => {
    it('reports the benchmark’s share of the same ecosystem', () => {
      const rows = ecosystemShares(byGeo(), 'EU27_2020', mapping);
      // EU27_2020 Health: 300 / 1000 = 0.3
      expect(row(rows, 'BE', 'Health').benchmarkShare).toBeCloseTo(0.3, 12);
      expect(row(rows, 'AT', 'Retail').benchmarkShare).toBeCloseTo(0.3, 12);
    });

    it('marks an ecosystem specialised when its share is above the benchmark share', () => {
      const rows = ecosystemShares(byGeo(), 'EU27_2020', mapping);
      // BE Health 0.4 > EU 0.3
      expect(row(rows, 'BE', 'Health').specialised).toBe(true);
    });

    it('does not mark an ecosystem specialised when its share equals the benchmark share', () => {
      const rows = ecosystemShares(byGeo(), 'EU27_2020', mapping);
      // BE Construction 300/1000 = EU 300/1000 = 0.3
      expect(row(rows, 'BE', 'Construction').specialised).toBe(false);
    });

    it('does not mark an ecosystem specialised when its share is below the benchmark share', () => {
      const rows = ecosystemShares(byGeo(), 'EU27_2020', mapping);
      // BE Retail 0.2 < EU 0.3
      expect(row(rows, 'BE', 'Retail').specialised).toBe(false);
    });

    it('leaves benchmark share and specialisation empty when the benchmark is not in the data', () => {
      const rows = ecosystemShares(byGeo(), 'EU28', mapping);
      expect(row(rows, 'BE', 'Health')).toMatchObject({ benchmarkShare: null, specialised: null });
    });
  });

  describe('rank', () => {
    it('ranks a geography’s ecosystems by employment, 1 the largest', () => {
      const rows = ecosystemShares(byGeo(), 'EU27_2020', mapping);
      // BE: Health 400 > Construction 300 > Retail 200 > Digital 100
      expect(row(rows, 'BE', 'Health').rank).toBe(1);
      expect(row(rows, 'BE', 'Construction').rank).toBe(2);
      expect(row(rows, 'BE', 'Retail').rank).toBe(3);
      expect(row(rows, 'BE', 'Digital').rank).toBe(4);
    });

    it('breaks rank ties by ecosystem name', () => {
      const rows = ecosystemShares(byGeo(), 'EU27_2020', mapping);
      // EU27_2020: Construction = Health = Retail = 300 → alphabetical; Digital 100 last
      expect(row(rows, 'EU27_2020', 'Construction').rank).toBe(1);
      expect(row(rows, 'EU27_2020', 'Health').rank).toBe(2);
      expect(row(rows, 'EU27_2020', 'Retail').rank).toBe(3);
      expect(row(rows, 'EU27_2020', 'Digital').rank).toBe(4);
    });

    it('ranks only the ecosystems with employment', () => {
      const rows = ecosystemShares(byGeo(), 'EU27_2020', mapping);
      // AT: Health 450, Construction 270, Retail 180 → ranks 1, 2, 3; Digital and the unmapped ten unranked
      const ranks = rows
        .filter((r) => r.geo === 'AT' && r.rank !== null)
        .map((r) => [r.ecosystem, r.rank] as const);
      expect(ranks.sort((a, b) => (a[1] as number) - (b[1] as number))).toEqual([
        ['Health', 1],
        ['Construction', 2],
        ['Retail', 3],
      ]);
    });
  });

  describe('the missing-cell rule', () => {
    /** Health = Q86 + Q87; BE's Q87 is suppressed (counted as zero), its Digital (J62 only) too. */
    const twoDivisions = buildMapping([
      { division: 'Q86', ecosystem: 'Health', weight: 1 },
      { division: 'Q87', ecosystem: 'Health', weight: 1 },
      { division: 'F41', ecosystem: 'Construction', weight: 1 },
      { division: 'J62', ecosystem: 'Digital', weight: 1 },
    ]);
    const geos = () =>
      new Map([
        ['BE', divisions({ Q86: 300, Q87: null, F41: 200, J62: null })],
        ['EU27_2020', divisions({ Q86: 300, Q87: 100, F41: 500, J62: 100 })],
      ]);

    it('divides by the total of the 14 built by the same rule (lenient)', () => {
      const rows = ecosystemShares(geos(), 'EU27_2020', twoDivisions);
      // BE: Health 300 + 0 = 300, Construction 200, Digital all missing → total 500 → 0.6, 0.4
      expect(row(rows, 'BE', 'Health')).toMatchObject({ employment: 300, missingDivisions: 1, rank: 1 });
      expect(row(rows, 'BE', 'Health').share).toBeCloseTo(0.6, 12);
      expect(row(rows, 'BE', 'Construction').share).toBeCloseTo(0.4, 12);
      expect(row(rows, 'BE', 'Digital')).toMatchObject({ employment: null, share: null, rank: null });
    });

    it('gives a geography with a missing division no shares and no ranks under the strict rule', () => {
      const rows = ecosystemShares(geos(), 'EU27_2020', twoDivisions, 'strict');
      expect(rows.filter((r) => r.geo === 'BE' && (r.share !== null || r.rank !== null))).toEqual([]);
      // Construction is complete: its employment stays, with no share over an incomplete total.
      expect(row(rows, 'BE', 'Construction')).toMatchObject({
        employment: 200,
        share: null,
        missingDivisions: 0,
      });
      // EU27_2020 has every division: 400 / 1000
      expect(row(rows, 'EU27_2020', 'Health').share).toBeCloseTo(0.4, 12);
    });
  });
});
