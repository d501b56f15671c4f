import type { EcosystemMapping } from '../classifications/ecosystems.ts';
import type { NaceClassification } from '../classifications/nace.ts';
import type { CityLookup } from '../clusters/cityLookup.ts';
import type { ClusterOrganisation } from '../clusters/contract.ts';
import type { RejectionReport } from '../clusters/rejections.ts';
import type { Consortium } from '../cooperation/contract.ts';
import type { CooperationRow } from '../cooperation/cooperation.ts';
import type { Cube } from '../eurostat/parse/cube.ts';
import type { ClusterCountRow, MemberCompositionRow } from '../metrics/clusterCounts.ts';
import type { EcosystemShareRow } from '../metrics/ecosystemShares.ts';
import type { RegionNodes } from '../metrics/locationQuotients.ts';
import type { NodeHistoryRow } from '../metrics/nodeHistory.ts';
import type { PolicyFacts } from '../policy/contract.ts';
import type { MaturityScore } from '../policy/maturity.ts';
import type { ActivityLevelName, LqTable } from './lqTable.ts';
import type { Notice } from './notice.ts';

export interface RegionNodesRow extends RegionNodes {
  year: number;
  level: ActivityLevelName;
}

/** A country's regionally relevant nodes at one level in one year: the factsheet's "totalling 24 in the country". */
export interface NodeTotalRow {
  country: string;
  year: number;
  level: ActivityLevelName;
  /** Regions of the country in region_nodes for that year and level, those without nodes included. */
  regions: number;
  /** Sum of the regions' node counts. */
  nodeCount: number;
}

export type EcosystemEmploymentRow = EcosystemShareRow & { year: number };

export interface ParsedInputs {
  /** Undefined when the configuration has no nationalByDivision source (no ecosystem_employment). */
  national?: Cube;
  /** Undefined when the configuration has no regionalByActivity source (no location quotients). */
  regional?: Cube;
  regionalTotal?: Cube;
  nace: NaceClassification;
  mapping: EcosystemMapping;
  /** Undefined when no cluster organisation file was given. */
  organisations?: readonly ClusterOrganisation[];
  /** The rows of the organisation file that were rejected (within eccp.maxRejectedShare), for the notices. */
  organisationRejections?: RejectionReport;
  /** City → NUTS3 lookup for organisations without a NUTS code; without it they are unresolved. */
  cityLookup?: CityLookup;
  policies: readonly PolicyFacts[];
  /** Cross-regional cooperation consortia; undefined when no consortia file was given. */
  consortia?: readonly Consortium[];
}

export interface ComputedTables {
  /** The latest of `years`. */
  year: number;
  /** Every year the yearly tables carry, ascending. */
  years: number[];
  activityLevel: 'division' | 'section';
  ecosystemEmployment: EcosystemEmploymentRow[];
  locationQuotients: LqTable;
  regionNodes: RegionNodesRow[];
  nodeHistory: NodeHistoryRow[];
  clusterOrganisations: ClusterCountRow[];
  memberComposition: MemberCompositionRow[];
  maturity: MaturityScore[];
  /** Regionally relevant nodes summed per country (factsheet Tables 1 and 2: "totalling … in the country"). */
  countryNodes: NodeTotalRow[];
  cooperation: CooperationRow[];
  notices: Notice[];
}
