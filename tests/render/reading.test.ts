import { describe, expect, it } from 'vitest';
import {
  aboveBenchmark,
  ecosystemsInOrder,
  factsheetCountries,
  nodeTotal,
  organisationsByRegion,
  regionNodes,
  rowsOfGeo,
  topEcosystems,
} from '../../lib/render/reading.ts';
import { smallInput } from './fixture.ts';

describe('what a factsheet page reads from the tables', () => {
  it('makes a page for every country with ecosystem employment, not for the benchmark', () => {
    expect(factsheetCountries(smallInput())).toEqual(['BE', 'NL']);
  });

  it("orders the ecosystems by the country's employment, largest first", () => {
    expect(ecosystemsInOrder(smallInput(), 'BE').map((r) => r.ecosystem)).toEqual([
      'Health',
      'Construction',
      'Retail',
      'Digital',
      'Tourism',
    ]);
  });

  it('puts an ecosystem with missing employment last', () => {
    expect(ecosystemsInOrder(smallInput(), 'NL').map((r) => r.ecosystem)).toEqual([
      'Retail',
      'Construction',
      'Health',
      'Digital',
      'Tourism',
    ]);
  });

  it('names the three largest ecosystems by employment', () => {
    expect(topEcosystems(smallInput(), 'BE').map((r) => r.ecosystem)).toEqual([
      'Health',
      'Construction',
      'Retail',
    ]);
  });

  it('lists where the country is above the benchmark, in its employment order', () => {
    expect(aboveBenchmark(smallInput(), 'BE').map((r) => r.ecosystem)).toEqual([
      'Health',
      'Construction',
      'Digital',
    ]);
  });

  it("takes the country's regions at one level, by code", () => {
    expect(regionNodes(smallInput(), 'BE', 'nace').map((r) => r.region)).toEqual(['BE1', 'BE2']);
  });

  it('sums the nodes of the regions for the country total', () => {
    expect(nodeTotal(smallInput(), 'BE', 'nace')).toBe(3);
  });

  it('uses a supplied country node total over the sum of its regions', () => {
    const input = smallInput({ nodeTotals: [{ country: 'BE', level: 'nace', nodeCount: 24 }] });
    expect(nodeTotal(input, 'BE', 'nace')).toBe(24);
  });

  it('lists organisations per region with the most first', () => {
    expect(organisationsByRegion(smallInput(), 'BE').map((r) => [r.key, r.count])).toEqual([
      ['BE2', 5],
      ['BE1', 3],
    ]);
  });

  it("gives one geography's rows in the table's order, and none for a geography the table lacks", () => {
    const rows = [
      { geo: 'BE', n: 1 },
      { geo: 'NL', n: 2 },
      { geo: 'BE', n: 3 },
    ];
    expect(rowsOfGeo(rows, 'BE')).toEqual([rows[0], rows[2]]);
    expect(rowsOfGeo(rows, 'NL')).toEqual([rows[1]]);
    expect(rowsOfGeo(rows, 'DE')).toEqual([]);
  });

  it('groups each table on its own', () => {
    expect(rowsOfGeo([{ geo: 'BE', n: 1 }], 'BE')).toEqual([{ geo: 'BE', n: 1 }]);
    expect(rowsOfGeo([{ geo: 'BE', n: 2 }], 'BE')).toEqual([{ geo: 'BE', n: 2 }]);
  });
});
