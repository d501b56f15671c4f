import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type LqRow, LqTable } from '../../lib/model/lqTable.ts';

const row = (over: Partial<LqRow> = {}): LqRow => ({
  region: 'BE10',
  activity: 'C21',
  employment: 12.3,
  regionShare: 0.0123456789012345,
  lq: 1.75,
  node: true,
  year: 2023,
  level: 'nace',
  missingDivisions: null,
  ...over,
});

const rowArb: fc.Arbitrary<LqRow> = fc.record({
  region: fc.constantFrom('BE10', 'BE21', 'NL32', 'EU27_2020'),
  activity: fc.constantFrom('C21', 'J62', 'Health', 'Digital'),
  employment: fc.double({ noNaN: true }),
  regionShare: fc.double({ noNaN: true }),
  lq: fc.double(),
  node: fc.boolean(),
  year: fc.integer({ min: 2008, max: 2030 }),
  level: fc.constantFrom('nace' as const, 'ecosystem' as const),
  missingDivisions: fc.option(fc.nat({ max: 20 })),
});

describe('LqTable', () => {
  it('gives back every row it was given, in order, with nulls, levels and flags as they were', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 3000 }), (rows) => {
        const table = LqTable.of(rows);
        expect(table.length).toBe(rows.length);
        expect(table.rows()).toEqual(rows);
        expect(JSON.parse(JSON.stringify(table))).toEqual(JSON.parse(JSON.stringify(rows)));
      }),
      { numRuns: 50 },
    );
  });

  it('reads each cell by index as its row holds it', () => {
    const table = LqTable.of([
      row(),
      row({ region: 'NL32', level: 'ecosystem', activity: 'Health', missingDivisions: 0, node: false }),
    ]);
    expect([
      table.regionAt(1),
      table.activityAt(1),
      table.levelAt(1),
      table.missingDivisionsAt(1),
      table.nodeAt(1),
    ]).toEqual(['NL32', 'Health', 'ecosystem', 0, false]);
    expect([table.employmentAt(0), table.regionShareAt(0), table.lqAt(0), table.yearAt(0)]).toEqual([
      12.3, 0.0123456789012345, 1.75, 2023,
    ]);
    expect(table.missingDivisionsAt(0)).toBeNull();
  });

  it('grows past its first capacity without losing rows', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => row({ employment: i, region: `R${i % 300}` }));
    const table = new LqTable();
    for (const r of rows) table.push(r);
    expect(table.rows()).toEqual(rows);
  });

  it('hands out a field over a range of rows as a fresh array', () => {
    const table = LqTable.of([row({ lq: 1 }), row({ lq: 2, missingDivisions: 3 }), row({ lq: 3 })]);
    expect(table.column('lq', 1, 3)).toEqual([2, 3]);
    expect(table.column('missingDivisions')).toEqual([null, 3, null]);
    const column = table.column('lq');
    column[0] = 99;
    expect(table.lqAt(0)).toBe(1);
  });

  it('keeps the rows whose index passes', () => {
    const table = LqTable.of([
      row({ year: 2022 }),
      row({ year: 2023, region: 'NL32' }),
      row({ year: 2022, region: 'DE71' }),
    ]);
    const kept = table.where((i) => table.yearAt(i) === 2022);
    expect(kept.rows().map((r) => r.region)).toEqual(['BE10', 'DE71']);
  });

  it('maps employment, region share and LQ, and nothing else', () => {
    const table = LqTable.of([
      row({ employment: 1.5, regionShare: 0.25, lq: 2.5, year: 2023, missingDivisions: 4 }),
    ]);
    table.mapMeasures((v) => v * 2);
    expect(table.at(0)).toMatchObject({
      employment: 3,
      regionShare: 0.5,
      lq: 5,
      year: 2023,
      missingDivisions: 4,
    });
  });
});
