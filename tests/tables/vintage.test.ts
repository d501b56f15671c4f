import { describe, expect, it } from 'vitest';
import type { Cube, CubeCells } from '../../lib/eurostat/parse/cube.ts';
import { vintageCheck } from '../../lib/tables/vintage.ts';

/** Regional totals (invented figures) by code → year → value; null is `:`. */
function totals(rows: Record<string, Record<string, number | null>>): Cube {
  const cells: CubeCells = new Map();
  for (const [geo, byYear] of Object.entries(rows)) {
    cells.set(
      geo,
      new Map([['', new Map(Object.entries(byYear).map(([y, v]) => [y, { value: v, flags: '' }]))]]),
    );
  }
  return { file: 'totals.tsv', cells, periodsWithData: new Set(['2015', '2016', '2017']), kept: 1 };
}

const YEARS = ['2015', '2016', '2017'];

describe('vintageCheck', () => {
  it('names codes that stop where others in the same country and level start, and excludes them and their aggregates', () => {
    const cube = totals({
      HR0: { 2015: 10, 2016: 10, 2017: 10 },
      HR03: { 2015: 5, 2016: 5, 2017: 5 },
      HR04: { 2015: 5, 2016: null, 2017: null },
      HR02: { 2015: null, 2016: 2, 2017: 2 },
      HR05: { 2015: null, 2016: 3, 2017: 3 },
    });
    const v = vintageCheck(cube, YEARS);
    expect([...v.unstable].sort()).toEqual(['HR0', 'HR02', 'HR04', 'HR05']);
    expect(v.notices).toHaveLength(1);
    expect(v.notices[0]?.message).toContain(
      'totals.tsv mixes NUTS versions across the years (HR04 until 2015; HR02 from 2016, HR05 from 2016)',
    );
  });

  it('finds nothing in a source back-cast to one version, gaps in one code included', () => {
    const cube = totals({
      BE21: { 2015: 5, 2016: 5, 2017: 5 },
      BE22: { 2015: null, 2016: 5, 2017: 5 },
      BE23: { 2015: 5, 2016: 5, 2017: 5 },
    });
    expect(vintageCheck(cube, YEARS)).toEqual({ unstable: new Set(), notices: [] });
  });

  it("takes a code's years from all its activities together, and only the years computed", () => {
    // HR04 stops in 2016 in A and B but has C in 2017; HR02 starts in 2016 in A only, its 2015 value in C
    // lies outside the years computed (2016, 2017) once 2015 is left out.
    const series = (byYear: Record<string, number | null>) =>
      new Map(Object.entries(byYear).map(([y, v]) => [y, { value: v, flags: '' }]));
    const cells: CubeCells = new Map([
      [
        'HR04',
        new Map([
          ['A', series({ 2015: 1, 2016: 1, 2017: null })],
          ['B', series({ 2016: 1 })],
          ['C', series({ 2017: 1 })],
        ]),
      ],
      [
        'HR02',
        new Map([
          ['A', series({ 2016: null, 2017: 2 })],
          ['C', series({ 2015: 2, 2016: 2 })],
        ]),
      ],
    ]);
    const cube: Cube = { file: 'regional.tsv', cells, periodsWithData: new Set(YEARS), kept: 1 };
    expect(vintageCheck(cube, YEARS).notices).toEqual([]);
    expect(vintageCheck(cube, ['2016', '2017']).notices).toEqual([]);
    // Without C, HR04 ends in 2016 where HR02 starts in 2017 (years 2016–2017 only).
    for (const byActivity of cells.values()) byActivity.delete('C');
    expect([...vintageCheck(cube, ['2016', '2017']).unstable].sort()).toEqual(['HR02', 'HR04']);
  });

  it('finds nothing with a single year', () => {
    const cube = totals({ HR04: { 2015: 5 }, HR02: { 2016: 2 } });
    expect(vintageCheck(cube, ['2016']).notices).toEqual([]);
  });
});
