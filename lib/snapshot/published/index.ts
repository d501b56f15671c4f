import { ACTIVITIES } from './activities.ts';
import { CLUSTER_ORGANISATIONS } from './clusterOrganisations.ts';
import { COOPERATION } from './cooperation.ts';
import { COUNTRY_NODES } from './countryNodes.ts';
import { ECOSYSTEM_EMPLOYMENT } from './ecosystemEmployment.ts';
import { ECOSYSTEM_LIST } from './ecosystems.ts';
import { LOCATION_QUOTIENTS } from './locationQuotients.ts';
import { MATURITY } from './maturity.ts';
import { MEMBER_COMPOSITION } from './memberComposition.ts';
import { NODE_HISTORY } from './nodeHistory.ts';
import type { PublishedTable } from './publishedTable.ts';
import { REGION_NODES } from './regionNodes.ts';
import { REGIONS } from './regions.ts';

/**
 * Every table a snapshot publishes, one file each in this folder, in the order of the manifest. This list is
 * the only one: the snapshot's files and manifest (lib/snapshot/build.ts), the Glue catalog
 * (lib/infra/snapshotCatalog.ts) and the DynamoDB result items (lib/aws/resultItems.ts) all read it, so a
 * table added here is published, catalogued and indexed without further code.
 */
export const PUBLISHED: readonly PublishedTable<unknown>[] = [
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
