import { type Html, html, raw } from './escape.ts';
import type { Figure } from './figures/figure.ts';

/** An inline figure with its text alternative and links to the figure file and the numbers behind it. */
export function figureBlock(f: Figure): Html {
  return html`<figure id="figure-${f.id}">
${raw(f.svg)}
<figcaption><span class="alt">${f.alt}</span> <span class="files"><a href="../figures/${f.id}.svg">SVG file</a> · <a href="../figures/${f.id}.csv">Data (CSV)</a></span></figcaption>
</figure>`;
}
