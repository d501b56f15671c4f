import { describe, expect, it } from 'vitest';
import { renderCountryPage, renderFactsheets, renderIndexPage } from '../../lib/render/index.ts';
import { smallInput } from './fixture.ts';

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

describe('index page', () => {
  it('links every country page as a sibling', () => {
    const page = renderIndexPage(smallInput());
    expect(page).toContain('<li><a href="BE.html">Belgium</a> (BE)</li>');
    expect(page).toContain('<li><a href="NL.html">Netherlands</a> (NL)</li>');
    expect(page).not.toContain('EU27_2020.html');
  });
});

describe('renderFactsheets', () => {
  it('returns the index, a page per country and its figures; a maturity figure only with a score', () => {
    expect(renderFactsheets(smallInput()).map((f) => f.path)).toEqual([
      'pages/index.html',
      'pages/BE.html',
      'figures/BE-ecosystems.svg',
      'figures/BE-organisations.svg',
      'figures/BE-maturity.svg',
      'pages/NL.html',
      'figures/NL-ecosystems.svg',
      'figures/NL-organisations.svg',
    ]);
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
