import { COOPERATION } from './cooperationTable.ts';
import { ACTIVITIES, ECOSYSTEM_LIST, REGIONS } from './dimensionTables.ts';
import { NODE_HISTORY } from './nodeHistoryTable.ts';
import { COUNTRY_NODES } from './nodeTotalsTable.ts';
import {
  CLUSTER_ORGANISATIONS,
  ECOSYSTEM_EMPLOYMENT,
  LOCATION_QUOTIENTS,
  MATURITY,
  MEMBER_COMPOSITION,
  REGION_NODES,
  type TableSpec,
} from './tables.ts';

/**
 * Every table a snapshot publishes (as CSV and as Parquet), in the order of the manifest. The query catalog
 * (one Glue table each) is made from this list; a test checks it against the files `buildSnapshot` writes, so a
 * table added there and not here fails the suite instead of missing from Athena.
 */
export const PUBLISHED_TABLES: readonly TableSpec<never>[] = [
  ECOSYSTEM_EMPLOYMENT,
  LOCATION_QUOTIENTS,
  REGION_NODES,
  NODE_HISTORY,
  CLUSTER_ORGANISATIONS,
  MEMBER_COMPOSITION,
  MATURITY,
  COUNTRY_NODES,
  COOPERATION,
  REGIONS,
  ACTIVITIES,
  ECOSYSTEM_LIST,
];
