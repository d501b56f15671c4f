import type { ComputedTables } from '../../lib/model/computedTables.ts';
import { LqTable } from '../../lib/model/lqTable.ts';
import type { FactsheetInput } from '../../lib/render/input.ts';

type Eco = ComputedTables['ecosystemEmployment'][number];

/** One geography's ecosystem rows from employment figures (thousands); shares and ranks computed as compute does. */
export function ecosystemRows(
  geo: string,
  employment: Record<string, number | null>,
  benchmark?: Record<string, number | null>,
): Eco[] {
  const share = (e: Record<string, number | null>) => {
    const total = Object.values(e).reduce<number>((s, v) => s + (v ?? 0), 0);
    return (k: string) => (e[k] == null ? null : (e[k] as number) / total);
  };
  const own = share(employment);
  const bench = benchmark ? share(benchmark) : () => null;
  const ranked = Object.entries(employment)
    .filter(([, v]) => v !== null)
    .sort(([a, x], [b, y]) => (y as number) - (x as number) || (a < b ? -1 : 1))
    .map(([k]) => k);
  return Object.keys(employment).map((ecosystem) => {
    const s = own(ecosystem);
    const b = bench(ecosystem);
    return {
      geo,
      year: 2023,
      ecosystem: ecosystem as Eco['ecosystem'],
      employment: employment[ecosystem] ?? null,
      share: s,
      benchmarkShare: b,
      specialised: s === null || b === null ? null : s > b,
      rank: ranked.includes(ecosystem) ? ranked.indexOf(ecosystem) + 1 : null,
      missingDivisions: 0,
    };
  });
}

const EU = { Health: 200, Retail: 150, Construction: 110, Digital: 50, Tourism: 90 };

/**
 * A small hand-made input: Belgium against the EU27 in five ecosystems (invented figures, marked synthetic),
 * two regions, a few organisations and a maturity score.
 */
export function smallInput(overrides: Partial<FactsheetInput> = {}): FactsheetInput {
  const tables: ComputedTables = {
    year: 2023,
    years: [2023],
    nodeHistory: [],
    activityLevel: 'division',
    ecosystemEmployment: [
      ...ecosystemRows('BE', { Health: 300, Retail: 100, Construction: 120, Digital: 60, Tourism: 20 }, EU),
      ...ecosystemRows('EU27_2020', EU, EU),
      ...ecosystemRows('NL', { Health: 10, Retail: 30, Construction: 20, Digital: 5, Tourism: null }, EU),
    ],
    locationQuotients: new LqTable(),
    regionNodes: [
      { region: 'BE2', year: 2023, level: 'nace', nodeCount: 1, top5: ['Q86'], missingCells: 3 },
      { region: 'BE1', year: 2023, level: 'nace', nodeCount: 2, top5: ['U99', 'M70'], missingCells: 0 },
      { region: 'BE1', year: 2023, level: 'ecosystem', nodeCount: 1, top5: ['Digital'], missingCells: 0 },
      { region: 'BE2', year: 2023, level: 'ecosystem', nodeCount: 0, top5: [], missingCells: 1 },
      { region: 'NL3', year: 2023, level: 'nace', nodeCount: 4, top5: ['C21'], missingCells: 0 },
    ],
    clusterOrganisations: [
      { country: 'BE', scope: 'total', key: '', count: 9 },
      { country: 'BE', scope: 'region', key: 'BE1', count: 3 },
      { country: 'BE', scope: 'region', key: 'BE2', count: 5 },
      { country: 'BE', scope: 'region_unresolved', key: '', count: 1 },
      { country: 'BE', scope: 'ecosystem', key: 'Health', count: 4 },
      { country: 'BE', scope: 'partnership', key: 'Euroclusters', count: 2 },
    ],
    memberComposition: [
      {
        geo: 'BE',
        organisations: 9,
        organisationsWithMembers: 8,
        members: 100,
        smeShare: 0.77,
        largeShare: 0.14,
        researchShare: 0.09,
        otherShare: 0,
      },
      {
        geo: 'EU27_2020',
        organisations: 90,
        organisationsWithMembers: 80,
        members: 1000,
        smeShare: 0.84,
        largeShare: 0.09,
        researchShare: 0.07,
        otherShare: 0,
      },
    ],
    maturity: [
      {
        country: 'BE',
        policyScope: 2,
        continuity: 2,
        evidence: 1,
        instruments: 2,
        total: 7,
        assessedOn: '2022-09-30',
      },
    ],
    countryNodes: [],
    cooperation: [],
    notices: [],
  };
  return {
    tables,
    benchmark: 'EU27_2020',
    latestYear: 2023,
    snapshotVersion: '20260301T120000Z-0123456789ab',
    synthetic: true,
    names: {
      regions: new Map([
        ['BE1', 'Brussels Region'],
        ['BE2', 'Flemish Region'],
      ]),
      activities: new Map([
        ['Q86', 'Human health activities'],
        ['U99', 'Activities of extraterritorial organisations'],
      ]),
      countries: new Map([
        ['BE', 'Belgium'],
        ['NL', 'Netherlands'],
        ['EU27_2020', 'EU27'],
      ]),
    },
    sources: [
      { role: 'nationalByDivision', dataset: 'lfsa_egan22d', lastUpdate: '2024-04-25', synthetic: true },
      { role: 'clusterOrganisations', dataset: 'cluster_organisations', lastUpdate: null, synthetic: false },
      { role: 'policy', dataset: 'BE', lastUpdate: null, synthetic: false },
      { role: 'policy', dataset: 'NL', lastUpdate: null, synthetic: false },
    ],
    ...overrides,
  };
}

