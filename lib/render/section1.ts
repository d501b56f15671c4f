import { type Html, html } from './escape.ts';
import { figureBlock } from './figureBlock.ts';
import type { Figure } from './figures/figure.ts';
import { UNKNOWN_REGION } from './figures/organisations.ts';
import { percent } from './format.ts';
import type { FactsheetInput } from './input.ts';
import { activityName, countryName, regionName } from './names.ts';
import {
  aboveBenchmark,
  ecosystemsInOrder,
  incompleteEcosystems,
  memberMix,
  nodeTotal,
  organisationsByEcosystem,
  organisationsByRegion,
  organisationTotals,
  regionNodes,
  topEcosystems,
} from './reading.ts';
import { sourceLine } from './sources.ts';
import { listJoin, quoted } from './text.ts';

const NUMBER_WORDS = ['', 'one', 'two', 'three'];

/** The reading of Figure 1: the three largest ecosystems, and where the country is above the benchmark. */
export function ecosystemReading(input: FactsheetInput, country: string): string {
  const name = countryName(input, country);
  const bench = countryName(input, input.benchmark);
  const top = topEcosystems(input, country);
  if (top.length === 0) return `No ecosystem employment is available for ${name}.`;
  const parts = [
    `The ${top.length === 1 ? 'largest ecosystem' : `${NUMBER_WORDS[top.length] ?? top.length} largest ecosystems`} by employment in ${name} ` +
      `${top.length === 1 ? 'is' : 'are'} ${listJoin(top.map((r) => `${quoted(r.ecosystem)} (${percent(r.share)})`))}.`,
  ];
  const rows = ecosystemsInOrder(input, country);
  if (rows.every((r) => r.benchmarkShare === null)) {
    parts.push(`No ${bench} figures are available to compare with.`);
  } else {
    const above = aboveBenchmark(input, country);
    parts.push(
      above.length === 0
        ? `In no ecosystem is ${name}'s employment share higher than ${bench}'s.`
        : `${name} has a higher employment share than ${bench} in ${above.length === 1 ? 'one ecosystem' : `${above.length} ecosystems`}, ` +
            `which indicates a relative strength there: ` +
            `${listJoin(above.map((r) => `${quoted(r.ecosystem)} (${percent(r.share)} against ${percent(r.benchmarkShare)})`))}.`,
    );
  }
  const incomplete = incompleteEcosystems(input, country);
  if (incomplete.length > 0) parts.push(incompleteReading(incomplete, name));
  return parts.join(' ');
}

/** Marks incomplete figures: which ecosystems have divisions without data, and what that made of them. */
export function incompleteReading(
  rows: ReadonlyArray<{ ecosystem: string; employment: number | null; missingDivisions: number }>,
  name: string,
): string {
  const each = rows.map((r) => {
    const n = `${r.missingDivisions} division${r.missingDivisions === 1 ? '' : 's'} without data`;
    return `${quoted(r.ecosystem)} (${n}${r.employment === null ? ': no figure' : ''})`;
  });
  return (
    `Incomplete figures for ${name}: ${listJoin(each)}; a division without data counts as zero in its ` +
    'ecosystem, and an ecosystem without any data (or, under the strict rule, with any missing) has no figure.'
  );
}

function nodesTable(
  input: FactsheetInput,
  country: string,
  level: 'nace' | 'ecosystem',
  caption: string,
): Html {
  const rows = regionNodes(input, country, level);
  const width = Math.max(1, ...rows.map((r) => r.top5.length));
  const heads = Array.from({ length: width }, (_, i) => html`<th scope="col">Node ${i + 1}</th>`);
  const body = rows.map((r) => {
    const cells = Array.from(
      { length: width },
      (_, i) =>
        html`<td>${r.top5[i] === undefined ? '–' : activityName(input, r.top5[i] as string, level)}</td>`,
    );
    return html`<tr data-region="${r.region}"><th scope="row">${regionName(input, r.region)}</th><td class="num nodes">${r.nodeCount}</td>${cells}<td class="num">${r.missingCells}</td></tr>`;
  });
  return html`<table id="nodes-${level}">
<caption>${caption}</caption>
<thead><tr><th scope="col">Region</th><th scope="col" class="num"># of nodes</th>${heads}<th scope="col" class="num">Cells without LQ</th></tr></thead>
<tbody>
${body}
<tr class="total"><th scope="row">${countryName(input, country)} (total)</th><td class="num nodes">${nodeTotal(input, country, level)}</td><td colspan="${width + 1}"></td></tr>
</tbody>
</table>`;
}

