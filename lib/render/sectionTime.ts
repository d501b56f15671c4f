import { changeSentences, yearSpan } from './changesText.ts';
import { type Html, html } from './escape.ts';
import { figureBlock } from './figureBlock.ts';
import type { Figure } from './figures/figure.ts';
import type { FactsheetInput } from './input.ts';
import { activityName, countryName, regionName } from './names.ts';
import { nodeStrips, seriesYears } from './series.ts';
import { sourceLine } from './sources.ts';

/** A mark a screen reader reads as a word: the dot is decoration, the hidden word is the content. */
const NODE = html`<span aria-hidden="true">●</span><span class="sr">node</span>`;
const NO_NODE = html`<span class="sr">no node</span>`;

/** The year-by-node strip of one level: a row per region and activity that was ever a node, a column per year. */
function stripTable(input: FactsheetInput, country: string, level: 'nace' | 'ecosystem'): Html {
  const years = seriesYears(input);
  const strips = nodeStrips(input, country, level).filter((s) => s.rows.length > 0);
  const what = level === 'nace' ? 'NACE' : 'ecosystem';
  if (strips.length === 0)
    return html`<p class="note">No region of ${countryName(input, country)} was a regionally relevant ${what} node in any year.</p>`;
  const body = strips.map((s) =>
    s.rows.map(
      (r, i) =>
        html`<tr data-region="${s.region}" data-activity="${r.activity}">${i === 0 ? html`<th scope="rowgroup" rowspan="${s.rows.length}">${regionName(input, s.region)}</th>` : ''}<th scope="row">${activityName(input, r.activity, level)}</th>${r.node.map((on) => (on ? html`<td class="on">${NODE}</td>` : html`<td>${NO_NODE}</td>`))}</tr>`,
    ),
  );
  return html`<div class="strip"><table id="strip-${level}" class="strip">
<caption>Regionally relevant ${what} nodes by year, ${yearSpan(input)} (● a node that year)</caption>
<thead><tr><th scope="col">Region</th><th scope="col">${level === 'nace' ? 'Activity' : 'Ecosystem'}</th>${years.map((y) => html`<th scope="col" class="year">${y}</th>`)}</tr></thead>
<tbody>
${body}
</tbody>
</table></div>`;
}

/** Over time: the largest ecosystems across the years, what changed since last year, and the node strips. */
export function sectionTime(input: FactsheetInput, country: string, figure: Figure | undefined): Html {
  if (!input.series || !figure) return html``;
  const name = countryName(input, country);
  const sections = input.tables.activityLevel === 'section';
  return html`<section id="section-time">
<h2>4. Over time</h2>
<p>The snapshot computes every year its sources hold (${yearSpan(input)}); a yearly edition of the factsheet shows one. This part compares the years.</p>
<div class="keep">
<h3>What changed since the previous year</h3>
<ul id="changes" class="compact">
${changeSentences(input, country).map((s) => html`<li>${s}</li>`)}
</ul>
</div>
<div class="keep">
<h3>The five largest ecosystems over time</h3>
<p>${name}'s five largest ecosystems in ${input.latestYear}, their employment share every year against ${countryName(input, input.benchmark)}'s.</p>
${figureBlock(figure)}
</div>
<h3>Regionally relevant nodes by year</h3>
<p>For every region, each activity that was a regionally relevant node in at least one year (see the node tables above), and the years in which it was one; most node years first.</p>
${stripTable(input, country, 'nace')}
${sections ? '' : stripTable(input, country, 'ecosystem')}
<p class="source">${sourceLine(input, 'nodes', country)}</p>
</section>`;
}
