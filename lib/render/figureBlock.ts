import { type Html, html, raw } from './escape.ts';
import type { Figure } from './figures/figure.ts';

/** An inline figure with its text alternative and a link to the figure file. */
export function figureBlock(f: Figure): Html {
  return html`<figure id="figure-${f.id}">
${raw(f.svg)}
<figcaption><span class="alt">${f.alt}</span> <a href="../figures/${f.id}.svg">SVG file</a></figcaption>
</figure>`;
}
