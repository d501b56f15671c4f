import { type Html, html } from './escape.ts';
import type { FactsheetInput } from './input.ts';

/** Every input of the snapshot with its version, and the snapshot itself. */
export function sourcesSection(input: FactsheetInput): Html {
  return html`<section id="sources">
<h2>Sources</h2>
<p>Computed by eucluster, snapshot <strong>${input.snapshotVersion}</strong>, reference year ${input.latestYear}, benchmark ${input.benchmark}.</p>
<table id="source-list">
<thead><tr><th scope="col">Input</th><th scope="col">Dataset</th><th scope="col">Title</th><th scope="col">Last update</th><th scope="col">Synthetic</th></tr></thead>
<tbody>
${input.sources.map(
  (s) =>
    html`<tr><td>${s.role}</td><td>${s.dataset}</td><td>${s.title ?? '–'}</td><td>${s.lastUpdate ?? 'not recorded'}</td><td>${s.synthetic ? html`<strong>SYNTHETIC</strong>` : 'no'}</td></tr>`,
)}
</tbody>
</table>
</section>`;
}

export function syntheticInputs(input: FactsheetInput): string[] {
  return input.sources.filter((s) => s.synthetic).map((s) => s.dataset);
}
