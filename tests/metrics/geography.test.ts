import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../lib/errors.ts';
import type { CubeCells } from '../../lib/eurostat/parse/cube.ts';
import {
  type ActivityValues,
  aggregateToRegions,
  benchmarkValues,
  emptyTally,
  sumOf,
} from '../../lib/metrics/geography.ts';

const PERIOD = '2021';

/**
 * geo → activity → period → cell, written as `{ geo: { activity: value } }` for one period.
 * A `null` value is a missing or confidential cell (`:` / flag `c`); an activity left out has no cell at all.
 */
function cube(rows: Record<string, Record<string, number | null>>, period = PERIOD): CubeCells {
  const cells: CubeCells = new Map();
  for (const [geo, activities] of Object.entries(rows)) {
    const byActivity = new Map<string, Map<string, { value: number | null; flags: string }>>();
    for (const [activity, value] of Object.entries(activities)) {
      byActivity.set(activity, new Map([[period, { value, flags: value === null ? 'c' : '' }]]));
    }
    cells.set(geo, byActivity);
  }
  return cells;
}

/** Adds another period's cells to an existing cube. */
function addPeriod(cells: CubeCells, rows: Record<string, Record<string, number | null>>, period: string) {
  for (const [geo, activities] of Object.entries(rows)) {
    for (const [activity, value] of Object.entries(activities)) {
      let byActivity = cells.get(geo);
      if (!byActivity) {
        byActivity = new Map();
        cells.set(geo, byActivity);
      }
      let byPeriod = byActivity.get(activity);
      if (!byPeriod) {
        byPeriod = new Map();
        byActivity.set(activity, byPeriod);
      }
      byPeriod.set(period, { value, flags: '' });
    }
  }
}

const levelFor = (country: string) => (country === 'BE' ? 1 : 2);

function plain(regions: Map<string, ActivityValues>): Record<string, Record<string, number | null>> {
  return Object.fromEntries([...regions].map(([r, v]) => [r, Object.fromEntries(v)]));
}

/** The 27 Member States (2020 composition), spelled as Eurostat spells them (EL for Greece). */
const EU27 = [
  'AT',
  'BE',
  'BG',
  'CY',
  'CZ',
  'DE',
  'DK',
  'EE',
  'EL',
  'ES',
  'FI',
  'FR',
  'HR',
  'HU',
  'IE',
  'IT',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SE',
  'SI',
  'SK',
];

describe('sumOf', () => {
  it('adds the parts', () => {
    // 1 + 2 + 3 = 6
    expect(sumOf([1, 2, 3])).toBe(6);
  });

  it('keeps a sum of zeros as zero', () => {
    // 0 + 0 = 0: a real zero is not missing
    expect(sumOf([0, 0])).toBe(0);
  });

  it('is missing when any part is null', () => {
    expect(sumOf([1, null, 3])).toBeNull();
  });

  it('is missing when any part is undefined', () => {
    expect(sumOf([1, undefined])).toBeNull();
  });

  it('is missing when there is nothing to sum', () => {
    expect(sumOf([])).toBeNull();
  });
});

