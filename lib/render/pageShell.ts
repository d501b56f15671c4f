import { createHash } from 'node:crypto';
import { type Html, html, raw } from './escape.ts';

/**
 * The HTML shell of every page: inline CSS, and a Content-Security-Policy that forbids loading anything
 * (fonts, images, frames, requests), so a page opened from disk stands alone. A page with a script (the
 * overview's sorting) admits that one inline script by its hash, and still nothing from anywhere.
 */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

function csp(script: string | undefined): string {
  if (script === undefined) return CSP;
  return `${CSP}; script-src 'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`;
}

const CSS = `
:root { --ink: #1d232b; --muted: #59616b; --navy: #1f4e96; --line: #d6dbe3; --band: #f3f5f9; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 Arial, Helvetica, "Liberation Sans", sans-serif; color: var(--ink); background: #fff; }
main { max-width: 920px; margin: 0 auto; padding: 24px 28px 48px; }
header.masthead { background: var(--navy); color: #fff; padding: 18px 28px; }
header.masthead .inner { max-width: 920px; margin: 0 auto; padding: 0 28px; }
header.masthead p { margin: 0; font-size: 12px; letter-spacing: .08em; text-transform: uppercase; opacity: .85; }
header.masthead h1 { margin: 4px 0 0; font-size: 28px; }
.synthetic { background: #b00020; color: #fff; padding: 12px 28px; font-weight: bold; }
.synthetic .inner { max-width: 920px; margin: 0 auto; padding: 0 28px; }
.synthetic strong { font-size: 18px; letter-spacing: .06em; }
h2 { font-size: 21px; color: var(--navy); border-bottom: 2px solid var(--navy); padding-bottom: 4px; margin-top: 40px; }
h3 { font-size: 16px; margin: 28px 0 8px; }
figure { margin: 16px 0 24px; }
figure svg { display: block; max-width: 100%; height: auto; border: 1px solid var(--line); }
figcaption { font-size: 12px; color: var(--muted); margin-top: 6px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 8px 0 6px; }
caption { text-align: left; font-weight: bold; padding: 4px 0 8px; }
th, td { border: 1px solid var(--line); padding: 5px 7px; text-align: left; vertical-align: top; }
thead th { background: var(--band); }
td.num, th.num { text-align: right; white-space: nowrap; }
tr.total td, tr.total th { font-weight: bold; background: var(--band); }
p.source, p.note { font-size: 12px; color: var(--muted); margin: 4px 0 16px; }
ul.compact { margin: 4px 0 12px; padding-left: 22px; }
footer { max-width: 920px; margin: 0 auto; padding: 16px 28px 40px; font-size: 12px; color: var(--muted); border-top: 1px solid var(--line); }
a { color: var(--navy); }
ul.countries { columns: 3; padding-left: 20px; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
table.strip { width: auto; font-size: 12px; }
table.strip td { text-align: center; padding: 2px 4px; min-width: 2.6em; }
table.strip td.on { color: var(--navy); background: #e3ebf7; }
table.strip th.year { text-align: center; font-weight: normal; font-size: 11px; }
div.strip { overflow-x: auto; }
#overview th button { font: inherit; font-weight: bold; color: var(--navy); background: none; border: 0; padding: 0; cursor: pointer; text-align: left; text-decoration: underline; }
#overview th button:focus-visible { outline: 3px solid var(--navy); outline-offset: 2px; }
#overview th[aria-sort="ascending"] button::after { content: " ▲"; }
#overview th[aria-sort="descending"] button::after { content: " ▼"; }
a:focus-visible { outline: 3px solid var(--navy); outline-offset: 2px; }
@media print {
  @page { size: A4; margin: 14mm 12mm 16mm; }
  body { font-size: 10.5pt; }
  main, footer, header.masthead .inner, .synthetic .inner { max-width: none; padding-left: 0; padding-right: 0; }
  header.masthead, .synthetic, thead th, tr.total td, tr.total th, table.strip td.on { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  /* The blocks a section is made of stay whole, and a heading stays with what follows; a section longer than
     a page breaks between its blocks (avoiding a break inside it would only push it to the next page). */
  figure, table, tr, .keep, p, li, section#section-3, section#sources { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  figure svg { max-width: 100%; height: auto; }
  div.strip { overflow: visible; }
  a { color: var(--ink); text-decoration: none; }
  main a[href]::after { content: " (" attr(href) ")"; font-size: 9pt; color: var(--muted); }
  #overview th button { color: var(--ink); text-decoration: none; }
}
`;

export interface ShellOptions {
  title: string;
  heading: string;
  kicker: string;
  synthetic: Html | null;
  body: Html;
  footer: Html;
  lang?: string;
  /** One inline script (the overview's sorting); a page without one runs none. */
  script?: string;
}

export function page(o: ShellOptions): string {
  const doc = html`<!DOCTYPE html>
<html lang="${o.lang ?? 'en'}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${raw(csp(o.script))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${o.title}</title>
<style>${raw(CSS)}</style>
</head>
<body>
<header class="masthead"><div class="inner"><p>${o.kicker}</p><h1>${o.heading}</h1></div></header>
${o.synthetic ?? ''}
<main>
${o.body}
</main>
<footer>${o.footer}</footer>${o.script === undefined ? '' : html`\n<script>${raw(o.script)}</script>`}
</body>
</html>
`;
  return doc.value;
}

/** The banner every page carries when an input is synthetic. */
export function syntheticBanner(synthetic: readonly string[]): Html {
  const which = synthetic.length > 0 ? html` Synthetic inputs: ${synthetic.join(', ')}.` : '';
  return html`<div class="synthetic" role="alert" id="synthetic-banner"><div class="inner"><strong>SYNTHETIC DATA</strong> — figures on this page are computed from synthetic sample inputs. They are not Eurostat's or the ECCP's statistics and must not be presented as such.${which}</div></div>`;
}
