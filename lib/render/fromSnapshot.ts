import type { CooperationRow as CooperationTableRow } from '../cooperation/cooperation.ts';
import type { ComputedTables } from '../model/computedTables.ts';
import type { LqTable } from '../model/lqTable.ts';
import type { PolicyFacts } from '../policy/contract.ts';
import type { BuiltSnapshot } from '../snapshot/build.ts';
import type {
  CooperationRow,
  CountryNodeTotal,
  CountryPolicies,
  FactsheetInput,
  FactsheetSeries,
  PolicyFactsEntry,
} from './input.ts';

export interface FactsheetExtras {
  /** The policy facts behind the maturity scores (section 2). */
  policies: readonly PolicyFacts[];
  /** Country code → the name pages use (`BE` → Belgium). */
  countries: ReadonlyMap<string, string>;
}

/** What the pages of a snapshot show, gathered from the snapshot itself and the policy facts. Pure. */
export function factsheetInput(snapshot: BuiltSnapshot, extras: FactsheetExtras): FactsheetInput {
  const m = snapshot.manifest;
  const t = snapshot.tables;
  const labels = snapshot.labels ?? { regions: [], activities: [] };
  return {
    tables: latestYearTables(t),
    benchmark: m.benchmark,
    latestYear: m.latestYear,
    snapshotVersion: m.version,
    synthetic: m.synthetic,
    names: {
      regions: new Map(labels.regions.flatMap((r) => (r.name ? [[r.code, r.name] as const] : []))),
      activities: new Map(labels.activities.flatMap((a) => (a.label ? [[a.code, a.label] as const] : []))),
      countries: extras.countries,
    },
    sources: m['eucluster:inputs']
      .filter((s) => s.role !== 'config')
      .map((s) => ({
        role: s.role,
        dataset: s.name,
        // A credited source names its publisher on every source line (never "Eurostat" for another's figures).
        ...(s.credit ? { title: `${s.credit.publisher}${s.credit.title ? `: ${s.credit.title}` : ''}` } : {}),
        lastUpdate: s.sourceVersion,
        synthetic: s.synthetic,
      })),
    policies: extras.policies.map(countryPolicies),
    cooperation: cooperationByProgramme(t.cooperation),
    nodeTotals: t.countryNodes
      .filter((r) => r.year === t.year)
      .map((r): CountryNodeTotal => ({ country: r.country, level: r.level, nodeCount: r.nodeCount })),
    series: seriesOf(t),
  };
}

/** What the pages read of the series: ecosystem shares every year, and the node cells of every year. */
export function seriesOf(t: ComputedTables): FactsheetSeries {
  return {
    years: t.years,
    ecosystemEmployment: t.ecosystemEmployment,
    nodes: nodeCells(t.locationQuotients),
    nodeHistory: t.nodeHistory,
  };
}

/** The cells that were nodes, every year. */
function nodeCells(lq: LqTable): FactsheetSeries['nodes'] {
  const nodes: FactsheetSeries['nodes'][number][] = [];
  for (let i = 0; i < lq.length; i++) {
    if (lq.nodeAt(i))
      nodes.push({
        region: lq.regionAt(i),
        level: lq.levelAt(i),
        activity: lq.activityAt(i),
        year: lq.yearAt(i),
      });
  }
  return nodes;
}

/** The tables as a factsheet shows them: the yearly ones in their latest year only (the series stays in the files). */
export function latestYearTables(t: ComputedTables): ComputedTables {
  const ofLatest = <R extends { year: number }>(rows: readonly R[]) => rows.filter((r) => r.year === t.year);
  return {
    ...t,
    ecosystemEmployment: ofLatest(t.ecosystemEmployment),
    locationQuotients: t.locationQuotients.where((i) => t.locationQuotients.yearAt(i) === t.year),
    regionNodes: ofLatest(t.regionNodes),
    countryNodes: ofLatest(t.countryNodes),
  };
}

function countryPolicies(facts: PolicyFacts): CountryPolicies {
  return {
    country: facts.country,
    source: facts.source,
    policies: facts.policies.map((p): PolicyFactsEntry => {
      const profile = p.profile ?? {};
      const instruments = [
        ...(profile.instruments?.financial ?? []).map((i) => `Financial: ${i}`),
        ...(profile.instruments?.technical ?? []).map((i) => `Technical: ${i}`),
      ];
      const budget = [
        profile.budget?.overall && `Overall: ${profile.budget.overall}`,
        profile.budget?.annual && `Annual: ${profile.budget.annual}`,
        profile.budget?.sourceOfFunding && `Source of funding: ${profile.budget.sourceOfFunding}`,
      ].filter((b): b is string => Boolean(b));
      return {
        name: p.name,
        type: `${p.level === 'national' ? 'National' : 'Regional'} ${p.type} policy${p.region ? ` (${p.region})` : ''}, since ${p.startYear}${p.endYear ? `, until ${p.endYear}` : ''}`,
        ...(profile.objectives ? { objectives: profile.objectives } : {}),
        ...(profile.focus ? { focus: profile.focus } : {}),
        ...(profile.responsibleAuthorities ? { responsibleAuthorities: profile.responsibleAuthorities } : {}),
        ...(profile.beneficiaries ? { beneficiaries: profile.beneficiaries } : {}),
        ...(instruments.length > 0 ? { instruments } : {}),
        ...(profile.history ? { history: profile.history } : {}),
        ...(budget.length > 0 ? { budget } : {}),
        ...(profile.evaluationResults ? { evaluationResults: profile.evaluationResults } : {}),
        ...(profile.euPriorities ? { euAlignment: profile.euPriorities } : {}),
      };
    }),
  };
}

/** The cooperation table's long rows as one row per country and programme (the five programmes only). */
function cooperationByProgramme(rows: readonly CooperationTableRow[]): CooperationRow[] {
  const out = new Map<
    string,
    {
      country: string;
      programme: string;
      consortia?: number;
      organisations?: number;
      partnerCountries: string[];
    }
  >();
  for (const r of rows) {
    if (r.programme === 'ESCP' || r.programme === 'all') continue;
    const id = `${r.country}\t${r.programme}`;
    const row = out.get(id) ?? { country: r.country, programme: r.programme, partnerCountries: [] };
    if (r.scope === 'consortia') row.consortia = r.count;
    else if (r.scope === 'organisations') row.organisations = r.count;
    else if (r.scope === 'partner_country') row.partnerCountries.push(r.key);
    out.set(id, row);
  }
  return [...out.values()];
}
