import type { MemberCompositionRow } from '../../metrics/clusterCounts.ts';
import { field as f, type PublishedTable, REQUIRED, SHARE } from './publishedTable.ts';

/** Members by type: lib/tables/clusterOrganisations.ts computes them beside the counts. */
export const MEMBER_COMPOSITION: PublishedTable<MemberCompositionRow> = {
  name: 'member_composition',
  path: 'data/member_composition.csv',
  description: 'Members of cluster organisations by type, pooled per country and for the EU27',
  primaryKey: ['geo'],
  fields: [
    f('geo', 'string', 'Country code or EU27_2020', REQUIRED),
    f('organisations', 'integer', 'Cluster organisations'),
    f('organisations_with_members', 'integer', 'Of which reporting a member split'),
    f('members', 'integer', 'Members summed over those organisations'),
    f('sme_share', 'number', 'SMEs / members, a share', SHARE),
    f('large_share', 'number', 'Large enterprises / members, a share', SHARE),
    f('research_share', 'number', 'Research organisations / members, a share', SHARE),
    f('other_share', 'number', 'Other members / members, a share', SHARE),
  ],
  toRow: (r) => [
    r.geo,
    r.organisations,
    r.organisationsWithMembers,
    r.members,
    r.smeShare,
    r.largeShare,
    r.researchShare,
    r.otherShare,
  ],
  from: 'tables',
  rows: (t) => t.memberComposition,
  item: { attribute: 'memberComposition', geo: (r) => r.geo },
};
