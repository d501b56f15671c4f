/**
 * What a consumer needs besides the numbers: where they come from (Eurostat's datasets, with their URL and
 * last update), under which licence they may be reused, and how to cite them.
 */
import type { InputRecord, LicenseDescriptor, SourceDescriptor } from './manifest.ts';

const EUROSTAT_ROLES: Record<string, string> = {
  nationalByDivision: 'national employment by NACE division',
  regionalByActivity: 'regional employment by NACE activity',
  regionalTotal: 'regional total employment',
};

/** Which inputs each table is computed from (by role). */
const TABLE_INPUTS: Record<string, readonly string[]> = {
  ecosystem_employment: ['nationalByDivision', 'mapping'],
  location_quotients: ['regionalByActivity', 'regionalTotal', 'mapping'],
  region_nodes: ['regionalByActivity', 'regionalTotal', 'mapping'],
  cluster_organisations: ['clusterOrganisations', 'cityLookup'],
  member_composition: ['clusterOrganisations'],
  maturity: ['policy'],
  regions: ['nuts'],
  activities: ['classification', 'mapping'],
  ecosystems: ['mapping'],
};

/** The licence of the snapshot's own tables. */
const SNAPSHOT_LICENSE: LicenseDescriptor = {
  name: 'CC-BY-4.0',
  path: 'https://creativecommons.org/licenses/by/4.0/',
  title:
    'Creative Commons Attribution 4.0 International: the tables of this snapshot (computed by the eucluster ' +
    'pipeline); cite as in `citation`',
};

const EUROSTAT_LICENSE: LicenseDescriptor = {
  name: 'CC-BY-4.0',
  path: 'https://ec.europa.eu/eurostat/about-us/policies/copyright',
  title:
    "Eurostat's data: reuse authorised under Eurostat's copyright notice (the Commission's reuse policy, " +
    'CC BY 4.0), provided the source is acknowledged: "Source: Eurostat"',
};

/** Eurostat's reference tables: credited to Eurostat whatever the employment sources are. */
const EUROSTAT_REFERENCE_ROLES = new Set(['classification', 'nuts', 'cityLookup']);

/**
 * The snapshot's licence, Eurostat's when any input is Eurostat's (an uncredited dataset or its reference
 * tables), and each credited publisher's licence.
 */
export function packageLicenses(inputs: readonly InputRecord[]): LicenseDescriptor[] {
  const out = [SNAPSHOT_LICENSE];
  if (inputs.some((i) => (EUROSTAT_ROLES[i.role] && !i.credit) || EUROSTAT_REFERENCE_ROLES.has(i.role)))
    out.push(EUROSTAT_LICENSE);
  const seen = new Set<string>();
  for (const i of inputs) {
    const licence = i.credit?.licence;
    const key = `${i.credit?.publisher}\u0000${licence?.url}`;
    if (!licence || seen.has(key)) continue;
    seen.add(key);
    out.push({
      name: licence.name,
      path: licence.url,
      title: `${i.credit?.publisher}'s data (${i.name}): ${licence.name}, provided the source is acknowledged`,
    });
  }
  return out;
}

export function eurostatDatasetUrl(dataset: string): string {
  return `https://ec.europa.eu/eurostat/databrowser/view/${encodeURIComponent(dataset)}/default/table`;
}