describe('aggregateToRegions', () => {
  it('sums a NUTS1 region from its NUTS2 children when the data has no NUTS1 row', () => {
    const cells = cube({ BE21: { A: 10 }, BE22: { A: 20 }, BE23: { A: 5 } });
    const regions = aggregateToRegions(cells, PERIOD, ['A'], levelFor);
    // BE2 = BE21 + BE22 + BE23 = 10 + 20 + 5 = 35
    expect(plain(regions)).toEqual({ BE2: { A: 35 } });
  });

  it('uses a NUTS1 region’s own row in preference to its children', () => {
    const cells = cube({ BE3: { A: 100 }, BE31: { A: 1 }, BE32: { A: 2 } });
    const regions = aggregateToRegions(cells, PERIOD, ['A'], levelFor);
    // own row 100, not 1 + 2 = 3
    expect(plain(regions)).toEqual({ BE3: { A: 100 } });
  });

  it('keeps an own row that is confidential as missing rather than summing the children', () => {
    const cells = cube({ BE3: { A: null }, BE31: { A: 1 }, BE32: { A: 2 } });
    expect(aggregateToRegions(cells, PERIOD, ['A'], levelFor).get('BE3')?.get('A')).toBeNull();
  });

  it('counts a child that the data has only through its own children', () => {
    const cells = cube({ BE21: { A: 10 }, BE22: { A: 20 }, BE231: { A: 1 }, BE232: { A: 2 } });
    // BE2 = BE21 + BE22 + BE23, with BE23 = BE231 + BE232 = 3: 10 + 20 + 3 = 33
    expect(aggregateToRegions(cells, PERIOD, ['A'], levelFor).get('BE2')?.get('A')).toBe(33);
  });

  it('counts a confidential child as zero in a sum and names it (lenient)', () => {
    const cells = cube({ BE21: { A: 10, B: 1 }, BE22: { A: 20, B: null } });
    const tally = emptyTally();
    const be2 = aggregateToRegions(cells, PERIOD, ['A', 'B'], levelFor, 'lenient', tally).get('BE2');
    // A = 10 + 20 = 30; B = 1 + (BE22 suppressed → 0) = 1
    expect(be2?.get('A')).toBe(30);
    expect(be2?.get('B')).toBe(1);
    expect(Object.fromEntries(tally.suppressed)).toEqual({ BE22: ['B'] });
  });

  it('makes a summed value missing when one child is confidential under the strict rule', () => {
    const cells = cube({ BE21: { A: 10, B: 1 }, BE22: { A: 20, B: null } });
    const be2 = aggregateToRegions(cells, PERIOD, ['A', 'B'], levelFor, 'strict').get('BE2');
    expect(be2?.get('A')).toBe(30);
    expect(be2?.get('B')).toBeNull();
  });

  it('counts a child with no cell for the activity (but other data) as suppressed', () => {
    const cells = cube({ BE21: { A: 10, B: 1 }, BE22: { A: 20 } });
    expect(aggregateToRegions(cells, PERIOD, ['B'], levelFor).get('BE2')?.get('B')).toBe(1);
  });

  it('makes a sum missing when a child has no data at all that year, under either rule', () => {
    const cells = cube({ BE21: { A: 10 }, BE22: { A: 20 } });
    addPeriod(cells, { BE23: { A: 5 } }, '2020');
    const tally = emptyTally();
    // BE23 exists in the file (another NUTS version) but has nothing in 2021: BE2 cannot be summed
    expect(
      aggregateToRegions(cells, PERIOD, ['A'], levelFor, 'lenient', tally).get('BE2')?.get('A'),
    ).toBeNull();
    expect([...tally.absent]).toEqual(['BE23']);
  });

  it('makes a sum whose children are all missing missing', () => {
    const cells = cube({ BE21: { A: null, B: 1 }, BE22: { A: null, B: 2 } });
    expect(aggregateToRegions(cells, PERIOD, ['A'], levelFor).get('BE2')?.get('A')).toBeNull();
  });

  it('brings each country to its own configured level', () => {
    const cells = cube({
      BE: { A: 1000 },
      BE10: { A: 7 },
      BE21: { A: 10 },
      BE22: { A: 20 },
      AT: { A: 500 },
      AT1: { A: 7 },
      AT11: { A: 3 },
      AT12: { A: 4 },
      AT13: { A: 9 },
    });
    const regions = aggregateToRegions(cells, PERIOD, ['A'], levelFor);
    // BE at level 1: BE1 = BE10 = 7, BE2 = 10 + 20 = 30. AT at level 2: its NUTS2 rows as they are,
    // no AT1 region and no national rows.
    expect(plain(regions)).toEqual({
      AT11: { A: 3 },
      AT12: { A: 4 },
      AT13: { A: 9 },
      BE1: { A: 7 },
      BE2: { A: 30 },
    });
  });

  it('sums NUTS3 rows up to NUTS2 when the data has no NUTS2 row', () => {
    const cells = cube({ AT111: { A: 1 }, AT112: { A: 2 }, AT113: { A: 4 } });
    // AT11 = 1 + 2 + 4 = 7
    expect(plain(aggregateToRegions(cells, PERIOD, ['A'], levelFor))).toEqual({ AT11: { A: 7 } });
  });

  it('ignores Extra-Regio codes', () => {
    const cells = cube({ BE21: { A: 10 }, BEZ: { A: 3 }, BEZZ: { A: 999 }, ATZZ: { A: 999 } });
    // no BEZ or ATZZ region, and BEZZ is not added to anything
    expect(plain(aggregateToRegions(cells, PERIOD, ['A'], levelFor))).toEqual({ BE2: { A: 10 } });
  });

  it('ignores aggregates such as EU27_2020', () => {
    const cells = cube({ EU27_2020: { A: 5000 }, AT11: { A: 3 } });
    expect([...aggregateToRegions(cells, PERIOD, ['A'], levelFor).keys()]).toEqual(['AT11']);
  });

  it('reads only the requested period', () => {
    const cells = cube({ AT11: { A: 3 } }, '2021');
    addPeriod(cells, { AT11: { A: 300 } }, '2020');
    expect(aggregateToRegions(cells, '2020', ['A'], levelFor).get('AT11')?.get('A')).toBe(300);
    expect(aggregateToRegions(cells, '2021', ['A'], levelFor).get('AT11')?.get('A')).toBe(3);
  });

  it('gives a region with no cell for the activity a missing value', () => {
    const cells = cube({ AT11: { A: 3 } });
    expect(aggregateToRegions(cells, PERIOD, ['A', 'B'], levelFor).get('AT11')?.get('B')).toBeNull();
  });
});

