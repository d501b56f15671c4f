import { describe, expect, it } from 'vitest';
import { nodeTotals } from '../../lib/metrics/nodeTotals.ts';
import type { RegionNodesRow } from '../../lib/model/computedTables.ts';
import { COUNTRY_NODES } from '../../lib/snapshot/published/countryNodes.ts';
import { toCsv } from '../../lib/snapshot/tableFiles.ts';

const row = (
  region: string,
  level: 'nace' | 'ecosystem',
  nodeCount: number,
  year = 2021,
): RegionNodesRow => ({
  region,
  year,
  level,
  nodeCount,
  top5: [],
  missingCells: 0,
});

/** Belgium as the factsheet's Tables 1 and 2 give it: 11 + 6 + 7 = 24 NACE nodes, 2 + 0 + 1 = 3 ecosystem nodes. */
const BELGIUM = [
  row('BE1', 'nace', 11),
  row('BE2', 'nace', 6),
  row('BE3', 'nace', 7),
  row('BE1', 'ecosystem', 2),
  row('BE2', 'ecosystem', 0),
  row('BE3', 'ecosystem', 1),
];

describe('nodeTotals', () => {
  it('sums Belgium’s regions to the factsheet’s country totals, 24 NACE and 3 ecosystem nodes', () => {
    expect(nodeTotals(BELGIUM)).toEqual([
      { country: 'BE', year: 2021, level: 'nace', regions: 3, nodeCount: 24 },
      { country: 'BE', year: 2021, level: 'ecosystem', regions: 3, nodeCount: 3 },
    ]);
  });

  it('counts a region without nodes among the regions', () => {
    expect(nodeTotals([row('BE2', 'ecosystem', 0)])).toEqual([
      { country: 'BE', year: 2021, level: 'ecosystem', regions: 1, nodeCount: 0 },
    ]);
  });

  it('keeps countries, years and levels apart, sorted by country, year, then nace before ecosystem', () => {
    const totals = nodeTotals([
      row('DE11', 'ecosystem', 1, 2021),
      row('AT13', 'nace', 4, 2021),
      row('DE11', 'nace', 2, 2021),
      row('DE21', 'nace', 3, 2020),
      row('DE21', 'nace', 5, 2021),
    ]);
    expect(totals.map((t) => [t.country, t.year, t.level, t.regions, t.nodeCount])).toEqual([
      ['AT', 2021, 'nace', 1, 4],
      ['DE', 2020, 'nace', 1, 3],
      ['DE', 2021, 'nace', 2, 7],
      ['DE', 2021, 'ecosystem', 1, 1],
    ]);
  });

  it('groups by the given countryOf', () => {
    // e.g. a reporting unit that is not the NUTS prefix: both regions under one code
    const totals = nodeTotals([row('BE1', 'nace', 11), row('NL32', 'nace', 4)], () => 'BENELUX');
    expect(totals).toEqual([{ country: 'BENELUX', year: 2021, level: 'nace', regions: 2, nodeCount: 15 }]);
  });

  it('gives no rows for no regions', () => {
    expect(nodeTotals([])).toEqual([]);
  });
});

describe('COUNTRY_NODES', () => {
  it('writes country,year,level,regions,node_count', () => {
    expect(toCsv(COUNTRY_NODES, nodeTotals(BELGIUM)).toString()).toBe(
      'country,year,level,regions,node_count\nBE,2021,nace,3,24\nBE,2021,ecosystem,3,3\n',
    );
  });
});
