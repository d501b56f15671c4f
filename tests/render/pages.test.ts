import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  renderCountryPage,
  renderFactsheets,
  renderIndexPage,
  renderOverviewPage,
} from '../../lib/render/index.ts';
import { formatScalar } from '../../lib/snapshot/tableFiles.ts';
import { seriesInput, smallInput } from './fixture.ts';

const HOSTILE = '<script>alert("x")</script> & Co';

describe('country page', () => {
  it('reads Figure 1: the three largest ecosystems and where the country is above the benchmark', () => {
    const page = renderCountryPage(smallInput(), 'BE');
    expect(page).toContain(
      'The three largest ecosystems by employment in Belgium are “Health” (50.0 %), “Construction” (20.0 %) and “Retail” (16.7 %).',
    );
    expect(page).toContain(
      'Belgium has a higher employment share than EU27 in 3 ecosystems, which indicates a relative strength there: ' +
        '“Health” (50.0 % against 33.3 %), “Construction” (20.0 % against 18.3 %) and “Digital” (10.0 % against 8.3 %).',
    );
  });

  it('says so when the country is above the benchmark nowhere', () => {
    const input = smallInput();
    for (const r of input.tables.ecosystemEmployment) if (r.geo === 'BE') r.specialised = false;
    expect(renderCountryPage(input, 'BE')).toContain(
      'In no ecosystem is Belgium&#39;s employment share higher than EU27&#39;s.',
    );
  });

  it('lists the nodes of each region with region and activity names, and the country total', () => {
    const page = renderCountryPage(smallInput(), 'BE');
    expect(page).toContain('<th scope="row">BE1: Brussels Region</th><td class="num nodes">2</td>');
    expect(page).toContain('<td>U99 – Activities of extraterritorial organisations</td>');
    expect(page).toContain('<th scope="row">Belgium (total)</th><td class="num nodes">3</td>');
  });

  it('shows the member mix against the EU', () => {
    expect(renderCountryPage(smallInput(), 'BE')).toContain(
      '<th scope="row">SMEs</th><td class="num">77.0 %</td><td class="num">84.0 %</td>',
    );
  });

  it('embeds the three figures inline, not as images', () => {
    const page = renderCountryPage(smallInput(), 'BE');
    for (const id of ['BE-ecosystems', 'BE-organisations', 'BE-maturity']) {
      expect(page).toContain(`<svg id="${id}" role="img"`);
    }
    expect(page).not.toMatch(/<img\b/);
  });

  it('loads nothing: no script, no external stylesheet, font or image, and a policy that forbids them', () => {
    const page = renderCountryPage(smallInput(), 'BE');
    expect(page).not.toMatch(/<script\b|<link rel="stylesheet"|@import|url\(|src="http/);
    expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  });

  it('escapes names that come from input files, in the text and in the figures', () => {
    const input = smallInput();
    input.names.regions = new Map([['BE1', HOSTILE]]);
    input.names.countries = new Map([['BE', HOSTILE]]);
    const page = renderCountryPage(input, 'BE');
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
  });

  it('carries a SYNTHETIC banner naming the synthetic inputs when any input is synthetic', () => {
    const page = renderCountryPage(smallInput(), 'BE');
    expect(page).toContain('<strong>SYNTHETIC DATA</strong>');
    expect(page).toContain('Synthetic inputs: lfsa_egan22d.');
  });

  it('carries no SYNTHETIC banner when no input is synthetic', () => {
    const input = smallInput({ synthetic: false });
    expect(renderCountryPage(input, 'BE')).not.toContain('SYNTHETIC DATA');
  });

  it('shows the policy facts of section 2 by category, when they are given', () => {
    const input = smallInput({
      policies: [
        {
          country: 'BE',
          source: 'ECCP factsheet Belgium (2022)',
          policies: [
            {
              name: 'Flanders Innovation Clusters Policy',
              type: 'Regional cluster policy',
              focus: 'Sectoral',
            },
            { name: 'Walloon Competitive Clusters Policy', objectives: ['Internationalisation', 'R&D'] },
          ],
        },
      ],
    });
    const page = renderCountryPage(input, 'BE');
    expect(page).toContain('<th scope="col">Flanders Innovation Clusters Policy</th>');
    expect(page).toContain('<th scope="row">Policy focus</th><td>Sectoral</td><td>–</td>');
    expect(page).toContain('<li>R&amp;D</li>');
    expect(page).not.toContain('<th scope="row">Budget</th>');
  });

  it('says that section 2 has no facts when none are given', () => {
    expect(renderCountryPage(smallInput(), 'BE')).toContain(
      'No structured policy facts for Belgium are in this snapshot.',
    );
  });

  it('shows the maturity table with its total out of 8', () => {
    expect(renderCountryPage(smallInput(), 'BE')).toContain(
      '<th scope="row">Total</th><td class="num">8</td><td class="num" id="maturity-total">7</td>',
    );
  });

  it('shows cooperation by programme when it is given', () => {
    const input = smallInput({
      cooperation: [
        {
          country: 'BE',
          programme: 'ESCP-4i',
          consortia: 33,
          organisations: 21,
          partnerCountries: ['FR', 'DE'],
        },
      ],
    });
    expect(renderCountryPage(input, 'BE')).toContain(
      '<th scope="row">ESCP-4i</th><td class="num">33</td><td class="num">21</td><td>2 (FR, DE)</td>',
    );
  });

  it('names every source with its last update, and the snapshot version', () => {
    const page = renderCountryPage(smallInput(), 'BE');
    expect(page).toContain(
      '<td>lfsa_egan22d</td><td>–</td><td>2024-04-25</td><td><strong>SYNTHETIC</strong></td>',
    );
    expect(page).toContain('snapshot <strong>20260301T120000Z-0123456789ab</strong>');
  });
});

describe('overview page', () => {
  it('has one row per country with its top three, ecosystems above the benchmark, nodes, organisations and maturity', () => {
    const page = renderOverviewPage(smallInput());
    expect(page).toContain(
      '<tr data-order="0" data-country="BE"><th scope="row" data-sort="Belgium"><a href="BE.html">Belgium</a></th>' +
        '<td data-sort="Health">Health (50.0 %); Construction (20.0 %); Retail (16.7 %)</td>' +
        '<td data-sort="3">3: Health, Construction, Digital</td>' +
        '<td class="num" data-sort="3">3</td><td class="num" data-sort="1">1</td><td class="num" data-sort="9">9</td>' +
        '<td class="num" data-sort="7">7</td></tr>',
    );
    expect(page).toContain('<tr data-order="1" data-country="NL">');
    expect(page).toMatch(/<td class="num" data-sort="">–<\/td><\/tr>\n<\/tbody>/);
  });

  it('runs only its own sorting script, admitted by its hash in the Content-Security-Policy', () => {
    const page = renderOverviewPage(smallInput());
    const scripts = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] as string);
    expect(scripts).toHaveLength(1);
    const hash = createHash('sha256')
      .update(scripts[0] as string)
      .digest('base64');
    expect(page).toContain(
      `content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${hash}'"`,
    );
  });

  it('shows the maturity of every assessed country as a figure', () => {
    const page = renderOverviewPage(smallInput());
    expect(page).toContain('<svg id="overview-maturity" role="img"');
    expect(page).toContain(
      'Bar chart of the cluster policy maturity total out of 8 per country, highest first: Belgium 7.',
    );
  });
});