function nodesBlock(input: FactsheetInput, country: string): Html {
  const name = countryName(input, country);
  const sections = input.tables.activityLevel === 'section';
  const naceUnit = sections ? 'NACE sections' : 'NACE 2-digit divisions';
  const naceTotal = nodeTotal(input, country, 'nace');
  const source = html`<p class="source">${sourceLine(input, 'nodes', country)}</p>`;
  const table2 = sections
    ? html`<p class="note">The regional source carries NACE sections, not divisions: the ecosystem level is not computed.</p>`
    : html`${nodesTable(input, country, 'ecosystem', 'Table 2: Regionally relevant ecosystem nodes by region')}${source}`;
  const ecoText = sections
    ? ''
    : `, and ${nodeTotal(input, country, 'ecosystem')} at the level of the 14 ecosystems`;
  return html`<h3>Regionally relevant nodes</h3>
<p>A region is specialised in an activity when its location quotient (the activity's share of the region's employment divided by its share in ${countryName(input, input.benchmark)}) is above 1.5; the node is regionally relevant when the activity also accounts for at least 1 % of the region's employment. The tables give the number of such nodes per region and the five with the highest location quotient. ${name} counts ${naceTotal} nodes at the level of the ${naceUnit}${ecoText}. Cells without data (missing or confidential) get no location quotient and are counted, never treated as zero.</p>
${nodesTable(input, country, 'nace', `Table 1: Regionally relevant sectoral nodes and top 5 nodes by region (${naceUnit})`)}
${source}
${table2}`;
}

function organisationsText(input: FactsheetInput, country: string): string {
  const name = countryName(input, country);
  const { total, unresolved } = organisationTotals(input, country);
  if (total === 0) return `No cluster organisations from ${name} are in the input.`;
  const regions = organisationsByRegion(input, country);
  const parts = [`There are ${total} cluster organisations from ${name} in the input.`];
  const [first, ...rest] = regions;
  if (first) {
    const others = rest.map((r) => `${r.count} in ${regionName(input, r.key)}`);
    parts.push(
      `With ${first.count}, the most are located in ${regionName(input, first.key)}` +
        `${others.length > 0 ? `, followed by ${listJoin(others)}` : ''}.`,
    );
  }
  if (unresolved > 0) parts.push(`${unresolved} could not be placed in a region (${UNKNOWN_REGION}).`);
  return parts.join(' ');
}

const MEMBER_TYPES = [
  ['smeShare', 'SMEs'],
  ['largeShare', 'Large enterprises'],
  ['researchShare', 'Research organisations'],
  ['otherShare', 'Other members'],
] as const;

function membersTable(input: FactsheetInput, country: string): Html {
  const mix = memberMix(input, country);
  const c = mix.country;
  if (!c || c.members === 0)
    return html`<p class="note">No member composition is reported for ${countryName(input, country)}.</p>`;
  const eu = mix.eu;
  const euName = countryName(input, eu?.geo ?? 'EU27_2020');
  const rows = MEMBER_TYPES.map(
    ([key, label]) =>
      html`<tr><th scope="row">${label}</th><td class="num">${percent(c[key])}</td><td class="num">${eu ? percent(eu[key]) : 'n/a'}</td></tr>`,
  );
  return html`<table id="members">
<caption>Member organisations of the cluster organisations, by type</caption>
<thead><tr><th scope="col">Type</th><th scope="col" class="num">${countryName(input, country)}</th><th scope="col" class="num">${euName}</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<p class="note">Shares of all members, pooled over the ${c.organisationsWithMembers} of ${c.organisations} organisations that report their members (${c.members} members)${eu ? `; ${euName}: ${eu.organisationsWithMembers} of ${eu.organisations} organisations, ${eu.members} members` : ''}.</p>`;
}

function ecosystemsTable(input: FactsheetInput, country: string): Html {
  const rows = organisationsByEcosystem(input, country);
  if (rows.length === 0) return html`<p class="note">No organisation names an industrial ecosystem.</p>`;
  return html`<p>By industrial ecosystem (an organisation may name several; not every organisation names one):</p>
<table id="organisations-ecosystems">
<caption>Cluster organisations per industrial ecosystem</caption>
<thead><tr><th scope="col">Ecosystem</th><th scope="col" class="num">Cluster organisations</th></tr></thead>
<tbody>
${rows.map((r) => html`<tr><th scope="row">${r.key}</th><td class="num">${r.count}</td></tr>`)}
</tbody>
</table>`;
}

export function section1(
  input: FactsheetInput,
  country: string,
  figures: { ecosystems: Figure; organisations: Figure },
): Html {
  return html`<section id="section-1">
<h2>1. Industrial ecosystems and cluster landscape</h2>
<h3>Employment in the 14 ecosystems in the country</h3>
<p>The employment share of ${countryName(input, country)} and ${countryName(input, input.benchmark)} in each industrial ecosystem, relative to all persons employed in the 14 ecosystems, in ${input.latestYear}. The ecosystems are ordered from top to bottom by employment in the country; a country bar longer than the ${countryName(input, input.benchmark)} bar means the country is more specialised in that ecosystem.</p>
<p id="figure1-reading">${ecosystemReading(input, country)}</p>
${figureBlock(figures.ecosystems)}
${nodesBlock(input, country)}
<h3>Cluster organisations in the regions</h3>
<p>${organisationsText(input, country)}</p>
${figureBlock(figures.organisations)}
${membersTable(input, country)}
${ecosystemsTable(input, country)}
<p class="source">${sourceLine(input, 'organisations', country)}</p>
</section>`;
}
