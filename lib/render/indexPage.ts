import { html } from './escape.ts';
import type { FactsheetInput } from './input.ts';
import { countryName } from './names.ts';
import { page, syntheticBanner } from './pageShell.ts';
import { factsheetCountries } from './reading.ts';
import { sourcesSection, syntheticInputs } from './sourcesSection.ts';

/** The index: one link per country page (siblings in `pages/`). */
export function renderIndexPage(input: FactsheetInput): string {
  const countries = factsheetCountries(input);
  return page({
    title: `Country factsheets (${input.latestYear})${input.synthetic ? ' – SYNTHETIC DATA' : ''}`,
    kicker: 'EU cluster statistics',
    heading: 'Country factsheets',
    synthetic: input.synthetic ? syntheticBanner(syntheticInputs(input)) : null,
    body: html`<p>Factsheet statistics for ${countries.length} countries, reference year ${input.latestYear}, benchmark ${input.benchmark}. The <a href="overview.html" id="overview-link">EU overview</a> puts them side by side.</p>
<ul class="countries" id="countries">
${countries.map((c) => html`<li><a href="${c}.html">${countryName(input, c)}</a> (${c})</li>`)}
</ul>
${sourcesSection(input)}`,
    footer: html`eucluster snapshot ${input.snapshotVersion}${input.synthetic ? ' · SYNTHETIC DATA' : ''}`,
  });
}