describe('print stylesheet', () => {
  it('prints on A4, keeps figures and tables whole and prints where links go', () => {
    const page = renderCountryPage(smallInput(), 'BE');
    const print = /@media print \{([\s\S]*?)\n\}/.exec(page)?.[1] ?? '';
    expect(print).toContain('@page { size: A4;');
    expect(print).toMatch(/figure, table, tr, \.keep, p, li[^{]*\{ break-inside: avoid; \}/);
    expect(print).toContain('main a[href]::after { content: " (" attr(href) ")";');
  });
});

describe('index page', () => {
  it('links every country page as a sibling', () => {
    const page = renderIndexPage(smallInput());
    expect(page).toContain('<li><a href="BE.html">Belgium</a> (BE)</li>');
    expect(page).toContain('<li><a href="NL.html">Netherlands</a> (NL)</li>');
    expect(page).not.toContain('EU27_2020.html');
  });
});

describe('renderFactsheets', () => {
  it('returns the index, the overview, a page per country and its figures, each SVG with its CSV; a maturity figure only with a score', () => {
    expect(renderFactsheets(smallInput()).map((f) => f.path)).toEqual([
      'pages/index.html',
      'pages/overview.html',
      'figures/overview-maturity.svg',
      'figures/overview-maturity.csv',
      'pages/BE.html',
      'figures/BE-ecosystems.svg',
      'figures/BE-ecosystems.csv',
      'figures/BE-organisations.svg',
      'figures/BE-organisations.csv',
      'figures/BE-maturity.svg',
      'figures/BE-maturity.csv',
      'pages/NL.html',
      'figures/NL-ecosystems.svg',
      'figures/NL-ecosystems.csv',
      'figures/NL-organisations.svg',
      'figures/NL-organisations.csv',
    ]);
  });

  it('adds the series figure and its CSV to each country when the input carries the series', () => {
    const paths = renderFactsheets(seriesInput()).map((f) => f.path);
    expect(paths).toContain('figures/BE-ecosystems-series.svg');
    expect(paths).toContain('figures/BE-ecosystems-series.csv');
  });

  it('describes every file for the manifest', () => {
    const files = renderFactsheets(smallInput());
    expect(files.filter((f) => !f.description)).toEqual([]);
    expect(files.find((f) => f.path === 'figures/BE-maturity.csv')?.description).toBe(
      'The numbers behind "Figure 3: Maturity of cluster policy – Belgium" (figure of the Belgium page)',
    );
  });

  it('writes beside each figure the numbers it draws, as CSV', () => {
    const files = new Map(renderFactsheets(seriesInput()).map((f) => [f.path, f.content.toString('utf8')]));
    expect(files.get('figures/BE-maturity.csv')).toBe(
      'country,criterion,score,maximum\n' +
        'BE,Policy scope,2,2\nBE,Continuity,2,2\nBE,Evidence of performance,1,2\nBE,Cluster support instruments,2,2\n',
    );
    expect(files.get('figures/BE-organisations.csv')).toBe(
      'region,label,organisations\nBE2,BE2: Flemish Region,5\nBE1,BE1: Brussels Region,3\n,Region not known,1\n',
    );
    const series = files.get('figures/BE-ecosystems-series.csv')?.split('\n') ?? [];
    expect(series[0]).toBe('geo,ecosystem,year,share,benchmark,benchmark_share');
    // The snapshot's own number format (tables.ts), the rule every published CSV follows.
    expect(series).toContain(
      `BE,Construction,2022,${formatScalar(110 / 620)},EU27_2020,${formatScalar(110 / 600)}`,
    );
    expect(series).toContain(`BE,Construction,2023,0.2,EU27_2020,${formatScalar(110 / 600)}`);
  });

  it('gives the same bytes for the same input', () => {
    const a = renderFactsheets(smallInput());
    const b = renderFactsheets(smallInput());
    expect(b.map((f) => f.content.equals(a[b.indexOf(f)]?.content ?? Buffer.alloc(0)))).not.toContain(false);
  });

  it('writes each figure file with the same SVG the page embeds', () => {
    const files = new Map(renderFactsheets(smallInput()).map((f) => [f.path, f.content.toString('utf8')]));
    const svg = (files.get('figures/BE-maturity.svg') ?? '').replace(/^<\?xml[^>]*>\n/, '').trimEnd();
    expect(svg).toMatch(/^<svg id="BE-maturity"/);
    expect(files.get('pages/BE.html')).toContain(svg);
  });
});
