import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../lib/render/escape.ts';
import { ecosystemsFigure } from '../../lib/render/figures/ecosystems.ts';
import { maturityFigure } from '../../lib/render/figures/maturity.ts';
import { organisationsFigure } from '../../lib/render/figures/organisations.ts';
import { smallInput } from './fixture.ts';

const input = smallInput();
const maturity = input.tables.maturity[0];
if (!maturity) throw new Error('fixture has a maturity score');

describe('figures', () => {
  it('are SVG images labelled by their own title and description', () => {
    const f = ecosystemsFigure(input, 'BE');
    expect(f.svg).toMatch(
      /^<svg id="BE-ecosystems" role="img" aria-labelledby="BE-ecosystems-title BE-ecosystems-desc"/,
    );
    expect(f.svg).toContain(
      '<title id="BE-ecosystems-title">Figure 1: Employment in the 14 industrial ecosystems.',
    );
    expect(f.svg).toContain(`<desc id="BE-ecosystems-desc">${escapeHtml(f.alt)}</desc>`);
  });

  it('give the same bytes for the same input, whatever was rendered before', () => {
    const first = ecosystemsFigure(input, 'BE').svg;
    organisationsFigure(input, 'BE');
    maturityFigure(input, maturity);
    expect(ecosystemsFigure(input, 'BE').svg).toBe(first);
  });

  it('keep every style attribute well-formed (no double quote inside)', () => {
    const svg = ecosystemsFigure(input, 'BE').svg;
    for (const m of svg.matchAll(/style="([^"]*)"(.)/g)) expect(m[2]).toMatch(/[ >/]/);
  });

  it("keep no id of ECharts' own numbering, so figures on one page never share an id", () => {
    const svgs = [
      ecosystemsFigure(input, 'BE'),
      organisationsFigure(input, 'BE'),
      maturityFigure(input, maturity),
    ];
    for (const f of svgs) expect(f.svg).not.toMatch(/\bzr\d+-/);
    const ids = svgs.flatMap((f) => [...f.svg.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('describe Figure 1 in text, ecosystem by ecosystem against the benchmark', () => {
    expect(ecosystemsFigure(input, 'BE').alt).toContain('Health 50.0 % (EU27 33.3 %); Construction 20.0 %');
  });

  it('show the shares as bar labels in percent', () => {
    const svg = ecosystemsFigure(input, 'BE').svg;
    expect(svg).toContain('>50 %</text>');
    expect(svg).toContain('>33.3 %</text>');
  });

  it('carry a source line with the dataset and its last update', () => {
    expect(ecosystemsFigure(input, 'BE').svg).toContain('lfsa_egan22d, SYNTHETIC, last update 2024-04-25');
  });

  it('are marked SYNTHETIC DATA when an input is synthetic, and not otherwise', () => {
    expect(organisationsFigure(input, 'BE').svg).toContain('>SYNTHETIC DATA</text>');
    expect(organisationsFigure(smallInput({ synthetic: false }), 'BE').svg).not.toContain('SYNTHETIC DATA');
  });

  it('count organisations whose region is not known in a bar of their own', () => {
    expect(organisationsFigure(input, 'BE').alt).toBe(
      'Bar chart of the number of cluster organisations per region, Belgium (9 in total): ' +
        'BE2: Flemish Region 5; BE1: Brussels Region 3; Region not known 1.',
    );
  });

  it('show each maturity criterion against the maximum of 2, and the total of 8', () => {
    const f = maturityFigure(input, maturity);
    expect(f.alt).toContain('Policy scope 2 of 2; Continuity 2 of 2; Evidence of performance 1 of 2');
    expect(f.alt).toContain('total 7 of 8');
    expect(f.svg).toContain('>1 / 2</text>');
  });
});
