import { type Html, html } from './escape.ts';
import { figureBlock } from './figureBlock.ts';
import type { Figure } from './figures/figure.ts';
import { CRITERIA, CRITERION_MAX } from './figures/maturity.ts';
import { score } from './format.ts';
import type { FactsheetInput } from './input.ts';
import { countryName } from './names.ts';
import { maturityOf, organisationsByPartnership } from './reading.ts';
import { sourceLine } from './sources.ts';

function maturityBlock(input: FactsheetInput, country: string, figure: Figure | undefined): Html {
  const name = countryName(input, country);
  const m = maturityOf(input, country);
  if (!m || !figure)
    return html`<p class="note">No maturity assessment for ${name}: no policy facts in the input.</p>`;
  const max = CRITERION_MAX * CRITERIA.length;
  return html`<p>The maturity assessment scores four criteria from the policy facts (0, 0.5, 1 or 2 points each). It does not measure the performance of a country, only the degree of development of its cluster policy. The total score of ${name} is ${score(m.total)} points out of ${max} (as assessed on ${m.assessedOn}).</p>
<table id="maturity">
<caption>Maturity assessment – ${name}</caption>
<thead><tr><th scope="col">Criterion</th><th scope="col" class="num">Max score</th><th scope="col" class="num">Actual score</th></tr></thead>
<tbody>
${CRITERIA.map((c) => html`<tr><th scope="row">${c.label}</th><td class="num">${CRITERION_MAX}</td><td class="num">${score(m[c.key])}</td></tr>`)}
<tr class="total"><th scope="row">Total</th><td class="num">${max}</td><td class="num" id="maturity-total">${score(m.total)}</td></tr>
</tbody>
</table>
<p class="source">${sourceLine(input, 'maturity', country)}</p>
${figureBlock(figure)}`;
}

function cooperationBlock(input: FactsheetInput, country: string): Html {
  const partnerships = organisationsByPartnership(input, country);
  const rows = (input.cooperation ?? []).filter((r) => r.country === country);
  if (partnerships.length === 0 && rows.length === 0) return html``;
  const name = countryName(input, country);
  const counted =
    partnerships.length === 0
      ? ''
      : html`<table id="partnerships">
<caption>Cluster organisations of ${name} in EU cluster partnerships</caption>
<thead><tr><th scope="col">Partnership</th><th scope="col" class="num">Cluster organisations</th></tr></thead>
<tbody>
${partnerships.map((p) => html`<tr><th scope="row">${p.key}</th><td class="num">${p.count}</td></tr>`)}
</tbody>
</table>
<p class="source">${sourceLine(input, 'organisations', country)}</p>`;
  const num = (n: number | undefined) => (n === undefined ? '–' : String(n));
  const consortia =
    rows.length === 0
      ? ''
      : html`<table id="cooperation">
<caption>Consortia with organisations from ${name}, by programme</caption>
<thead><tr><th scope="col">Programme</th><th scope="col" class="num">Consortia</th><th scope="col" class="num">Organisations</th><th scope="col">Partner countries</th></tr></thead>
<tbody>
${rows.map(
  (r) =>
    html`<tr><th scope="row">${r.programme}</th><td class="num">${num(r.consortia)}</td><td class="num">${num(r.organisations)}</td><td>${r.partnerCountries && r.partnerCountries.length > 0 ? `${r.partnerCountries.length} (${r.partnerCountries.join(', ')})` : '–'}</td></tr>`,
)}
</tbody>
</table>`;
  return html`<h3>Cross-regional and international cooperation</h3>
${counted}
${consortia}`;
}

export function section3(input: FactsheetInput, country: string, maturity: Figure | undefined): Html {
  return html`<section id="section-3">
<h2>3. State of play of cluster policy</h2>
${maturityBlock(input, country, maturity)}
${cooperationBlock(input, country)}
</section>`;
}
