import { countryFigures, renderCountryPage } from './countryPage.ts';
import { figureCsv } from './figureData.ts';
import type { Figure } from './figures/figure.ts';
import { renderIndexPage } from './indexPage.ts';
import type { FactsheetInput, RenderedFile } from './input.ts';
import { countryName } from './names.ts';
import { overviewFigure, renderOverviewPage } from './overviewPage.ts';
import { factsheetCountries } from './reading.ts';

export { renderCountryPage } from './countryPage.ts';
export { renderIndexPage } from './indexPage.ts';
export type * from './input.ts';
export { renderOverviewPage } from './overviewPage.ts';

const utf8 = (text: string) => Buffer.from(text, 'utf8');

/**
 * Every file of the rendered factsheets, relative to the snapshot version's folder: `pages/index.html`,
 * `pages/overview.html` (every country side by side), `pages/<CC>.html` for every country with ecosystem
 * employment (the benchmark excepted), and each figure as a standalone SVG file with the numbers it draws
 * beside it as CSV (`figures/<id>.svg`, `figures/<id>.csv`): per country `-ecosystems`, `-organisations`,
 * `-maturity` (only with a maturity score) and `-ecosystems-series` (with the series), and
 * `overview-maturity`. The pages carry the same SVG inline, so each stands alone. Each file has a description
 * for the manifest. Pure: same input, same bytes.
 */
export function renderFactsheets(input: FactsheetInput): RenderedFile[] {
  const overview = overviewFigure(input);
  const files: RenderedFile[] = [
    {
      path: 'pages/index.html',
      content: utf8(renderIndexPage(input)),
      description: 'Factsheet index: a link to every country page and to the overview',
    },
    {
      path: 'pages/overview.html',
      content: utf8(renderOverviewPage(input, overview)),
      description: 'EU overview: every country side by side in a sortable table, and maturity by country',
    },
    ...figureFiles(overview, 'the EU overview'),
  ];
  for (const country of factsheetCountries(input)) {
    const figures = countryFigures(input, country);
    const name = countryName(input, country);
    files.push({
      path: `pages/${country}.html`,
      content: utf8(renderCountryPage(input, country, figures)),
      description: `Country factsheet page: ${name}`,
    });
    for (const f of [figures.ecosystems, figures.organisations, figures.maturity, figures.series]) {
      if (f) files.push(...figureFiles(f, `the ${name} page`));
    }
  }
  return files;
}

/** A figure's SVG file and its numbers as CSV. */
function figureFiles(f: Figure, on: string): RenderedFile[] {
  return [
    {
      path: `figures/${f.id}.svg`,
      content: utf8(svgFile(f.svg)),
      description: `${f.title} (figure of ${on})`,
    },
    {
      path: `figures/${f.id}.csv`,
      content: figureCsv(f.data),
      description: `The numbers behind "${f.title}" (figure of ${on})`,
    },
  ];
}

/** A standalone SVG file: the XML declaration, then the same markup the page embeds. */
function svgFile(svg: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`;
}
