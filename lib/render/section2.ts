import { type Html, html } from './escape.ts';
import type { FactsheetInput, PolicyFactsEntry, PolicyText } from './input.ts';
import { countryName } from './names.ts';

/** The factsheet's standard categories, in its order. */
export const POLICY_CATEGORIES: ReadonlyArray<{ key: keyof PolicyFactsEntry; label: string }> = [
  { key: 'type', label: 'Policy type' },
  { key: 'objectives', label: 'Policy objectives' },
  { key: 'focus', label: 'Policy focus' },
  { key: 'responsibleAuthorities', label: 'Responsible authorities' },
  { key: 'beneficiaries', label: 'Beneficiaries' },
  { key: 'instruments', label: 'Instruments' },
  { key: 'history', label: 'History' },
  { key: 'budget', label: 'Budget' },
  { key: 'evaluationResults', label: 'Policy evaluation' },
  { key: 'euAlignment', label: 'Policy alignment with the EU priorities' },
];

function cell(text: PolicyText | undefined): Html {
  if (text === undefined || text.length === 0) return html`<td>–</td>`;
  if (typeof text === 'string') return html`<td>${text}</td>`;
  return html`<td><ul class="compact">${text.map((t) => html`<li>${t}</li>`)}</ul></td>`;
}

/** Section 2: one column per policy, one row per category that any policy fills. */
export function section2(input: FactsheetInput, country: string): Html {
  const name = countryName(input, country);
  const facts = input.policies?.find((p) => p.country === country);
  const heading = html`<h2>2. National cluster policy, programmes and initiatives</h2>`;
  if (!facts || facts.policies.length === 0) {
    return html`<section id="section-2">${heading}<p class="note">No structured policy facts for ${name} are in this snapshot.</p></section>`;
  }
  const categories = POLICY_CATEGORIES.filter((c) =>
    facts.policies.some((p) => p[c.key] !== undefined && p[c.key]?.length !== 0),
  );
  return html`<section id="section-2">
${heading}
<table id="policies">
<caption>Cluster policies of ${name}</caption>
<thead><tr><th scope="col">Policy name</th>${facts.policies.map((p) => html`<th scope="col">${p.name}</th>`)}</tr></thead>
<tbody>
${categories.map((c) => html`<tr><th scope="row">${c.label}</th>${facts.policies.map((p) => cell(p[c.key]))}</tr>`)}
</tbody>
</table>
${facts.source ? html`<p class="source">Source: ${facts.source}.</p>` : ''}
</section>`;
}
