import type { NodeHistoryRow } from '../metrics/nodeHistory.ts';
import type { ComputedTables, EcosystemEmploymentRow } from '../model/computedTables.ts';
import type { LqRow } from '../model/lqTable.ts';

/**
 * Everything a factsheet page needs, gathered by the caller (the publish step or the CLI). The renderer reads
 * nothing else: no files, no clock, so the same input gives the same bytes.
 */
export interface FactsheetInput {
  /** The snapshot's computed tables. */
  tables: ComputedTables;
  /** Benchmark geography code, e.g. `EU27_2020`. */
  benchmark: string;
  /** The series' latest year: the year of the figures (the pages call it the reference year, as the factsheet does). */
  latestYear: number;
  /** Snapshot version the pages are rendered for (shown on every page). */
  snapshotVersion: string;
  /** True when any input of the snapshot is synthetic: every page and figure then says so prominently. */
  synthetic: boolean;
  names: FactsheetNames;
  /** The snapshot's inputs, for the source lines (the manifest's `sources`, reduced). */
  sources: readonly FactsheetSource[];
  /** Optional extras built elsewhere; each part is shown only when present. */
  policies?: readonly CountryPolicies[];
  cooperation?: readonly CooperationRow[];
  nodeTotals?: readonly CountryNodeTotal[];
  /** Every year of the snapshot, for the pages' "over time" part; absent, the pages show one year only. */
  series?: FactsheetSeries;
}

/** The yearly tables over all their years (the `tables` above hold the latest year only). */
export interface FactsheetSeries {
  /** Ascending; the last is `latestYear`. */
  years: readonly number[];
  ecosystemEmployment: readonly EcosystemEmploymentRow[];
  /** The cells that were regionally relevant nodes, every year (location_quotients rows with `node`). */
  nodes: readonly Pick<LqRow, 'region' | 'level' | 'activity' | 'year'>[];
  nodeHistory: readonly NodeHistoryRow[];
}

/** Code → label lookups. A code without a label is shown as the code alone. */
export interface FactsheetNames {
  /** NUTS code (countries included, e.g. `BE`, `BE1`) → name. */
  regions: ReadonlyMap<string, string>;
  /** NACE code (division `C21`, section `C`) → label. Ecosystems are their own names and need none. */
  activities: ReadonlyMap<string, string>;
  /**
   * Country or aggregate code → the name pages use (`BE` → `Belgium`, `EU27_2020` → `EU27`). Falls back to
   * `regions`, then to the code.
   */
  countries?: ReadonlyMap<string, string>;
}

export interface FactsheetSource {
  /** The manifest's input role: `nationalByDivision`, `regionalByActivity`, `regionalTotal`,
   * `clusterOrganisations`, `policy`, `mapping`, … Figures pick their sources by role. */
  role: string;
  /** Dataset code or short name (`lfsa_egan22d`, `cluster_organisations`, `BE` for a policy file). */
  dataset: string;
  /** Human title, when known (Eurostat's dataset title). */
  title?: string;
  /** The source's own last update (Eurostat's), when known. */
  lastUpdate: string | null;
  synthetic: boolean;
}

/** One text category of a policy: a line, or a list. */
export type PolicyText = string | readonly string[];

/** Section 2: the structured facts of one policy, in the factsheet's categories. */
export interface PolicyFactsEntry {
  name: string;
  /** `Regional cluster policy`, `National cluster policy`, … */
  type?: string;
  objectives?: PolicyText;
  focus?: PolicyText;
  responsibleAuthorities?: PolicyText;
  beneficiaries?: PolicyText;
  instruments?: PolicyText;
  history?: PolicyText;
  budget?: PolicyText;
  evaluationResults?: PolicyText;
  euAlignment?: PolicyText;
}

export interface CountryPolicies {
  country: string;
  /** Where the facts come from, shown under the table. */
  source?: string;
  policies: readonly PolicyFactsEntry[];
}

/** Section 3, cooperation: one EU programme's consortia with organisations from the country. */
export interface CooperationRow {
  country: string;
  /** `ESCP-4i`, `INNOSUP-1`, `Euroclusters`, … */
  programme: string;
  consortia?: number;
  /** Organisations of the country taking part. */
  organisations?: number;
  /** Partner countries' codes. */
  partnerCountries?: readonly string[];
}

/** Regionally relevant nodes summed over a country's regions, per activity level. */
export interface CountryNodeTotal {
  country: string;
  level: 'nace' | 'ecosystem';
  nodeCount: number;
}

/** One rendered file, relative to the snapshot version's folder. */
export interface RenderedFile {
  path: string;
  content: Buffer;
  /** What the file is, for the manifest's `eucluster:files` (readers require one). */
  description: string;
}
