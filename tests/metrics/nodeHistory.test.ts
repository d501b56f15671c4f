import { describe, expect, it } from 'vitest';
import { nodeHistory } from '../../lib/metrics/nodeHistory.ts';
import { type LqRow, LqTable } from '../../lib/model/lqTable.ts';

/** One cell's LQ per year (null: no LQ that year); a node when LQ > 1.5 (region shares are all 5 %). */
function series(region: string, activity: string, lqs: Record<number, number | null>): LqRow[] {
  return Object.entries(lqs)
    .filter(([, lq]) => lq !== null)
    .map(([year, lq]) => ({
      region,
      activity,
      year: Number(year),
      level: 'nace' as const,
      employment: 1,
      regionShare: 0.05,
      lq: lq as number,
      node: (lq as number) > 1.5,
      missingDivisions: null,
    }));
}

const YEARS = [2019, 2020, 2021, 2022, 2023];

/** The history of these rows, kept as the location_quotients table keeps them. */
const history = (rows: LqRow[], years: number[], exclude?: Set<string>) =>
  nodeHistory(LqTable.of(rows), years, exclude);

describe('nodeHistory', () => {
  it('calls a node of the latest and the year before persistent, since the start of its unbroken run', () => {
    const rows = series('BE1', 'J62', { 2019: 1.6, 2020: 1.2, 2021: 1.7, 2022: 1.8, 2023: 1.9 });
    expect(history(rows, YEARS)).toEqual([
      {
        region: 'BE1',
        level: 'nace',
        activity: 'J62',
        firstNodeYear: 2019,
        nodeYears: 4,
        nodeSince: 2021,
        status: 'persistent',
        lqFirst: 1.6,
        lqLatest: 1.9,
      },
    ]);
  });

  it('calls a node of the latest year that was none the year before new', () => {
    const [row] = history(series('BE2', 'C21', { 2019: 1.0, 2022: 1.1, 2023: 2.0 }), YEARS);
    expect(row).toMatchObject({ status: 'new', nodeSince: 2023, firstNodeYear: 2023, nodeYears: 1 });
  });

  it('calls an earlier node with an LQ but no node in the latest year lost', () => {
    const [row] = history(series('BE3', 'G46', { 2019: 1.6, 2020: 1.6, 2023: 1.1 }), YEARS);
    expect(row).toMatchObject({ status: 'lost', nodeSince: null, nodeYears: 2, lqFirst: 1.6, lqLatest: 1.1 });
  });

  it('gives no status when the latest year has no LQ: unknown, not lost', () => {
    const [row] = history(series('BE3', 'G46', { 2019: 1.6, 2023: null }), YEARS);
    expect(row).toMatchObject({ status: null, lqLatest: null });
  });

  it('gives no status with a single year, where there is nothing to compare', () => {
    const [row] = history(series('BE1', 'J62', { 2023: 1.9 }), [2023]);
    expect(row).toMatchObject({ status: null, nodeSince: 2023, nodeYears: 1 });
  });

  it('leaves out cells never a node and the regions it is told to exclude', () => {
    const rows = [
      ...series('BE1', 'A01', { 2019: 1.0, 2023: 1.2 }),
      ...series('HR04', 'J62', { 2019: 2.0, 2023: 2.0 }),
      ...series('BE1', 'J62', { 2023: 2.0 }),
    ];
    expect(history(rows, YEARS, new Set(['HR04'])).map((r) => `${r.region} ${r.activity}`)).toEqual([
      'BE1 J62',
    ]);
  });

  it('does not count a cell with a high LQ but a small share as a node', () => {
    const rows = series('BE1', 'J62', { 2022: 2.0, 2023: 2.0 }).map((r) => ({ ...r, node: false }));
    expect(history(rows, YEARS)).toEqual([]);
  });
});