describe('benchmarkValues', () => {
  it('uses the benchmark’s own rows when the data has them', () => {
    const cells = cube({ EU27_2020: { A: 1000, B: null }, AT: { A: 1 }, BE: { A: 2 } });
    const result = benchmarkValues(cells, 'EU27_2020', PERIOD, ['A', 'B', 'C'], new Map());
    expect(result.source).toBe('own rows');
    // A from the row; B confidential; C has no cell at all → both missing
    expect(Object.fromEntries(result.values)).toEqual({ A: 1000, B: null, C: null });
  });

  it('uses a NUTS benchmark that is itself one of the regions', () => {
    const cells = cube({ BE21: { A: 10 }, BE22: { A: 20 } });
    const regions = aggregateToRegions(cells, PERIOD, ['A'], levelFor);
    // BE2 = 10 + 20 = 30, and BE2 is the benchmark
    expect(benchmarkValues(cells, 'BE2', PERIOD, ['A'], regions).values.get('A')).toBe(30);
  });

  it('sums the 27 member states’ national rows when EU27_2020 has no rows', () => {
    const rows: Record<string, Record<string, number | null>> = {};
    // The i-th member state (1-based) has A = i and B = 10.
    EU27.forEach((country, i) => {
      rows[country] = { A: i + 1, B: 10 };
    });
    const result = benchmarkValues(cube(rows), 'EU27_2020', PERIOD, ['A', 'B'], new Map());
    expect(result.source).toBe('sum of members');
    // A = 1 + 2 + … + 27 = 27 × 28 / 2 = 378; B = 27 × 10 = 270
    expect(Object.fromEntries(result.values)).toEqual({ A: 378, B: 270 });
  });

  it('does not add countries outside the EU27 to EU27_2020', () => {
    const rows: Record<string, Record<string, number | null>> = {};
    for (const country of EU27) rows[country] = { A: 1 };
    rows.NO = { A: 1000 };
    rows.TR = { A: 1000 };
    rows.UK = { A: 1000 };
    // 27 × 1 = 27; Norway, Türkiye and the UK left out
    expect(benchmarkValues(cube(rows), 'EU27_2020', PERIOD, ['A'], new Map()).values.get('A')).toBe(27);
  });

  it('makes EU27_2020 missing when one member state has no data, and names it', () => {
    const rows: Record<string, Record<string, number | null>> = {};
    for (const country of EU27) if (country !== 'MT') rows[country] = { A: 1 };
    const tally = emptyTally();
    // 26 members only: the sum would silently count Malta as zero
    const result = benchmarkValues(cube(rows), 'EU27_2020', PERIOD, ['A'], new Map(), 'lenient', tally);
    expect(result.values.get('A')).toBeNull();
    expect([...tally.absent]).toEqual(['MT']);
  });

  it('counts a member state’s confidential value as zero and names it (lenient)', () => {
    const rows: Record<string, Record<string, number | null>> = {};
    for (const country of EU27) rows[country] = { A: country === 'LU' ? null : 1, B: 1 };
    const tally = emptyTally();
    const result = benchmarkValues(cube(rows), 'EU27_2020', PERIOD, ['A'], new Map(), 'lenient', tally);
    // 26 × 1 + (LU suppressed → 0) = 26
    expect(result.values.get('A')).toBe(26);
    expect(Object.fromEntries(tally.suppressed)).toEqual({ LU: ['A'] });
  });

  it('makes EU27_2020 missing when one member state’s value is confidential under the strict rule', () => {
    const rows: Record<string, Record<string, number | null>> = {};
    for (const country of EU27) rows[country] = { A: country === 'LU' ? null : 1, B: 1 };
    const result = benchmarkValues(cube(rows), 'EU27_2020', PERIOD, ['A', 'B'], new Map(), 'strict');
    expect(Object.fromEntries(result.values)).toEqual({ A: null, B: 27 });
  });

  it('sums a member state’s regions when it has no national row', () => {
    const rows: Record<string, Record<string, number | null>> = {};
    for (const country of EU27) if (country !== 'BE') rows[country] = { A: 1 };
    const regions = new Map<string, ActivityValues>([
      ['BE1', new Map([['A', 10]])],
      ['BE2', new Map([['A', 20]])],
      ['BE3', new Map([['A', 30]])],
    ]);
    // 26 national rows × 1 + Belgium's regions 10 + 20 + 30 = 26 + 60 = 86
    expect(benchmarkValues(cube(rows), 'EU27_2020', PERIOD, ['A'], regions).values.get('A')).toBe(86);
  });

  it('sums the regions of a NUTS benchmark that has no row of its own', () => {
    const regions = new Map<string, ActivityValues>([
      ['BE1', new Map([['A', 10]])],
      ['BE2', new Map([['A', 20]])],
      ['AT11', new Map([['A', 1000]])],
    ]);
    const result = benchmarkValues(cube({ BE1: { A: 10 } }), 'BE', PERIOD, ['A'], regions);
    // BE = BE1 + BE2 = 10 + 20 = 30 (AT11 is not in Belgium)
    expect(result.source).toBe('sum of members');
    expect(result.values.get('A')).toBe(30);
  });

  it('uses the own rows of an aggregate whose members are unknown', () => {
    const result = benchmarkValues(cube({ EA20: { A: 42 } }), 'EA20', PERIOD, ['A'], new Map());
    expect(result.values.get('A')).toBe(42);
  });

  it('refuses an aggregate benchmark whose members are unknown and that has no rows', () => {
    expect(() => benchmarkValues(cube({ AT: { A: 1 } }), 'EA20', PERIOD, ['A'], new Map())).toThrow(
      ConfigError,
    );
  });
});
