import { type Html, html } from './escape.ts';
import { figureBlock } from './figureBlock.ts';
import type { Figure } from './figures/figure.ts';
import { CRITERIA, CRITERION_MAX } from './figures/maturity.ts';
import { maturityOverviewFigure } from './figures/maturityOverview.ts';
import { percent, score } from './format.ts';
import type { FactsheetInput } from './input.ts';
import { countryName } from './names.ts';
import { page, syntheticBanner } from './pageShell.ts';
import {
  aboveBenchmark,
  factsheetCountries,
  maturityOf,
  nodeTotal,
  organisationTotals,
  topEcosystems,
} from './reading.ts';
import { SORT_SCRIPT } from './sortScript.ts';
import { sourcesSection, syntheticInputs } from './sourcesSection.ts';

export function overviewFigure(input: FactsheetInput): Figure {
  return maturityOverviewFigure(input, factsheetCountries(input));
}

/** A number cell that sorts by its value; `–` and an empty key when there is none. */
function numberCell(value: number | null, shown = value === null ? '–' : String(value)): Html {
  return html`<td class="num" data-sort="${value === null ? '' : String(value)}">${shown}</td>`;
}

function countryRow(input: FactsheetInput, country: string, order: number): Html {
  const name = countryName(input, country);
  const top = topEcosystems(input, country);
  const above = aboveBenchmark(input, country);
  const m = maturityOf(input, country);
  const sections = input.tables.activityLevel === 'section';
  const aboveText = above.length === 0 ? '0' : `${above.length}: ${above.map((r) => r.ecosystem).join(', ')}`;
  return html`<tr data-order="${order}" data-country="${country}"><th scope="row" data-sort="${name}"><a href="${country}.html">${name}</a></th><td data-sort="${top[0]?.ecosystem ?? ''}">${top.length === 0 ? '–' : top.map((r) => `${r.ecosystem} (${percent(r.share)})`).join('; ')}</td><td data-sort="${above.length}">${aboveText}</td>${numberCell(nodeTotal(input, country, 'nace'))}${numberCell(sections ? null : nodeTotal(input, country, 'ecosystem'))}${numberCell(organisationTotals(input, country).total)}${numberCell(m ? m.total : null, m ? score(m.total) : '–')}</tr>`;
}

/** Across countries: one sortable row per country, the maturity figure, and a link to every page. */
export function renderOverviewPage(input: FactsheetInput, figure: Figure = overviewFigure(input)): string {
  const countries = factsheetCountries(input);
  const bench = countryName(input, input.benchmark);
  const max = CRITERION_MAX * CRITERIA.length;
  return page({
    title: `EU overview of the country factsheets (${input.latestYear})${input.synthetic ? ' – SYNTHETIC DATA' : ''}`,
    kicker: 'EU cluster statistics · overview',
    heading: 'EU overview',
    synthetic: input.synthetic ? syntheticBanner(syntheticInputs(input)) : null,
    script: SORT_SCRIPT,
    body: html`<nav aria-label="Factsheets"><p><a href="index.html">All countries</a></p></nav>
<p>The factsheet statistics of ${countries.length} countries side by side, reference year ${input.latestYear}, benchmark ${bench}. Select a column heading to sort the table by it (again to reverse); each country name opens its page.</p>
<section id="overview-table" class="wide">
<h2>Countries</h2>
<p id="sort-status" class="note" role="status" aria-live="polite"></p>
<table id="overview">
<caption>Per country: the three largest ecosystems by employment, the ecosystems where its share is above ${bench}'s, regionally relevant nodes at both levels, cluster organisations and the maturity of its cluster policy (out of ${max})</caption>
<thead><tr><th scope="col">Country</th><th scope="col">Top three ecosystems</th><th scope="col" data-type="number">Ecosystems above ${bench}</th><th scope="col" data-type="number">NACE nodes</th><th scope="col" data-type="number">Ecosystem nodes</th><th scope="col" data-type="number">Cluster organisations</th><th scope="col" data-type="number">Maturity</th></tr></thead>
<tbody>
${countries.map((c, i) => countryRow(input, c, i))}
</tbody>
</table>
</section>
<section id="overview-maturity-section">
<h2>Maturity of cluster policy</h2>
${figureBlock(figure)}
</section>
${sourcesSection(input)}`,
    footer: html`eucluster snapshot ${input.snapshotVersion} · reference year ${input.latestYear} · benchmark ${input.benchmark}${input.synthetic ? ' · SYNTHETIC DATA' : ''}`,
  });
}