/**
 * The small input with a second year (2022) before it, invented like the rest: Construction and Retail swap
 * ranks, Construction rises above EU27, BE1 gains M70, BE2 loses Q86, and BE1's C20 has no LQ in 2023 (unknown,
 * so neither kept nor lost).
 */
export function seriesInput(overrides: Partial<FactsheetInput> = {}): FactsheetInput {
  const input = smallInput(overrides);
  const before = ecosystemRows(
    'BE',
    { Health: 300, Retail: 130, Construction: 110, Digital: 60, Tourism: 20 },
    EU,
  );
  const node = (region: string, level: 'nace' | 'ecosystem', activity: string, year: number) => ({
    region,
    level,
    activity,
    year,
  });
  const history = (
    region: string,
    level: 'nace' | 'ecosystem',
    activity: string,
    years: number[],
    status: 'new' | 'persistent' | 'lost' | null,
  ) => ({
    region,
    level,
    activity,
    firstNodeYear: years[0] as number,
    nodeYears: years.length,
    nodeSince: status === 'new' || status === 'persistent' ? (years[0] as number) : null,
    status,
    lqFirst: 2,
    lqLatest: status === null ? null : 2,
  });
  return {
    ...input,
    tables: { ...input.tables, years: [2022, 2023] },
    series: {
      years: [2022, 2023],
      ecosystemEmployment: [
        ...before.map((r) => ({ ...r, year: 2022 })),
        ...input.tables.ecosystemEmployment.filter((r) => r.geo === 'BE').map((r) => ({ ...r, year: 2023 })),
      ],
      nodes: [
        node('BE1', 'nace', 'U99', 2022),
        node('BE1', 'nace', 'U99', 2023),
        node('BE1', 'nace', 'M70', 2023),
        node('BE1', 'nace', 'C20', 2022),
        node('BE2', 'nace', 'Q86', 2022),
        node('BE1', 'ecosystem', 'Digital', 2022),
        node('BE1', 'ecosystem', 'Digital', 2023),
      ],
      nodeHistory: [
        history('BE1', 'nace', 'U99', [2022, 2023], 'persistent'),
        history('BE1', 'nace', 'M70', [2023], 'new'),
        history('BE1', 'nace', 'C20', [2022], null),
        history('BE2', 'nace', 'Q86', [2022], 'lost'),
        history('BE1', 'ecosystem', 'Digital', [2022, 2023], 'persistent'),
      ],
    },
  };
}