/** One source per origin of the data, from the input records (their files stay in `eucluster:inputs`). */
export function sourceOf(input: InputRecord): SourceDescriptor | null {
  const version = input.sourceVersion ? { version: input.sourceVersion } : {};
  const eurostat = EUROSTAT_ROLES[input.role];
  if (eurostat && input.credit) {
    const c = input.credit;
    return {
      title: input.synthetic
        ? `SYNTHETIC sample data in the layout of ${c.publisher}'s ${input.name} (${eurostat}): not ${c.publisher}'s figures`
        : `${c.publisher}, ${c.title ?? `dataset ${input.name}`} (${eurostat})${c.licence ? `, ${c.licence.name}` : ''}`,
      ...(c.url ? { path: c.url } : {}),
      ...version,
    };
  }
  if (eurostat) {
    return {
      title: input.synthetic
        ? `SYNTHETIC sample data in the layout of Eurostat dataset ${input.name} (${eurostat}): not Eurostat's figures`
        : `Eurostat, dataset ${input.name} (${eurostat})`,
      path: eurostatDatasetUrl(input.name),
      ...version,
    };
  }
  switch (input.role) {
    case 'clusterOrganisations':
      return {
        title: input.synthetic
          ? 'Cluster organisations: names, countries and cities from public ECCP profiles; SYNTHETIC regions, ecosystems, members and partnerships'
          : 'European Cluster Collaboration Platform (ECCP): cluster organisation profiles',
        path: 'https://www.clustercollaboration.eu/',
        ...version,
      };
    case 'policy':
      return { title: `Cluster policy facts of ${input.name} (ECCP country factsheets)`, ...version };
    case 'mapping':
      return {
        title: input.path.includes('nace2_to_ecosystem_v0')
          ? 'NACE division → industrial ecosystem mapping, default v0: a project assumption, not an official table'
          : 'NACE division → industrial ecosystem mapping supplied with the input',
        ...version,
      };
    case 'classification':
      return { title: 'Eurostat, NACE Rev. 2 structure (English labels)', ...version };
    case 'cityLookup':
      return { title: 'City → NUTS 3 lookup derived from Eurostat’s NUTS 2024 code list', ...version };
    case 'nuts':
      return { title: `Eurostat, NUTS code list ${input.name}`, ...version };
    default:
      return null;
  }
}

/** The sources of the whole package: one per origin, duplicates merged (titles equal), in input order. */
export function packageSources(inputs: readonly InputRecord[]): SourceDescriptor[] {
  return unique(inputs.map(sourceOf));
}

/** The sources one table is computed from. */
export function tableSources(table: string, inputs: readonly InputRecord[]): SourceDescriptor[] {
  const roles = TABLE_INPUTS[table] ?? [];
  return unique(inputs.filter((i) => roles.includes(i.role)).map(sourceOf));
}

export interface CitationFacts {
  title: string;
  version: string;
  created: string;
  codeVersion: string;
  synthetic: boolean;
  inputs: readonly InputRecord[];
}

/** One line to cite the snapshot: who, what, which version, from what, under which licence. */
export function packageCitation(c: CitationFacts): string {
  const from = publishersCited(c.inputs);
  const synthetic = c.synthetic
    ? ' Contains SYNTHETIC sample data: not Eurostat’s or the ECCP’s figures.'
    : '';
  return (
    `eucluster pipeline (${c.created.slice(0, 4)}). ${c.title}, snapshot ${c.version} (${c.created.slice(0, 10)}), ` +
    `code ${c.codeVersion}. Licensed CC BY 4.0.${from}${synthetic}`
  );
}

/** ` Computed from Eurostat datasets a, b (Source: Eurostat). Computed from X's …`: one sentence per publisher. */
function publishersCited(inputs: readonly InputRecord[]): string {
  const byPublisher = new Map<string, Set<string>>();
  for (const i of inputs.filter((x) => EUROSTAT_ROLES[x.role])) {
    const publisher = i.credit?.publisher ?? 'Eurostat';
    const names = byPublisher.get(publisher) ?? new Set<string>();
    names.add(i.credit?.title ? `${i.name} ("${i.credit.title}")` : i.name);
    byPublisher.set(publisher, names);
  }
  return [...byPublisher]
    .map(([p, names]) => {
      const many = names.size > 1 || p === 'Eurostat' ? 'datasets' : 'dataset';
      return ` Computed from ${p === 'Eurostat' ? `Eurostat ${many}` : `${p}'s ${many}`} ${[...names].join(', ')} (Source: ${p}).`;
    })
    .join('');
}

/** A table's citation: the table, in the snapshot. */
export function tableCitation(table: string, packageCite: string): string {
  return `Table "${table}", in: ${packageCite}`;
}

function unique(sources: ReadonlyArray<SourceDescriptor | null>): SourceDescriptor[] {
  const seen = new Set<string>();
  const out: SourceDescriptor[] = [];
  for (const s of sources) {
    if (!s || seen.has(s.title)) continue;
    seen.add(s.title);
    out.push(s);
  }
  return out;
}
