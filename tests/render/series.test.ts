import { describe, expect, it } from 'vitest';
import { changeSentences, ordinal } from '../../lib/render/changesText.ts';
import { renderCountryPage } from '../../lib/render/index.ts';
import {
  benchmarkCrossings,
  nodeChanges,
  nodeStrips,
  nodesInYear,
  rankMoves,
  shareSeries,
} from '../../lib/render/series.ts';
import { seriesInput, smallInput } from './fixture.ts';

describe('shareSeries', () => {
  it("gives the country's largest ecosystems of the reference year, with both shares every year", () => {
    const series = shareSeries(seriesInput(), 'BE', 2);
    expect(series.map((s) => s.ecosystem)).toEqual(['Health', 'Construction']);
    expect(series[1]?.points.map((p) => [p.year, p.share?.toFixed(4), p.benchmarkShare?.toFixed(4)])).toEqual(
      [
        [2022, (110 / 620).toFixed(4), (110 / 600).toFixed(4)],
        [2023, (120 / 600).toFixed(4), (110 / 600).toFixed(4)],
      ],
    );
  });
});

describe('rankMoves and benchmarkCrossings', () => {
  it('names the ecosystems whose rank changed since the previous year, by their new rank', () => {
    expect(rankMoves(seriesInput(), 'BE')).toEqual([
      { ecosystem: 'Construction', from: 3, to: 2 },
      { ecosystem: 'Retail', from: 2, to: 3 },
    ]);
  });

  it('names the ecosystems whose share crossed the benchmark', () => {
    expect(benchmarkCrossings(seriesInput(), 'BE')).toEqual([{ ecosystem: 'Construction', above: true }]);
  });

  it('finds nothing to compare with one year', () => {
    expect(rankMoves(smallInput(), 'BE')).toEqual([]);
    expect(benchmarkCrossings(smallInput(), 'BE')).toEqual([]);
  });
});

describe('nodeChanges', () => {
  it('reports gained (node_history new) and lost nodes, not a node whose latest year has no LQ', () => {
    expect(nodeChanges(seriesInput(), 'BE', 'nace')).toEqual([
      { region: 'BE1', gained: ['M70'], lost: [] },
      { region: 'BE2', gained: [], lost: ['Q86'] },
    ]);
    expect(nodeChanges(seriesInput(), 'BE', 'ecosystem')).toEqual([]);
  });

  it("counts the country's nodes in a year", () => {
    expect([2022, 2023].map((y) => nodesInYear(seriesInput(), 'BE', 'nace', y))).toEqual([3, 2]);
  });
});

describe('nodeStrips', () => {
  it('gives per region every activity that was ever a node, most node years first, and its node years', () => {
    const strips = nodeStrips(seriesInput(), 'BE', 'nace');
    expect(strips).toEqual([
      {
        region: 'BE1',
        rows: [
          { activity: 'U99', nodeYears: 2, node: [true, true] },
          { activity: 'C20', nodeYears: 1, node: [true, false] },
          { activity: 'M70', nodeYears: 1, node: [false, true] },
        ],
      },
      { region: 'BE2', rows: [{ activity: 'Q86', nodeYears: 1, node: [true, false] }] },
    ]);
  });
});

describe('changeSentences', () => {
  it('says what changed since the previous year, as a factsheet author would', () => {
    expect(changeSentences(seriesInput(), 'BE')).toEqual([
      "Since 2022, “Construction” moved up from 3rd to 2nd and “Retail” moved down from 2nd to 3rd among Belgium's ecosystems by employment.",
      "Belgium's share is now above EU27's in “Construction”.",
      'BE1: Brussels Region gained the NACE node M70.',
      'BE2: Flemish Region lost the NACE node Q86 – Human health activities.',
      'Belgium counts 2 NACE nodes in 2023, against 3 in 2022.',
      'No region of Belgium gained or lost an ecosystem node since 2022; Belgium counts 1 ecosystem node.',
    ]);
  });

  it('says there is nothing to compare with when the snapshot holds one year', () => {
    expect(changeSentences(smallInput(), 'BE')).toEqual([
      'The snapshot holds one year (2023) only: there is no earlier year to compare with.',
    ]);
  });

  it('writes ordinals in English', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101].map(ordinal)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '23rd',
      '101st',
    ]);
  });
});

describe('the over-time section of a country page', () => {
  it('shows the changes, the series figure with its data link, and the node strip', () => {
    const page = renderCountryPage(seriesInput(), 'BE');
    expect(page).toContain('<h2>4. Over time</h2>');
    expect(page).toContain('<li>BE1: Brussels Region gained the NACE node M70.</li>');
    expect(page).toContain('<svg id="BE-ecosystems-series" role="img"');
    expect(page).toContain('<a href="../figures/BE-ecosystems-series.csv">Data (CSV)</a>');
    expect(page).toMatch(
      /<tr data-region="BE2" data-activity="Q86"><th scope="rowgroup" rowspan="1">BE2: Flemish Region<\/th><th scope="row">Q86 – Human health activities<\/th><td class="on">.*?<\/td><td><span class="sr">no node<\/span><\/td><\/tr>/,
    );
  });

  it('is left out without a series', () => {
    expect(renderCountryPage(smallInput(), 'BE')).not.toContain('section-time');
  });
});
