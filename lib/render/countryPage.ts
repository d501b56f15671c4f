import { html } from './escape.ts';
import { ecosystemsFigure } from './figures/ecosystems.ts';
import type { Figure } from './figures/figure.ts';
import { maturityFigure } from './figures/maturity.ts';
import { organisationsFigure } from './figures/organisations.ts';
import { shareSeriesFigure } from './figures/shareSeries.ts';
import type { FactsheetInput } from './input.ts';
import { countryName } from './names.ts';
import { page, syntheticBanner } from './pageShell.ts';
import { maturityOf } from './reading.ts';
import { section1 } from './section1.ts';
import { section2 } from './section2.ts';
import { section3 } from './section3.ts';
import { sectionTime } from './sectionTime.ts';
import { sourcesSection, syntheticInputs } from './sourcesSection.ts';

export interface CountryFigures {
  ecosystems: Figure;
  organisations: Figure;
  /** Only when the country has a maturity score. */
  maturity?: Figure;
  /** Only when the input carries the series. */
  series?: Figure;
}

export function countryFigures(input: FactsheetInput, country: string): CountryFigures {
  const m = maturityOf(input, country);
  return {
    ecosystems: ecosystemsFigure(input, country),
    organisations: organisationsFigure(input, country),
    ...(m ? { maturity: maturityFigure(input, m) } : {}),
    ...(input.series ? { series: shareSeriesFigure(input, country) } : {}),
  };
}

/** One country's factsheet page: self-contained HTML, the figures inline. */
export function renderCountryPage(
  input: FactsheetInput,
  country: string,
  figures: CountryFigures = countryFigures(input, country),
): string {
  const name = countryName(input, country);
  return page({
    title: `Country factsheet: ${name} (${input.latestYear})${input.synthetic ? ' – SYNTHETIC DATA' : ''}`,
    kicker: 'EU cluster statistics · country factsheet',
    heading: name,
    synthetic: input.synthetic ? syntheticBanner(syntheticInputs(input)) : null,
    body: html`<nav aria-label="Factsheets"><p><a href="index.html">All countries</a> · <a href="overview.html">EU overview</a></p></nav>
<p>Statistics of the country factsheet on cluster policy for ${name}, recomputed from the sources for the reference year ${input.latestYear}, with ${input.benchmark} as the benchmark.</p>
${section1(input, country, figures)}
${section2(input, country)}
${section3(input, country, figures.maturity)}
${sectionTime(input, country, figures.series)}
${sourcesSection(input)}`,
    footer: html`eucluster snapshot ${input.snapshotVersion} · reference year ${input.latestYear} · benchmark ${input.benchmark}${input.synthetic ? ' · SYNTHETIC DATA' : ''}`,
  });
}
