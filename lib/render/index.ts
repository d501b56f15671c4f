import { countryFigures, renderCountryPage } from './countryPage.ts';
import { renderIndexPage } from './indexPage.ts';
import type { FactsheetInput, RenderedFile } from './input.ts';
import { factsheetCountries } from './reading.ts';

export { renderCountryPage } from './countryPage.ts';
export { renderIndexPage } from './indexPage.ts';
export type * from './input.ts';

const utf8 = (text: string) => Buffer.from(text, 'utf8');

/**
 * Every file of the rendered factsheets, relative to the snapshot version's folder: `pages/index.html`,
 * `pages/<CC>.html` for every country with ecosystem employment (the benchmark excepted), and the figures as
 * standalone SVG files `figures/<CC>-ecosystems.svg`, `-organisations.svg` and `-maturity.svg` (only with a
 * maturity score). The pages carry the same SVG inline, so each stands alone. Pure: same input, same bytes.
 */
export function renderFactsheets(input: FactsheetInput): RenderedFile[] {
  const files: RenderedFile[] = [
    {
      path: 'pages/index.html',
      content: utf8(renderIndexPage(input)),
      description: 'Index of the factsheet pages (HTML)',
    },
  ];
  for (const country of factsheetCountries(input)) {
    const figures = countryFigures(input, country);
    files.push({
      path: `pages/${country}.html`,
      content: utf8(renderCountryPage(input, country, figures)),
      description: `Factsheet page of ${country} (self-contained HTML, figures inline)`,
    });
    for (const f of [figures.ecosystems, figures.organisations, figures.maturity]) {
      if (f)
        files.push({
          path: `figures/${f.id}.svg`,
          content: utf8(svgFile(f.svg)),
          description: `Figure ${f.id} of the factsheet page of ${country} (SVG)`,
        });
    }
  }
  return files;
}

/** A standalone SVG file: the XML declaration, then the same markup the page embeds. */
function svgFile(svg: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`;
}
